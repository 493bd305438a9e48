"""docs/tables.md documents every column the tables have, and no column they do not have."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.output.tables import COLUMNS

DOC = Path(__file__).resolve().parent.parent / "docs" / "tables.md"


def documented_columns() -> dict[str, list[str]]:
    """Table -> the column names in the first cell of each row of its section's table."""
    columns: dict[str, list[str]] = {}
    table = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)\.csv", line)
        if heading:
            table = heading.group(1)
            columns[table] = []
        elif table and line.startswith("| ") and not line.startswith(("| column", "| ---")):
            first_cell = line.split("|")[1]
            columns[table] += [name.strip() for name in first_cell.split(",")]
    return columns


def test_every_table_has_a_section():
    assert sorted(documented_columns()) == sorted(COLUMNS)


def test_every_written_column_is_documented_and_every_documented_one_is_written():
    documented = documented_columns()
    for table, written in COLUMNS.items():
        assert sorted(documented[table]) == sorted(written), table
