"""The plan: every document of the corpus in order, with its dedup verdicts over the whole corpus,
and whether its previous rows stand (reused, relinked) or it is extracted again."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from pipeline.incremental import manifest
from pipeline.incremental.folders import file_key, walk
from pipeline.incremental.state import Previous, signature_dtype
from pipeline.ingest import paragraphs, read as ingest
from pipeline.ingest.dedup import Deduplicator, Repeats, Signature, apply_repeats
from pipeline.records import Document, Paragraph
from pipeline.rules import Rules

# A file modified this close to the previous run's start may have changed within the same
# timestamp tick (coarse file systems count in seconds): its hash decides.
RACY_NS = 2_000_000_000


class CorpusChanged(RuntimeError):
    """A file the run had judged unchanged changed while the run read it: the run starts again in full."""


def fingerprint(document: Document) -> str:
    """Everything `Extractor.process` reads of a document except its id and warning, which
    `read_corpus` may change (`~2`) and are compared apart."""
    digest = hashlib.sha256()
    for item in fields(document):
        if item.name in ("doc_id", "warning"):
            continue
        value = getattr(document, item.name)
        digest.update(item.name.encode() + b"=" + str(value).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class _Probe:
    """`bases` for read_file as it was before a file was read, without changing it: what id base
    the file gets (read_file adds it), or what it got when the file is read again."""

    def __init__(self, bases: set[str], hide: str | None = None):
        self.bases, self.hide, self.added = bases, hide, None

    def __contains__(self, base: str) -> bool:
        return base in self.bases and base != self.hide

    def add(self, base: str) -> None:
        self.added = base


@dataclass
class Unparsed:
    """The rows of a document the model need not see: not `ok` as read, or only repeats.
    What `Extractor.process` returns for it, without loading the model."""

    document: Document
    paragraphs: list[Paragraph]
    actors: list = field(default_factory=list)

    def rows(self) -> dict[str, list]:
        return {"documents": [self.document], "paragraphs": self.paragraphs}


@dataclass
class Item:
    """One document of the corpus, in order: reused from the previous run, or to extract."""

    file: str
    record: dict  # its line of the new state (rows, actors and counts are added when written)
    signatures: np.ndarray
    repeats: Repeats
    stored: dict | None = None  # the previous run's line, when its rows are reused
    relinked: bool = False  # reused, its repeats pointing at other originals than before
    document: Document | None = None  # the document to extract
    unparsed: Unparsed | None = None  # its rows, when the model need not see it

    @property
    def needs_model(self) -> bool:
        return self.stored is None and self.unparsed is None


class Plan:
    """Iterate for the documents of the corpus in order (`Item`s), their dedup verdicts computed
    over the whole corpus; `files` then holds what the manifest records of every input file.

    By default the verdicts come from `deduplicator`, the index of this process. On a cluster
    (`pipeline.cluster.ClusterDedup`) the corpus is walked twice: `collect` sends every document's
    paragraphs (texts, or the stored signatures of unchanged files) to the workers; once they
    computed the verdicts, a second plan with `given` reads each document's verdicts and
    signatures from them, in the same order.
    """

    def __init__(self, corpus: Path, output: Path, rules: Rules, deduplicator: Deduplicator,
                 previous: Previous | None, given=None, chosen: Iterable[str] = ()):
        self.corpus, self.output, self.previous = Path(corpus), Path(output), previous
        self.chosen = tuple(chosen)  # files given instead of the whole folder
        self.deduplicator = deduplicator
        self.given = given  # the cluster's verdicts, read in corpus order
        self.sink = None  # while collecting: where each document's paragraphs go
        self.split_options = paragraphs.split_options(rules)
        self.max_chars = rules.setting("ingest", "max_document_chars", 20_000_000)
        self.dtype = signature_dtype(deduplicator)
        self.files: dict[str, dict] = {}
        self.files_read = 0

    def collect(self, sink) -> None:
        """Walk the corpus and hand each document's paragraphs to `sink.add(doc_id, items)`, in
        order: texts of read files, `Signature`s of unchanged ones (their files are not read)."""
        self.sink = sink
        try:
            for _ in self:
                pass
        finally:
            self.sink = None

    def __iter__(self) -> Iterator[Item]:
        taken: set[str] = set()
        bases: set[str] = set()
        for path, status, problem in walk(self.corpus, self.output, chosen=self.chosen):
            key = file_key(path, self.corpus)
            # The id base read_file gives the file (`a.md` beside `a.txt` keeps its extension).
            base_id = next(ingest.read_file(path, self.corpus, self.max_chars, _Probe(bases), ("error", "?"))).doc_id
            if problem:  # the walk's own row (a broken link…): nothing is opened
                self.files[key] = {"status": status, "error": problem}
                documents = ingest.read_file(path, self.corpus, self.max_chars, bases, (status, problem))
                yield from self._fresh(key, base_id, documents, taken)
                continue
            stored = self._unchanged(key, path, base_id)
            if stored is None:
                self.files_read += 1
                documents = ingest.read_file(path, self.corpus, self.max_chars, bases)  # streamed
                yield from self._fresh(key, base_id, documents, taken)
            else:
                bases.add(base_id)
                yield from self._stored(key, path, stored, taken, _Probe(bases, hide=base_id))

    def _unchanged(self, key: str, path: Path, base_id: str) -> list[dict] | None:
        """The previous run's documents of this file when it has not changed (else None); records
        the file's size, modification time and hash for the manifest."""
        try:
            info = os.stat(path)
        except OSError:
            self.files[key] = {}
            return None
        if not stat.S_ISREG(info.st_mode):  # a FIFO, a device: read_file says so without opening it
            self.files[key] = {"status": "error"}
            return None
        entry = {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
        self.files[key] = entry
        old = self.previous.files.get(key) if self.previous else None
        stored = self.previous.by_file.get(key) if self.previous else None
        conclusive = False
        if old and stored and old.get("size") == info.st_size and stored[0]["base_id"] == base_id:
            if old.get("mtime_ns") == info.st_mtime_ns and info.st_mtime_ns < self.previous.started_ns - RACY_NS:
                entry["sha256"] = old["sha256"]
                return stored
            conclusive = True
        try:
            entry["sha256"] = manifest.file_sha256(path)
        except OSError:
            return None  # read_file says why
        return stored if conclusive and entry["sha256"] == old.get("sha256") else None

    def _fresh(self, key: str, base_id: str, documents: Iterable[Document], taken: set[str]) -> Iterator[Item]:
        for index, document in enumerate(documents):
            raw_id, raw_warning = document.doc_id, document.warning
            ingest._unique(document, taken)
            article = paragraphs.split(document, **self.split_options)
            if self.sink is not None:
                self.sink.add(document.doc_id, [paragraph.text for paragraph in article.paragraphs])
                continue
            signatures, sketched = self._sign(document.doc_id, article.paragraphs)
            record = {"file": key, "base_id": base_id, "index": index,
                      "raw_id": raw_id, "raw_warning": raw_warning, "id": document.doc_id,
                      "warning": document.warning, "fingerprint": fingerprint(document),
                      "sketched": sketched}
            yield self._item(record, signatures, document, article)

    def _sign(self, doc_id: str, found: list[Paragraph]) -> tuple[np.ndarray, str]:
        """The paragraphs' signatures, and which have MinHash values ("1") as a string."""
        if self.given is not None:  # computed on the cluster's workers
            return self._given("signatures", doc_id, len(found), self.dtype)
        signatures = np.zeros(len(found), dtype=self.dtype)
        sketched = []
        for number, paragraph in enumerate(found):
            digest, values = self.deduplicator.signature(paragraph.text)
            signatures["digest"][number] = np.frombuffer(digest, dtype=np.uint8)
            if values is not None:
                signatures["values"][number] = values
            sketched.append("1" if values is not None else "0")
        return signatures, "".join(sketched)

    def _stored(self, key: str, path: Path, stored: list[dict], taken: set[str], probe: _Probe) -> Iterator[Item]:
        again: list[Document] | None = None  # the file read again, when one of its documents must be
        for line in stored:
            final = ingest._unique(Document(line["raw_id"], "", warning=line["raw_warning"]), taken)
            start = line["signature_start"]
            signatures = self.previous.signatures[start:start + len(line["sketched"])]
            if self.sink is not None:
                self.sink.add(final.doc_id, list(_keyed(signatures, line["sketched"])))
                continue
            record = {name: line[name] for name in ("file", "base_id", "index", "raw_id", "raw_warning",
                                                    "fingerprint", "sketched")}
            record.update(id=final.doc_id, warning=final.warning)
            item = self._item(record, signatures)
            if item.stored is None:
                if again is None:
                    again = read_file_rows(path, self.corpus, self.max_chars, probe)
                item.document = self._again(again, line, final)
                article = paragraphs.split(item.document, **self.split_options)
                item.unparsed = _unparsed(article, item.repeats)
            yield item

    def _again(self, documents: list[Document], line: dict, final: Document) -> Document:
        """A document of an unchanged file read again: it must be what the previous run read."""
        index = line["index"]
        if index >= len(documents) or documents[index].doc_id != line["raw_id"] \
                or fingerprint(documents[index]) != line["fingerprint"]:
            raise CorpusChanged(f"{line['file']} changed during the run")
        document = documents[index]
        document.doc_id, document.warning = final.doc_id, final.warning
        return document

    def _given(self, what: str, *arguments):
        """What the cluster computed for the next document; it walked another corpus when the
        documents differ (a file changed between the two walks): the run starts again."""
        try:
            return getattr(self.given, what)(*arguments)
        except LookupError as error:
            raise CorpusChanged(f"the corpus changed during the run ({error})") from None

    def _item(self, record: dict, signatures: np.ndarray, document: Document | None = None,
              article=None) -> Item:
        """The document's verdicts over the corpus so far, and whether its previous rows stand."""
        doc_id = record["id"]
        sketched = record["sketched"]
        if self.given is not None:
            repeats = self._given("repeats", doc_id, len(sketched))
        else:
            repeats = self.deduplicator.verdicts((number, f"{doc_id}:{number}", signature)
                                                 for number, signature in enumerate(_keyed(signatures, sketched)))
        item = Item(record["file"], record, signatures, repeats, document=document)
        old = self.previous.by_id.get(doc_id) if self.previous else None
        if old is not None and old["fingerprint"] == record["fingerprint"] and old["warning"] == record["warning"] \
                and (old["repeats"] == repeats or relinkable(old, repeats)):
            item.stored, item.document, item.relinked = old, None, old["repeats"] != repeats
        elif article is not None:
            item.unparsed = _unparsed(article, repeats)
        return item


def _keyed(signatures: np.ndarray, sketched: str) -> Iterator[Signature]:
    """Stored signatures as `Deduplicator.signature` gives them."""
    for number, flag in enumerate(sketched):
        yield signatures["digest"][number].tobytes(), (signatures["values"][number] if flag == "1" else None)


def relinkable(old: dict, repeats: Repeats) -> bool:
    """Whether a document's previous rows stand once the links of its repeats are rewritten: the
    same paragraphs are repeats, so the same are parsed. Not for a document made only of repeats,
    whose `error` cell names the documents it repeats."""
    return set(old["repeats"]) == set(repeats) and old["status"] != "duplicate"


def read_file_rows(path: Path, corpus: Path, max_chars: int, bases) -> list[Document]:
    """The documents of a file read again (some of them must be extracted again)."""
    return list(ingest.read_file(path, corpus, max_chars, bases))


def _unparsed(article, repeats: Repeats) -> Unparsed | None:
    """Rows without the model, exactly as `Extractor.process` gives them, when it would not parse."""
    article = apply_repeats(article, repeats)
    if article.document.status != "ok":
        return Unparsed(article.document, article.paragraphs)
    return None
