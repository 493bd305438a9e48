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

One module a phase: `folders` (which folders a run may use, what it removes), `manifest` (run.json,
`veille status`), `state` (the previous run opened, the new state written with the rows) and
`plan` (the corpus in order with its verdicts).
"""

from __future__ import annotations

from pipeline.incremental.folders import (FolderError, file_key, folder_problem, holds_manifest, remove_leftovers,
                                          remove_unwritten, walk)
from pipeline.incremental.manifest import (DOCUMENTS, FORMAT, MANIFEST, MODEL, SIGNATURES, STATE, TABLES, Options,
                                           build_manifest, code_hash, describe, file_sha256, read_manifest, rules_hash,
                                           table_entries, utc_now, versions, write_manifest)
from pipeline.incremental.plan import CorpusChanged, Item, Plan, fingerprint, read_file_rows, relinkable
from pipeline.incremental.state import Previous, Recorder, relink, signature_dtype, state_header

__all__ = ["DOCUMENTS", "FORMAT", "MANIFEST", "MODEL", "SIGNATURES", "STATE", "TABLES", "CorpusChanged",
           "FolderError", "Item", "Options", "Plan", "Previous", "Recorder", "build_manifest", "code_hash",
           "describe", "file_key", "file_sha256", "fingerprint", "folder_problem", "holds_manifest",
           "read_file_rows", "read_manifest", "relink", "relinkable", "remove_leftovers", "remove_unwritten",
           "rules_hash", "signature_dtype", "state_header", "table_entries", "utc_now", "versions", "walk",
           "write_manifest"]
