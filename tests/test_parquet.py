"""--format parquet: the seven tables as Parquet, with the columns and dtypes read_outputs gives."""

from __future__ import annotations

import shutil

import pandas as pd

from pipeline.output.parquet import read_parquet_table, write_parquet
from pipeline.output.tables import COLUMNS, read_outputs


def test_parquet_tables_equal_the_typed_csv_tables(seed_outputs, tmp_path):
    output = tmp_path / "out"
    shutil.copytree(seed_outputs, output)
    written = write_parquet(output, block_size=1 << 12)  # small blocks: several batches per table
    assert sorted(path.name for path in written) == sorted(f"{name}.parquet" for name in COLUMNS)
    tables = read_outputs(output)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(read_parquet_table(output / f"{name}.parquet"), frame)
    assert not list(output.glob(".*.tmp"))


def test_parquet_copies_of_an_earlier_run_are_removed_by_the_next(tmp_path):
    from pipeline.incremental import remove_unwritten

    (tmp_path / "quotes.parquet").write_bytes(b"PAR1")
    (tmp_path / "notes.parquet").write_bytes(b"PAR1")  # not one of ours: left alone
    remove_unwritten(tmp_path, excel=False, html=False)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.parquet"]
