"""The seven output tables: their columns, declared once, and an atomic, deterministic writer.

The output folder belongs to one run at a time (a lock file); whatever a run leaves half-written
(a killed run's temporary files) the next run removes; the tables, the Excel copy and the report
are each swapped in whole, so a reader never sees a mix of two runs.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover — Windows has no fcntl: no lock there
    fcntl = None

if TYPE_CHECKING:
    import pandas as pd

# Column order is the contract (tables.md); extra columns are only ever appended.
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "source", "title", "published", "status", "error", "encoding",
                  "n_paragraphs", "n_duplicates", "n_chars", "sha256", "warning",
                  "url", "author", "outlet", "record_id", "meta"],
    "paragraphs": ["doc_id", "paragraph", "start", "end", "text", "kind", "duplicate_of",
                   "similarity"],
    "mentions": ["doc_id", "paragraph", "start", "end", "text", "label", "actor_id", "method"],
    "actors": ["actor_id", "name", "type", "aliases", "n_mentions", "n_documents"],
    "quotes": ["quote_id", "doc_id", "paragraph", "kind", "text", "start", "end", "speaker",
               "speaker_actor_id", "speaker_name", "cue", "date", "rule", "confidence"],
    "claims": ["claim_id", "doc_id", "paragraph", "text", "start", "end", "actor_id",
               "actor_name", "predicate", "source_actor_id", "source_name", "polarity",
               "modality", "quote_id", "date", "confidence"],
    "dates": ["doc_id", "paragraph", "start", "end", "text", "value", "granularity", "anchor",
              "date_start", "date_end"],
}

# Columns that are not text, for pandas: offsets and counts as integers, similarity as a float.
INTEGERS = frozenset({"paragraph", "start", "end", "n_paragraphs", "n_duplicates", "n_chars",
                      "n_mentions", "n_documents"})
FLOATS = frozenset({"similarity"})

LOCK_NAME = ".veille.lock"
# Lone surrogates cannot be encoded: ingest replaces them with a warning; this is the last guard.
SURROGATES = re.compile("[\ud800-\udfff]")
# A spreadsheet evaluates a cell that starts with one of these (formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A value as written: floats at three decimals without trailing zeros (1.0, 0.742)."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return SURROGATES.sub("\ufffd", str(value))


def excel_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before `=`, `+`, `-`, `@`, tab or CR."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def row_of(record, columns: list[str]) -> list[str]:
    """The cells of a dataclass or dict, in column order (a missing field is an empty cell)."""
    if isinstance(record, dict):
        return [_cell(record.get(column)) for column in columns]
    return [_cell(getattr(record, column, None)) for column in columns]


class OutputBusy(RuntimeError):
    """Another run holds the output folder's lock."""


_held: dict[str, int] = {}  # output folders this process has locked -> nesting depth


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold `FOLDER/.veille.lock` (flock) for the block: a second run into the same folder fails
    at once (OutputBusy) instead of racing this one. Re-entrant within one process, so the CLI
    can hold it around the tables and the report while TableWriter takes it too."""
    folder = Path(folder)
    key = os.path.realpath(folder)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a", encoding="utf-8") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputBusy(f"another veille run is writing to {folder} ({LOCK_NAME} is locked); "
                                 "wait for it to end or choose another output folder") from None
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]  # closing the file releases the lock


def remove_stale(folder: Path) -> None:
    """Remove what a stopped or killed run left: every hidden `.*.tmp` file or folder of the
    output folder and of its excel/ (`.quotes.csv.x1.tmp`, `.excel.x1.tmp`, `.report.x1.old.tmp`).

    Called with the lock held, so none can belong to a run still going. Whatever writes into the
    output folder names its temporary files this way.
    """
    folder = Path(folder)
    for stale in [*folder.glob(".*.tmp"), *(folder / "excel").glob(".*.tmp")]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def temporary_folder(final: Path) -> Path:
    """A hidden folder beside `final` to build its new content in, readable like `final`."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it 0700
    return tmp


def swap_in_folder(new: Path, final: Path) -> None:
    """Replace `final` by the folder `new` as a whole: never a mix of old and new files.

    The old folder is renamed aside, the new one renamed in, then the old one removed; a run
    killed between the two renames leaves `.NAME.*.old.tmp`, which the next run removes.
    """
    old = None
    if final.exists() or final.is_symlink():
        old = new.with_name(new.name[: -len(".tmp")] + ".old.tmp")
        os.rename(final, old)
    try:
        os.rename(new, final)
    except BaseException:  # put the old one back rather than leave none
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() and not old.is_symlink() else old.unlink()


