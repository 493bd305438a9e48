"""Mark repeated paragraphs, exact and near, within a document and across the corpus.

Exact repeats are found by hashing a normalised text; near repeats by MinHash LSH over word
shingles, so each paragraph costs one query: the whole corpus is never compared pairwise.
A repeat always points at an original (a paragraph that is itself new), never at another repeat.

A paragraph's `Signature` (the digest of its normalised text and its MinHash values) is all the
verdicts need: an incremental run stores them and replays the whole corpus in order through
`verdicts` without reading or hashing any text again (`pipeline.incremental`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

import numpy as np

from pipeline.records import Article, Paragraph

Repeats = dict[int, tuple[str, float]]  # paragraph number -> (first occurrence's key, similarity)
# A paragraph as dedup sees it: the digest of its normalised text, and its MinHash values when it
# has enough words to be compared as a near repeat (None otherwise).
Signature = tuple[bytes, "np.ndarray | None"]

QUOTES = dict.fromkeys(map(ord, "«»“”„‟\"‹›‘’‚‛`´'"), " ")
WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Spaces, case, quotation marks and apostrophes do not make a paragraph new."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    return " ".join(text.split())


class Deduplicator:
    """Remembers every paragraph seen in the run; `mark` sets duplicate_of on the repeats."""

    def __init__(self, threshold: float = 0.6, num_perm: int = 128, shingle_size: int = 3,
                 min_words: int = 25, bands: int | None = None, rows: int | None = None):
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_words = min_words
        # The LSH finds candidates a little below the threshold; the estimate then decides.
        params = (bands, rows) if bands and rows else None
        from datasketch import MinHash, MinHashLSH  # here, not at import: it loads SciPy (0.37 s of CPU)

        self.lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=num_perm, params=params)
        # One MinHash copied for every paragraph: building one draws its permutations anew.
        self.blank = MinHash(num_perm=num_perm, seed=1)
        self.exact: dict[bytes, tuple[str, float]] = {}  # normalised digest -> (original, similarity)
        self.signatures: dict[str, np.ndarray] = {}  # original key -> MinHash values
        self.order: dict[str, int] = {}

    @classmethod
    def from_rules(cls, rules) -> "Deduplicator":
        return cls(**rules.settings.get("dedup", {}))

    def repeats(self, paragraphs: list[Paragraph]) -> Repeats:
        """Paragraph number -> (key of its first occurrence, similarity) for every repeat.

        The other paragraphs are remembered as originals, so call it once per article, in corpus order.
        """
        found: Repeats = {}
        for paragraph in paragraphs:
            match = self._match(paragraph.key, normalise(paragraph.text))
            if match is not None:
                found[paragraph.paragraph] = match
        return found

    def mark(self, article: Article) -> Article:
        """`repeats` applied to the article in place (tests and benchmarks read it this way)."""
        return apply_repeats(article, self.repeats(article.paragraphs))

    def signature(self, text: str) -> Signature:
        """What dedup keeps of a paragraph: `verdicts` over these gives what `repeats` gives."""
        norm = normalise(text)
        words = WORD.findall(norm)
        return _digest(norm), (self._minhash(words).hashvalues if len(words) >= self.min_words else None)

    def verdicts(self, keyed: Iterable[tuple[int, str, Signature]]) -> Repeats:
        """`repeats` of one article from stored signatures: (paragraph number, key, signature)."""
        found: Repeats = {}
        for number, key, (digest, values) in keyed:
            match = self.exact.get(digest)
            if match is None:
                match = self._remember(key, digest, values)
            if match is not None:
                found[number] = match
        return found

    def _match(self, key: str, norm: str) -> tuple[str, float] | None:
        """The original this paragraph repeats, or None after remembering it as an original."""
        digest = _digest(norm)
        known = self.exact.get(digest)
        if known is not None:
            return known
        words = WORD.findall(norm)
        return self._remember(key, digest, self._minhash(words).hashvalues if len(words) >= self.min_words else None)

    def _remember(self, key: str, digest: bytes, values: np.ndarray | None) -> tuple[str, float] | None:
        """A paragraph not seen exactly before: its near original, else it is one."""
        near = self._nearest(values) if values is not None else None
        # An exact copy of a near repeat points at the same original, with the same similarity.
        self.exact[digest] = near or (key, 1.0)
        if near is None and values is not None:
            self.order[key] = len(self.order)
            self.signatures[key] = values
            self.lsh.insert(key, _Sketch(values, self.blank.scheme))
        return near

    def _minhash(self, words: list[str]) -> MinHash:
        size = self.shingle_size
        shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
        signature = self.blank.copy()
        signature.update_batch([s.encode("utf-8") for s in shingles])
        return signature

    def _nearest(self, values: np.ndarray) -> tuple[str, float] | None:
        """The most similar earlier original above the threshold (earliest on ties)."""
        best = None
        for key in self.lsh.query(_Sketch(values, self.blank.scheme)):
            similarity = float(np.count_nonzero(values == self.signatures[key])) / self.num_perm
            if similarity < self.threshold:
                continue
            rank = (-similarity, self.order[key])
            if best is None or rank < best[0]:
                best = (rank, key, similarity)
        return None if best is None else (best[1], round(best[2], 3))


def _digest(norm: str) -> bytes:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest()


class _Sketch:
    """MinHash values as the LSH index reads them, without building a MinHash (its permutations)."""

    __slots__ = ("hashvalues", "scheme")

    def __init__(self, hashvalues: np.ndarray, scheme: str):
        self.hashvalues, self.scheme = hashvalues, scheme

    def __len__(self) -> int:
        return len(self.hashvalues)


def apply_repeats(article: Article, repeats: Repeats) -> Article:
    """Set duplicate_of and similarity on the repeats. A document made only of repeats, one of them
    of body length, is a duplicate; one made only of repeated headings (`Lire aussi`) is not."""
    for paragraph in article.paragraphs:
        if paragraph.paragraph in repeats:
            paragraph.duplicate_of, paragraph.similarity = repeats[paragraph.paragraph]
    document = article.document
    document.n_duplicates = sum(p.is_repeat for p in article.paragraphs)
    if document.status == "ok" and article.paragraphs and document.n_duplicates == len(article.paragraphs) \
            and any(p.kind == "body" for p in article.paragraphs):
        document.status = "duplicate"
        firsts = sorted({p.duplicate_of.rsplit(":", 1)[0] for p in article.paragraphs})
        document.error = "all paragraphs repeat " + ", ".join(firsts)
    return article
