"""Where a quote's speaker and cue are written in the text.

quotes.csv gives the speaker's words (`le groupe`) and the cue's lemma (`se défendre`), not their
offsets; the report marks them and the Label Studio export makes regions of them, so both find
them here the same way: the occurrence nearest to the quote, outside it, in its paragraph first.
"""

from __future__ import annotations

import re

APOSTROPHE = "['’ʼ]"
VERB_ENDINGS = ("er", "ir", "re")


def speaker_span(text: str, quote: dict, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The speaker's words nearest to the quote (None when they are not in the text)."""
    words = (quote.get("speaker") or "").strip()
    if not words:
        return None
    pattern = re.compile(re.escape(words).replace("'", APOSTROPHE).replace("’", APOSTROPHE))
    return _nearest(text, pattern, quote, paragraph)


def cue_span(text: str, quote: dict, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The cue nearest to the quote: the cue word itself, or a form of the speech verb.

    A verb is found by its stem (`déclar` for `déclarer`: `a déclaré`, `déclare-t-il`); an
    irregular form the stem misses (`reconnu`) leaves the quote without a cue span.
    """
    cue = (quote.get("cue") or "").strip()
    if not cue:
        return None
    verb = re.sub(rf"^(se |s{APOSTROPHE})", "", cue)
    if " " not in verb and verb.endswith(VERB_ENDINGS) and len(verb) > 4:
        pattern = re.compile(rf"\b{re.escape(verb[:-2])}\w*", re.IGNORECASE)
    else:
        boundary = r"\b" if cue[:1].isalnum() else ""
        pattern = re.compile(boundary + re.escape(cue).replace("'", APOSTROPHE) + (r"\b" if cue[-1:].isalnum() else ""),
                             re.IGNORECASE)
    return _nearest(text, pattern, quote, paragraph)


def _nearest(text: str, pattern: re.Pattern, quote: dict, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The match closest to the quote and outside it: in the paragraph, else anywhere before."""
    start, end = int(quote["start"]), int(quote["end"])

    def outside(match):
        return match.end() <= start or match.start() >= end

    def distance(match):
        return start - match.end() if match.end() <= start else match.start() - end

    around = [m for m in pattern.finditer(text, paragraph[0], paragraph[1]) if outside(m)]
    if not around:
        around = [m for m in pattern.finditer(text, 0, start)]
    if not around:
        return None
    best = min(around, key=lambda m: (distance(m), m.start()))
    return best.start(), best.end()