class TableWriter:
    """Writes every table to a temporary file and swaps them all in at the end.

    An interrupted or failed run (Ctrl-C, SIGTERM, a full disk) leaves the previous outputs
    untouched and no half-written CSV: the temporary files are removed and nothing is renamed.
    The `--excel` copy is built from the temporary files before anything is swapped in.
    """

    def __init__(self, output: Path, excel: bool = False):
        self.output = Path(output)
        self.excel = excel
        self._files: dict[str, tuple[Path, object, csv.writer]] = {}
        self._excel_tmp: Path | None = None
        self._lock = None
        self.counts: dict[str, int] = {name: 0 for name in COLUMNS}

    def __enter__(self) -> "TableWriter":
        self.output.mkdir(parents=True, exist_ok=True)
        self._lock = output_lock(self.output)
        self._lock.__enter__()
        try:
            remove_stale(self.output)
            for name, columns in COLUMNS.items():
                tmp, handle = _temporary(self.output / f"{name}.csv")
                writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180: a lone \r stays quoted
                self._files[name] = (tmp, handle, writer)
                writer.writerow(columns)
        except BaseException:
            self._discard()
            self._lock.__exit__(None, None, None)
            raise
        return self

    def write(self, table: str, records: Iterable) -> None:
        _, _, writer = self._files[table]
        columns = COLUMNS[table]
        for record in records:
            writer.writerow(row_of(record, columns))
            self.counts[table] += 1

    def write_text(self, table: str, text: str, rows: int) -> None:
        """`rows` rows as a previous table holds them (an incremental run copies them), as they are."""
        self._files[table][1].write(text)
        self.counts[table] += rows

    def tell(self, table: str) -> int:
        """Bytes written so far to a table, its header included (where its next row starts)."""
        return self._files[table][1].tell()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self._discard()
                return
            try:
                self._commit()
            except BaseException:  # a full disk on the last flush, SIGTERM while swapping
                self._discard()
                raise
        finally:
            self._lock.__exit__(None, None, None)

    def _commit(self) -> None:
        """Close (flush) every file, build the Excel copy, then swap everything in."""
        for _, handle, _ in self._files.values():
            handle.close()
        if self.excel:
            self._excel_tmp = temporary_folder(self.output / "excel")
            self._write_excel_copies(self._excel_tmp)
        for name, (tmp, _, _) in self._files.items():
            os.replace(tmp, self.output / f"{name}.csv")
        if self._excel_tmp is not None:
            swap_in_folder(self._excel_tmp, self.output / "excel")
            self._excel_tmp = None

    def _discard(self) -> None:
        """Close and remove the temporary files: the previous tables stay as they were.

        Every temporary file of the folder goes, even one a signal cut off before it was
        recorded here: the lock is held, so none belongs to another run.
        """
        for _, handle, _ in self._files.values():
            try:
                handle.close()
            except OSError:
                pass  # the flush of a full disk fails again; the file goes anyway
        remove_stale(self.output)

    def _write_excel_copies(self, folder: Path) -> None:
        """A BOM, semicolons and decimal commas: what a French-locale spreadsheet opens without a
        wizard and reads as numbers (`0,664`, not the text `0.664`). Cells a spreadsheet would
        evaluate as formulas are written as text (`excel_cell`)."""
        for name, (tmp, _, _) in self._files.items():
            decimals = {index for index, column in enumerate(COLUMNS[name]) if column in FLOATS}
            with open(tmp, encoding="utf-8", newline="") as source:
                rows = ([excel_cell(cell.replace(".", ",") if index in decimals else cell)
                         for index, cell in enumerate(row)] for row in csv.reader(source))
                atomic_write_rows(folder / f"{name}.csv", rows, encoding="utf-8-sig", delimiter=";")


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _temporary(path: Path, encoding: str = "utf-8"):
    """A hidden temporary file beside `path`, readable like any file the user creates."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(fd, 0o666 & ~_umask())  # mkstemp makes it 0600; the tables are meant to be shared
    return Path(tmp), os.fdopen(fd, "w", encoding=encoding, newline="")


def atomic_write_rows(path: Path, rows: Iterable[list[str]], encoding: str = "utf-8",
                      delimiter: str = ",") -> None:
    """Write rows to a temporary file, then swap it in: readers never see half a file."""
    tmp, handle = _temporary(Path(path), encoding)
    try:
        with handle:
            csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_table(output: Path, name: str):
    """A table as a pandas DataFrame with every column as text (ids like `0042` stay as written)."""
    import pandas as pd

    return pd.read_csv(Path(output) / f"{name}.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8")


def typed(table: "pd.DataFrame") -> "pd.DataFrame":
    """Cells as written -> nullable pandas dtypes: Int64 offsets, Float64 similarity, string ids and
    dates (`0042` and `2021-02` stay as written); an empty cell is missing (<NA>)."""
    import pandas as pd

    for column in table.columns:
        cells = table[column].replace("", pd.NA)
        if column in INTEGERS:
            table[column] = pd.to_numeric(cells).astype("Int64")
        elif column in FLOATS:
            table[column] = pd.to_numeric(cells).astype("Float64")
        else:
            table[column] = cells.astype("string")
    return table


def frame(name: str, records: Iterable) -> "pd.DataFrame":
    """Records of one table as the DataFrame `read_outputs` would give after writing them."""
    import pandas as pd

    columns = COLUMNS[name]
    return typed(pd.DataFrame([row_of(record, columns) for record in records], columns=columns, dtype=object))


def read_outputs(folder: Path | str) -> dict[str, "pd.DataFrame"]:
    """The seven tables of a run folder, typed (see `typed`); a missing table is an error."""
    folder = Path(folder)
    missing = [name for name in COLUMNS if not (folder / f"{name}.csv").is_file()]
    if missing:
        raise FileNotFoundError(f"no {', '.join(m + '.csv' for m in missing)} in {folder}: run `veille run` first")
    return {name: typed(read_table(folder, name)) for name in COLUMNS}
