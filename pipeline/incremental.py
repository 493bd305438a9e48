"""Incremental runs: the manifest of a run, what it keeps beside the tables, and what the next run reuses.

A run leaves three things in the output folder besides the tables:

- `run.json`, the manifest: versions, rules hash, corpus, options, every input file (size,
  modification time, content hash) and every table (rows, size, hash). Written last and
  atomically, it is the commit point: tables or state that do not match it mean a full run.
- `state/documents.jsonl`: one line per document, in corpus order: its ids, a fingerprint of
  the document as read, its dedup verdicts, its actor observations (`actors.csv` is reduced from
  them; they are in no table) and where its rows sit in each table (byte offset, length, rows).
- `state/signatures.bin`: per paragraph, in the same order, the digest of its normalised text
  and its MinHash values (`pipeline.ingest.dedup.Signature`).

The next run walks the corpus in order. A file whose size and modification time are those of the
manifest is not opened (its hash is compared when that check is not conclusive), and its
documents come from the state. Dedup verdicts are computed again for the whole corpus, in corpus
order, from the stored signatures, so a new file that sorts first makes later paragraphs repeats
exactly as a full run would. A document is reused (its rows copied as bytes from the previous
tables) when its id, its fingerprint and its verdicts are those of the previous run. When only
the originals its repeats point at changed (the same paragraphs are repeats), its rows are copied
too and the `duplicate_of` and `similarity` cells of those paragraphs rewritten: no stage reads
more of a repeat than that it is one (`tests/test_incremental.py` checks it). Otherwise it is
extracted again, its file read again if it had not been. The result is the bytes of a full run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import platform
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from pipeline.ingest import paragraphs, read as ingest
from pipeline.ingest.dedup import Deduplicator, Repeats, Signature, apply_repeats
from pipeline.output.tables import COLUMNS, row_of, swap_in_folder, temporary_folder
from pipeline.records import ActorObservation, Document, Paragraph
from pipeline.rules import Rules, rule_files

MANIFEST = "run.json"
STATE = "state"  # the state folder: DOCUMENTS and SIGNATURES
DOCUMENTS = "documents.jsonl"
SIGNATURES = "signatures.bin"
MARK = "veille run manifest"  # the manifest's first value: how a folder is known as an output folder
FORMAT = 1
MODEL = "fr_core_news_md"  # pipeline.nlp.MODEL, named here so that a manifest needs no spaCy import
PER_DOCUMENT = ("documents", "paragraphs", "mentions", "quotes", "claims", "dates")
TABLES = tuple(COLUMNS)
# A file modified this close to the previous run's start may have changed within the same
# timestamp tick (coarse file systems count in seconds): its hash decides.
RACY_NS = 2_000_000_000
CODE = Path(__file__).resolve().parent
MANIFEST_START = re.compile(rb'\A\s*\{\s*"manifest"\s*:\s*"' + MARK.encode() + rb'"')


class FolderError(ValueError):
    """The output folder and the corpus overlap in a way a run cannot work with."""


class CorpusChanged(RuntimeError):
    """A file the run had judged unchanged changed while the run read it: the run starts again in full."""


# --- what a run depends on ---------------------------------------------------------------------

def versions() -> dict[str, str]:
    """Everything besides the rules and the inputs that the rows depend on."""
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"veille": version("veille"), "code": code_hash(), "spacy": version("spacy"),
            "model": f"{MODEL} {version(MODEL)}", "datasketch": version("datasketch"),
            "python": platform.python_version()}


def code_hash() -> str:
    """The pipeline's source: a change of code without a version bump still means a full run."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def rules_hash(rules: Rules) -> str:
    """Every rule file of every folder the rules were loaded from, by name and content."""
    digest = hashlib.sha256()
    for number, folder in enumerate(rules.folders):
        for path in rule_files(Path(folder)):
            digest.update(f"{number}:{path.relative_to(folder).as_posix()}".encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Options:
    rules: str | None = None
    jobs: int = 1
    excel: bool = False
    html: bool = False
    full: bool = False
    follow_outside_links: bool = False
    chosen: tuple[str, ...] = ()  # files given instead of a folder (`veille run a.md b.json`)
    columns: tuple[tuple[str, str], ...] = ()  # --text-column, --date-column, --id-column: (field, name)

    def shown(self) -> str:
        flags = [f"--jobs {self.jobs}"] + [f"--rules {self.rules}"] * bool(self.rules)
        flags += [f"--{name.replace('_', '-')}" for name in ("excel", "html", "full", "follow_outside_links")
                  if getattr(self, name)]
        return " ".join(flags)


# --- the output folder and the corpus ----------------------------------------------------------

def holds_manifest(folder: str | Path) -> bool:
    """Whether the folder is the output folder of a run: its run.json is a veille manifest."""
    try:
        with open(os.path.join(folder, MANIFEST), "rb") as handle:
            return bool(MANIFEST_START.match(handle.read(200)))
    except OSError:
        return False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def folder_problem(corpus: Path, output: Path, chosen: Iterable[Path] = ()) -> str | None:
    """Why the run cannot use these folders, or None. An output folder inside the corpus is
    allowed: it is excluded from the corpus (so is every folder holding a manifest). With files
    given one by one (`chosen`), each folder among them is a corpus of its own here."""
    if chosen:
        return next(filter(None, (folder_problem(path, output) for path in chosen if os.path.isdir(path))), None)
    real_corpus, real_output = os.path.realpath(corpus), os.path.realpath(output)
    if real_output == real_corpus:
        return f"the output folder is the corpus folder ({output}); choose another output folder"
    if _inside(real_corpus, real_output):
        return (f"the output folder {output} contains the corpus {corpus}; choose an output folder "
                "outside the corpus, or inside it (it is then excluded from the corpus)")
    if holds_manifest(real_corpus):
        return f"{corpus} is the output folder of a veille run (it holds {MANIFEST}), not a corpus"
    return None


class _Excluded:
    """The folders the corpus walk does not enter: the output folder and any folder holding a
    manifest (the output of another run). `ingest._walk` asks `realpath in excluded`."""

    def __init__(self, output: Path):
        self.output = os.path.realpath(output)

    def __contains__(self, real: str) -> bool:
        return real == self.output or holds_manifest(real)


def walk(corpus: Path, output: Path, follow_outside_links: bool | None = None,
         chosen: Iterable[str] = ()) -> list[tuple[Path, str, str]]:
    """The entries of `read_corpus`, in its order, output folders left out (`chosen`: the files
    and folders given instead of the whole corpus folder, see `ingest.locate`)."""
    if follow_outside_links is None:
        follow_outside_links = ingest.FOLLOW_OUTSIDE_LINKS
    return ingest._walk(Path(corpus), _Excluded(output), follow_outside_links, tuple(map(Path, chosen)))


def file_key(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def remove_leftovers(output: Path) -> None:
    """What a killed run left of the state and the manifest (the tables' own are TableWriter's)."""
    for stale in [*output.glob(f".{STATE}.*.tmp"), *output.glob(f".{MANIFEST}.*.tmp")]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def remove_unwritten(output: Path, excel: bool, html: bool) -> list[str]:
    """The Excel copy and the report of an earlier run that this one did not ask for: removed,
    so nothing in the folder describes other tables. A folder holding files veille does not
    write is left alone (and named in the returned notes)."""
    from pipeline.output.report.pages import ACTORS_FOLDER

    def written(folder: Path, ours, subfolders: tuple[str, ...] = ()) -> bool:
        return all((entry.is_file() and (ours(entry) or entry.name.startswith(".")))
                   or (entry.name in subfolders and entry.is_dir() and not entry.is_symlink() and written(entry, ours))
                   for entry in folder.iterdir())

    notes = []
    for name, wanted, ours, subfolders in (
            ("excel", excel, lambda p: p.name in {f"{t}.csv" for t in COLUMNS}, ()),
            ("report", html, lambda p: p.suffix == ".html", (ACTORS_FOLDER,))):  # the actors' pages
        folder = output / name
        if wanted or not folder.is_dir() or folder.is_symlink():
            continue
        if written(folder, ours, subfolders):
            shutil.rmtree(folder)
        else:
            notes.append(f"{folder} holds files veille did not write: left as it is, though it "
                         "does not describe these tables")
    for table in COLUMNS:  # Parquet copies describe the previous tables; --format parquet writes new ones
        (output / f"{table}.parquet").unlink(missing_ok=True)
    return notes


# --- files and documents -----------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


# --- the previous run ---------------------------------------------------------------------------

def _dumps(value) -> bytes:
    """JSON as UTF-8; a file name that is not UTF-8 (surrogate escapes) keeps its bytes as \\udcXX."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


def read_manifest(output: Path) -> dict | None:
    """The manifest of the output folder, None when there is none or it is not one."""
    path = Path(output) / MANIFEST
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not MANIFEST_START.match(data):
        return None
    try:
        manifest = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) else None


def mismatches(output: Path, manifest: dict) -> list[str]:
    """The tables and state files that are not what the manifest says (size, then hash)."""
    wrong = []
    for name, entry in [*((f"{t}.csv", e) for t, e in manifest.get("tables", {}).items()),
                        *((f"{STATE}/{n}", e) for n, e in manifest.get("state", {}).items())]:
        path = Path(output) / name
        try:
            if path.stat().st_size != entry["bytes"] or file_sha256(path) != entry["sha256"]:
                wrong.append(name)
        except (OSError, KeyError, TypeError):
            wrong.append(name)
    if sorted(manifest.get("tables", {})) != sorted(TABLES):
        wrong.append("the list of tables")
    return wrong


class Previous:
    """The previous run as the next one reads it: its manifest, its state, its tables (open)."""

    def __init__(self, output: Path, manifest: dict, lines: list[dict], signatures: np.ndarray):
        self.output = output
        self.manifest = manifest
        self.files: dict[str, dict] = manifest.get("files", {})
        self.started_ns = int(manifest.get("started_ns", 0))
        self.signatures = signatures
        self.by_file: dict[str, list[dict]] = {}
        self.by_id: dict[str, dict] = {}
        start = 0
        for line in lines:
            line["signature_start"] = start
            start += len(line["sketched"])
            line["repeats"] = {n: (key, similarity) for n, key, similarity in line["repeats"]}
            self.by_file.setdefault(line["file"], []).append(line)
            self.by_id[line["id"]] = line
        if start != len(signatures):
            raise ValueError("state signatures do not match its documents")
        self.tables = {name: open(Path(output) / f"{name}.csv", "rb") for name in PER_DOCUMENT}

    @classmethod
    def open(cls, output: Path, corpus: Path, rules: Rules, options: Options,
             deduplicator: Deduplicator) -> tuple["Previous | None", str | None]:
        """The previous run when this one can build on it; else None and why (None for a first run)."""
        manifest = read_manifest(output)
        if manifest is None:
            if (Path(output) / MANIFEST).exists():
                return None, f"{MANIFEST} in {output} cannot be read"
            return None, None
        if manifest.get("format") != FORMAT:
            return None, f"{MANIFEST} was written by another version of veille"
        changed = [f"{name} {manifest.get('versions', {}).get(name)} -> {now}"
                   for name, now in versions().items() if manifest.get("versions", {}).get(name) != now]
        if changed:
            return None, "versions changed since the last run (" + ", ".join(changed) + ")"
        if manifest.get("rules_hash") != rules_hash(rules):
            return None, "the rules changed since the last run"
        if os.path.realpath(manifest.get("corpus", "")) != os.path.realpath(corpus):
            return None, f"the last run read another corpus ({manifest.get('corpus')})"
        if manifest.get("options", {}).get("follow_outside_links") != options.follow_outside_links:
            return None, "--follow-outside-links differs from the last run"
        if [tuple(pair) for pair in manifest.get("options", {}).get("columns", [])] != list(options.columns):
            return None, "--text-column, --date-column or --id-column differs from the last run"
        wrong = mismatches(output, manifest)
        if wrong:
            return None, (f"{', '.join(wrong)} in {output} do not match {MANIFEST} "
                          "(changed since the last run, or that run was interrupted)")
        try:
            with open(Path(output) / STATE / DOCUMENTS, "rb") as handle:
                header = json.loads(handle.readline())
                lines = [json.loads(line) for line in handle]
            dtype = signature_dtype(deduplicator)
            if header != state_header(deduplicator):
                return None, "the state of the last run has another layout"
            signatures = np.fromfile(Path(output) / STATE / SIGNATURES, dtype=dtype)
            return cls(output, manifest, lines, signatures), None
        except (OSError, ValueError, KeyError, TypeError) as error:
            return None, f"the state of the last run cannot be read ({error})"

    def copy(self, stored: dict, table: str) -> tuple[str, int]:
        """A reused document's rows of one table, as the previous run wrote them."""
        offset, length, rows = stored["rows"][table]
        handle = self.tables[table]
        handle.seek(offset)
        return handle.read(length).decode("utf-8"), rows

    def close(self) -> None:
        for handle in self.tables.values():
            handle.close()


def signature_dtype(deduplicator: Deduplicator) -> np.dtype:
    values = deduplicator.blank.hashvalues
    return np.dtype([("digest", "u1", (16,)), ("values", values.dtype.newbyteorder("<"), (len(values),))])


def state_header(deduplicator: Deduplicator) -> dict:
    return {"state": "veille", "format": FORMAT, "signature": str(signature_dtype(deduplicator)),
            "num_perm": deduplicator.num_perm}


# --- the plan: every document in corpus order ---------------------------------------------------

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
            entry["sha256"] = file_sha256(path)
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


def relink(text: str, repeats: Repeats) -> str:
    """A document's paragraphs rows with `duplicate_of` and `similarity` as `repeats` has them."""
    columns = COLUMNS["paragraphs"]
    number, link = columns.index("paragraph"), [columns.index("duplicate_of"), columns.index("similarity")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # as TableWriter writes the tables
    for row in csv.reader(io.StringIO(text, newline="")):
        if int(row[number]) in repeats:
            key, similarity = repeats[int(row[number])]
            row[link[0]], row[link[1]] = row_of({"key": key, "similarity": similarity}, ["key", "similarity"])
        writer.writerow(row)
    return buffer.getvalue()


def read_file_rows(path: Path, corpus: Path, max_chars: int, bases) -> list[Document]:
    """The documents of a file read again (some of them must be extracted again)."""
    return list(ingest.read_file(path, corpus, max_chars, bases))


def _unparsed(article, repeats: Repeats) -> Unparsed | None:
    """Rows without the model, exactly as `Extractor.process` gives them, when it would not parse."""
    article = apply_repeats(article, repeats)
    if article.document.status != "ok":
        return Unparsed(article.document, article.paragraphs)
    return None


# --- writing: the tables' rows, the state, the manifest ------------------------------------------

class Recorder:
    """Writes each document's rows into the tables (copied or rendered) and its line of the state.

    The state is built in a hidden temporary folder; `commit` swaps it in after the tables.
    """

    def __init__(self, output: Path, tables, deduplicator: Deduplicator, previous: Previous | None):
        self.output, self.tables, self.previous = Path(output), tables, previous
        self.position = {name: tables.tell(name) for name in TABLES}  # after the header
        self.folder = temporary_folder(self.output / STATE)
        self.digests = {name: hashlib.sha256() for name in (DOCUMENTS, SIGNATURES)}
        self.sizes = dict.fromkeys((DOCUMENTS, SIGNATURES), 0)
        self.handles = {name: open(self.folder / name, "wb") for name in (DOCUMENTS, SIGNATURES)}
        self._write(DOCUMENTS, _dumps(state_header(deduplicator)) + b"\n")

    def _write(self, name: str, data: bytes) -> None:
        self.handles[name].write(data)
        self.digests[name].update(data)
        self.sizes[name] += len(data)

    def copy_rows(self, table: str, text: str, rows: int) -> list[int]:
        """Rows copied from the previous table; returns where they are: [offset, length, rows]."""
        length = len(text.encode("utf-8"))
        self.tables.write_text(table, text, rows)
        where = [self.position[table], length, rows]
        self.position[table] += length
        return where

    def write_rows(self, table: str, records: list) -> list[int]:
        """An extraction's rows, through `TableWriter.write`; returns [offset, length, rows]."""
        self.tables.write(table, records)
        end = self.tables.tell(table)
        where = [self.position[table], end - self.position[table], len(records)]
        self.position[table] = end
        return where

    def record(self, item: Item, extraction) -> tuple[str, int, int, list]:
        """Write one document; returns its status, paragraphs, repeats and actor observations."""
        record = dict(item.record)
        if item.stored is not None:
            stored = item.stored
            record["rows"] = {}
            for table in PER_DOCUMENT:
                text, rows = self.previous.copy(stored, table)
                if item.relinked and table == "paragraphs":
                    text = relink(text, item.repeats)
                record["rows"][table] = self.copy_rows(table, text, rows)
            observations = [ActorObservation(*values) for values in stored["actors"]]
            status, repeats = stored["status"], stored["n_duplicates"]
        else:
            extraction = extraction if extraction is not None else item.unparsed
            rows = extraction.rows()
            record["rows"] = {table: self.write_rows(table, rows.get(table, [])) for table in PER_DOCUMENT}
            observations = list(extraction.actors)
            status, repeats = extraction.document.status, extraction.document.n_duplicates
        record.update(status=status, n_duplicates=repeats,
                      repeats=[[n, key, similarity] for n, (key, similarity) in sorted(item.repeats.items())],
                      actors=[[getattr(seen, f.name) for f in fields(ActorObservation)] for seen in observations])
        self._write(DOCUMENTS, _dumps(record) + b"\n")
        self._write(SIGNATURES, np.ascontiguousarray(item.signatures).tobytes())
        return status, record["rows"]["paragraphs"][2], repeats, observations

    def close(self) -> None:
        for handle in self.handles.values():
            if not handle.closed:
                handle.close()

    def discard(self) -> None:
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self) -> dict:
        """Swap the state in (after the tables); returns what the manifest says of it."""
        self.close()
        entries = {name: {"bytes": self.sizes[name], "sha256": self.digests[name].hexdigest()}
                   for name in (DOCUMENTS, SIGNATURES)}
        swap_in_folder(self.folder, self.output / STATE)
        return entries

    def check_tables(self) -> list[str]:
        """Tables whose size is not the sum of what was written: the state would point amiss."""
        return [name for name in TABLES
                if name != "actors" and (self.output / f"{name}.csv").stat().st_size != self.position[name]]


def table_entries(output: Path, counts: dict[str, int]) -> dict[str, dict]:
    entries = {}
    for name in TABLES:
        path = Path(output) / f"{name}.csv"
        entries[name] = {"rows": counts.get(name, 0), "bytes": path.stat().st_size, "sha256": file_sha256(path)}
    return entries


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_manifest(output: Path, manifest: dict) -> None:
    """run.json, written atomically: the run's commit point."""
    fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=".tmp", dir=output)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace"))
            handle.write(b"\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, Path(output) / MANIFEST)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_manifest(*, corpus: Path, options: Options, rules: Rules, started: str, started_ns: int,
                   seconds: float, mode: str, reason: str | None, documents: dict, tables: dict,
                   state: dict, files: dict) -> dict:
    return {"manifest": MARK, "format": FORMAT, "mode": mode, "full_run_reason": reason,
            "started": started, "finished": _now(), "seconds": round(seconds, 3), "started_ns": started_ns,
            "corpus": os.path.abspath(corpus), "options": options.__dict__, "versions": versions(),
            "rules_hash": rules_hash(rules), "documents": documents, "tables": tables, "state": state,
            "files": files}


# --- veille status ------------------------------------------------------------------------------

def describe(output: Path, list_files: bool = False) -> str:
    """The manifest of an output folder, readably, and whether the folder still matches it."""
    manifest = read_manifest(output)
    if manifest is None:
        raise FileNotFoundError(f"no {MANIFEST} in {output}: run `veille run CORPUS -o {output}` first")
    documents = manifest.get("documents", {})
    v = manifest.get("versions", {})
    options = Options(**{k: val for k, val in manifest.get("options", {}).items() if k in Options.__dataclass_fields__})
    files = manifest.get("files", {})
    mode = manifest.get("mode", "?")
    if manifest.get("full_run_reason"):
        mode += f" ({manifest['full_run_reason']})"
    statuses = ", ".join(f"{name} {count:,}" for name, count in sorted(documents.get("statuses", {}).items()))
    lines = [
        f"veille run in {output}",
        f"  run        {mode}",
        f"  started    {manifest.get('started')}, finished {manifest.get('finished')} ({manifest.get('seconds', 0):.1f} s)",
        f"  corpus     {manifest.get('corpus')}: {len(files):,} files ({documents.get('files_read', 0):,} read this run)",
        f"  documents  {documents.get('total', 0):,} ({statuses}); {documents.get('reused', 0):,} reused "
        f"({documents.get('relinked', 0):,} with their repeats relinked), {documents.get('processed', 0):,} "
        f"processed, {documents.get('parsed', 0):,} parsed",
        f"  versions   veille {v.get('veille')} (code {v.get('code')}), spaCy {v.get('spacy')}, {v.get('model')}, "
        f"datasketch {v.get('datasketch')}, Python {v.get('python')}",
        f"  rules      {str(manifest.get('rules_hash'))[:16]}",
        f"  options    {options.shown()}",
        "  tables",
    ]
    for name, entry in manifest.get("tables", {}).items():
        lines.append(f"    {name + '.csv':16}{entry.get('rows', 0):>10,} rows  {entry.get('bytes', 0):>12,} bytes  "
                     f"sha256 {str(entry.get('sha256'))[:16]}")
    wrong = mismatches(output, manifest)
    if wrong:
        lines.append(f"  check      {', '.join(wrong)} do not match {MANIFEST}: the next run is a full one")
    else:
        lines.append(f"  check      the tables and the state match {MANIFEST}")
    if list_files:
        lines.append("  files")
        shown = {key: ingest.writable_path(key)[0] for key in files}
        width = min(60, max(map(len, shown.values()), default=0))
        for key, entry in files.items():
            if "size" in entry:
                modified = datetime.fromtimestamp(entry["mtime_ns"] / 1e9, timezone.utc).isoformat(timespec="seconds")
                lines.append(f"    {shown[key]:{width}}  {entry['size']:>12,} bytes  modified "
                             f"{modified.replace('+00:00', 'Z')}  sha256 {str(entry.get('sha256'))[:16]}")
            else:
                lines.append(f"    {shown[key]:{width}}  {entry.get('status', 'error')}: {entry.get('error', 'not read')}")
    return "\n".join(lines)


def utc_now() -> tuple[str, int]:
    return _now(), time.time_ns()
