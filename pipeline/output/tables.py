"""The seven output tables: their columns, declared once, and an atomic, deterministic writer."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import pandas as pd

# Column order is the contract (tables.md); extra columns are only ever appended.
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "source", "title", "published", "status", "error", "encoding",
                  "n_paragraphs", "n_duplicates", "n_chars", "sha256", "warning"],
    "paragraphs": ["doc_id", "paragraph", "start", "end", "text", "kind", "duplicate_of",
                   "similarity"],
    "mentions": ["doc_id", "paragraph", "start", "end", "text", "label", "actor_id", "method"],
    "actors": ["actor_id", "name", "type", "aliases", "n_mentions", "n_documents"],
    "quotes": ["quote_id", "doc_id", "paragraph", "kind", "text", "start", "end", "speaker",
               "speaker_actor_id", "speaker_name", "cue", "date", "rule"],
    "claims": ["claim_id", "doc_id", "paragraph", "text", "start", "end", "actor_id",
               "actor_name", "predicate", "source_actor_id", "source_name", "polarity",
               "modality", "quote_id", "date"],
    "dates": ["doc_id", "paragraph", "start", "end", "text", "value", "granularity", "anchor"],
}

# Columns that are not text, for pandas: offsets and counts as integers, similarity as a float.
INTEGERS = frozenset({"paragraph", "start", "end", "n_paragraphs", "n_duplicates", "n_chars",
                      "n_mentions", "n_documents"})
FLOATS = frozenset({"similarity"})


def _cell(value) -> str:
    """A value as written: floats at three decimals without trailing zeros (1.0, 0.742)."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return str(value)


def row_of(record, columns: list[str]) -> list[str]:
    """The cells of a dataclass or dict, in column order (a missing field is an empty cell)."""
    if isinstance(record, dict):
        return [_cell(record.get(column)) for column in columns]
    return [_cell(getattr(record, column, None)) for column in columns]


class TableWriter:
    """Writes every table to a temporary file and swaps them all in at the end.

    An interrupted run leaves the previous outputs untouched and no half-written CSV:
    the temporary files are removed and nothing is renamed.
    """

    def __init__(self, output: Path, excel: bool = False):
        self.output = Path(output)
        self.excel = excel
        self._files: dict[str, tuple[Path, object, csv.writer]] = {}
        self.counts: dict[str, int] = {name: 0 for name in COLUMNS}

    def __enter__(self) -> "TableWriter":
        self.output.mkdir(parents=True, exist_ok=True)
        try:
            for name, columns in COLUMNS.items():
                tmp, handle = _temporary(self.output / f"{name}.csv")
                writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180: a lone \r stays quoted
                self._files[name] = (tmp, handle, writer)
                writer.writerow(columns)
        except BaseException:
            self._discard()
            raise
        return self

    def write(self, table: str, records: Iterable) -> None:
        _, _, writer = self._files[table]
        columns = COLUMNS[table]
        for record in records:
            writer.writerow(row_of(record, columns))
            self.counts[table] += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._discard()
            return
        for _, handle, _ in self._files.values():
            handle.close()
        for name, (tmp, _, _) in self._files.items():
            os.replace(tmp, self.output / f"{name}.csv")
        if self.excel:
            self._write_excel_copies()

    def _discard(self) -> None:
        """Close and remove the temporary files: the previous tables stay as they were."""
        for tmp, handle, _ in self._files.values():
            handle.close()
            tmp.unlink(missing_ok=True)

    def _write_excel_copies(self) -> None:
        """A BOM and semicolons: what a French-locale spreadsheet opens without a wizard."""
        folder = self.output / "excel"
        folder.mkdir(exist_ok=True)
        for name in COLUMNS:
            with open(self.output / f"{name}.csv", encoding="utf-8", newline="") as source:
                atomic_write_rows(folder / f"{name}.csv", csv.reader(source), encoding="utf-8-sig",
                                  delimiter=";")


def _temporary(path: Path, encoding: str = "utf-8"):
    """A hidden temporary file beside `path`, readable like any file the user creates."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(fd, 0o666 & ~umask)  # mkstemp makes it 0600; the tables are meant to be shared
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
