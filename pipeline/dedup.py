"""Mark repeated paragraphs, exact and near, within a document and across the corpus.

Exact repeats are found by hashing a normalised text; near repeats by MinHash LSH over word
shingles, so each paragraph costs one query: the whole corpus is never compared pairwise.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from datasketch import MinHash, MinHashLSH

from pipeline.records import Article

QUOTES = dict.fromkeys(map(ord, "«»“”„‟\"‹›‘’‚‛`´'"), " ")
WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Spaces, case, quotation marks and apostrophes do not make a paragraph new."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    return " ".join(text.split())


class Deduplicator:
    """Remembers every paragraph seen in the run; `mark` sets duplicate_of on the repeats."""

    def __init__(self, threshold: float = 0.6, num_perm: int = 128, shingle_size: int = 3,
                 min_words: int = 6):
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_words = min_words
        # The LSH finds candidates a little below the threshold; the estimate then decides.
        self.lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=num_perm)
        self.exact: dict[str, str] = {}
        self.signatures: dict[str, MinHash] = {}
        self.order: dict[str, int] = {}

    @classmethod
    def from_rules(cls, rules) -> "Deduplicator":
        return cls(**rules.settings.get("dedup", {}))

    def mark(self, article: Article) -> Article:
        document = article.document
        for paragraph in article.paragraphs:
            norm = normalise(paragraph.text)
            digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()
            first = self.exact.get(digest)
            if first is not None:
                paragraph.duplicate_of, paragraph.similarity = first, 1.0
                continue
            self.exact[digest] = paragraph.key
            words = WORD.findall(norm)
            if len(words) < self.min_words:
                continue
            signature = self._minhash(words)
            match = self._nearest(signature)
            if match is not None:
                paragraph.duplicate_of, paragraph.similarity = match
                continue
            self.order[paragraph.key] = len(self.order)
            self.signatures[paragraph.key] = signature
            self.lsh.insert(paragraph.key, signature)
        document.n_duplicates = sum(p.is_repeat for p in article.paragraphs)
        if document.status == "ok" and article.paragraphs and document.n_duplicates == len(article.paragraphs):
            document.status = "duplicate"
            firsts = sorted({p.duplicate_of.rsplit(":", 1)[0] for p in article.paragraphs})
            document.error = "all paragraphs repeat " + ", ".join(firsts)
        return article

    def _minhash(self, words: list[str]) -> MinHash:
        size = self.shingle_size
        shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
        signature = MinHash(num_perm=self.num_perm, seed=1)
        signature.update_batch([s.encode("utf-8") for s in sorted(shingles)])
        return signature

    def _nearest(self, signature: MinHash) -> tuple[str, float] | None:
        """The most similar earlier paragraph above the threshold (earliest on ties)."""
        best = None
        for key in self.lsh.query(signature):
            similarity = signature.jaccard(self.signatures[key])
            if similarity < self.threshold:
                continue
            rank = (-similarity, self.order[key])
            if best is None or rank < best[0]:
                best = (rank, key, similarity)
        return None if best is None else (best[1], round(best[2], 3))
