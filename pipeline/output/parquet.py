"""The tables as Parquet files, for corpora whose CSVs outgrow a spreadsheet (`--format parquet`).

Each CSV is streamed through pyarrow into `NAME.parquet` with the types `read_outputs` gives:
offsets and counts int64, similarity float64, every other column a string, empty cells null.
Each file is written beside its final name and swapped in, like the CSVs.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.output.tables import COLUMNS, FLOATS, INTEGERS


def schema_of(table: str):
    import pyarrow as pa

    def kind(column: str):
        return pa.int64() if column in INTEGERS else pa.float64() if column in FLOATS else pa.string()

    return pa.schema([(column, kind(column)) for column in COLUMNS[table]])


def write_parquet(output: Path | str, block_size: int = 1 << 22) -> list[Path]:
    """`NAME.parquet` for each of the seven CSV tables of `output`, streamed a block at a time."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    output, written = Path(output), []
    for table in COLUMNS:
        schema = schema_of(table)
        reader = pacsv.open_csv(
            output / f"{table}.csv",
            read_options=pacsv.ReadOptions(block_size=block_size, encoding="utf8"),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=schema, null_values=[""],
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True))
        final = output / f"{table}.parquet"
        temporary = output / f".{table}.parquet.{os.getpid()}.tmp"
        try:
            with pq.ParquetWriter(temporary, schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        written.append(final)
    return written


def read_parquet_table(path: Path):
    """A table written by `write_parquet` with the dtypes of `read_outputs` (Int64, Float64, string)."""
    import pandas as pd

    frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
    for column in frame.columns:
        if column not in INTEGERS and column not in FLOATS:
            frame[column] = frame[column].astype("string")
    return frame
