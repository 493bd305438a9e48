"""The manifest of a run (run.json): what the rows depend on, every input file and table; written
last and atomically, it is the commit point. Also `veille status`, which prints it."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.ingest import read as ingest
from pipeline.output.tables import COLUMNS
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
CODE = Path(__file__).resolve().parent.parent  # the pipeline package
MANIFEST_START = re.compile(rb'\A\s*\{\s*"manifest"\s*:\s*"' + MARK.encode() + rb'"')


def versions(code: str | None = None) -> dict[str, str]:
    """Everything besides the rules and the inputs that the rows depend on; `code`: the source's
    hash when the caller already holds it (else the files are hashed now)."""
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"veille": version("veille"), "code": code if code is not None else code_hash(), "spacy": version("spacy"),
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def table_entries(output: Path, counts: dict[str, int]) -> dict[str, dict]:
    entries = {}
    for name in TABLES:
        path = Path(output) / f"{name}.csv"
        entries[name] = {"rows": counts.get(name, 0), "bytes": path.stat().st_size, "sha256": file_sha256(path)}
    return entries


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc_now() -> tuple[str, int]:
    return _now(), time.time_ns()


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
