"""Claims: who asserts or does what, with source, polarity and modality (`extract.ClaimExtractor`).

One phase a module, each a set of functions over the segment's `context.Context`, lower ones
first: `context` (what the rules read of a segment), `repairs` (a bad parse mended), `polarity`
(negation, denial, modality), `frames` (what a speech verb reports), `extent` (a claim's words),
`antecedents` and `descriptions` (pronouns and descriptions resolved), `subjects` (who does it),
`sources` (who vouches for it), `reports` (drafts of clauses and reported propositions), `extract`
(which clauses, and the rows). `lexicon` holds the word lists and records they share.
"""
