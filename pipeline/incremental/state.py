"""What a run keeps beside the tables (state/documents.jsonl, state/signatures.bin), how the next
run opens it (`Previous`), and how a run writes it with each document's rows (`Recorder`)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pipeline.incremental import manifest as manifests
from pipeline.incremental.manifest import (DOCUMENTS, FORMAT, MANIFEST, PER_DOCUMENT, SIGNATURES, STATE, TABLES,
                                           Options, _dumps, mismatches, read_manifest)
from pipeline.ingest.dedup import Deduplicator, Repeats
from pipeline.output.tables import COLUMNS, row_of, swap_in_folder, temporary_folder
from pipeline.records import ActorObservation
from pipeline.rules import Rules

if TYPE_CHECKING:  # the plan imports this module
    from pipeline.incremental.plan import Item


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
                   for name, now in manifests.versions().items() if manifest.get("versions", {}).get(name) != now]
        if changed:
            return None, "versions changed since the last run (" + ", ".join(changed) + ")"
        if manifest.get("rules_hash") != manifests.rules_hash(rules):
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
            signatures = _mapped(Path(output) / STATE / SIGNATURES, dtype)
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


def _mapped(path: Path, dtype: np.dtype) -> np.ndarray:
    """The stored signatures, mapped rather than read: a run holds only the pages it reads (on a
    cluster the parent never holds the corpus's index). An empty file cannot be mapped."""
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=dtype)
    if path.stat().st_size % dtype.itemsize:
        raise ValueError(f"{path.name} is not a whole number of signatures")
    return np.memmap(path, dtype=dtype, mode="r")


def signature_dtype(deduplicator: Deduplicator) -> np.dtype:
    values = deduplicator.blank.hashvalues
    return np.dtype([("digest", "u1", (16,)), ("values", values.dtype.newbyteorder("<"), (len(values),))])


def state_header(deduplicator: Deduplicator) -> dict:
    return {"state": "veille", "format": FORMAT, "signature": str(signature_dtype(deduplicator)),
            "num_perm": deduplicator.num_perm}


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
