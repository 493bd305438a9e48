"""`veille export labelstudio` and `veille import labelstudio`: their arguments and handlers.

`add_commands` hangs both on the main parser; each parser sets `handler`, which `veille` calls.
Exit codes as for the other commands: 0 done, 2 a missing run, an unreadable export, a write error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_EXAMPLE = """example:
  veille run corpus -o outputs && veille export labelstudio outputs --corpus corpus -o tasks.json
      # tasks.json and label_config.xml: create a Label Studio project with the config, import the tasks
"""
IMPORT_EXAMPLE = """example:
  veille import labelstudio export.json -o gold.jsonl && veille eval gold.jsonl outputs
      # export.json: the project exported from Label Studio as JSON, once corrected
"""


def add_commands(commands) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    export = commands.add_parser("export", help="write a run's rows for an annotation tool")
    formats = export.add_subparsers(dest="format_name", required=True, metavar="FORMAT")
    studio = formats.add_parser("labelstudio", help="Label Studio tasks with the rows as pre-annotations",
                                epilog=EXPORT_EXAMPLE, formatter_class=raw)
    studio.add_argument("output", type=Path, help="the output folder of a run")
    studio.add_argument("--corpus", type=Path, default=Path("corpus"), help="the corpus the run read (default: corpus)")
    studio.add_argument("-o", "--tasks", type=Path, default=Path("tasks.json"),
                        help="the tasks file (default: tasks.json); label_config.xml is written beside it")
    studio.add_argument("--offsets", choices=("codepoints", "utf16"), default="codepoints",
                        help="what region offsets count: code points, as current Label Studio does (default), "
                             "or UTF-16 code units, as older versions did (docs/labelstudio.md)")
    studio.set_defaults(handler=command_export)

    back = commands.add_parser("import", help="read corrected annotation back as gold")
    formats = back.add_subparsers(dest="format_name", required=True, metavar="FORMAT")
    studio = formats.add_parser("labelstudio", help="a Label Studio JSON export of the exported tasks, as gold JSONL",
                                epilog=IMPORT_EXAMPLE, formatter_class=raw)
    studio.add_argument("export", type=Path, help="the JSON export of the Label Studio project")
    studio.add_argument("-o", "--gold", type=Path, default=Path("gold.jsonl"),
                        help="the gold file to write, in the format `veille eval` reads (default: gold.jsonl)")
    studio.set_defaults(handler=command_import)


def _fail(message: str) -> int:
    print(f"veille: error: {message}", file=sys.stderr)
    return 2


def command_export(args) -> int:
    from pipeline.exchange.labelstudio import write_export

    if not (args.output / "documents.csv").exists():
        return _fail(f"no tables in {args.output}: run `veille run` first")
    try:
        count, config, skipped = write_export(args.output, args.corpus, args.tasks, args.offsets)
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or args.tasks}")
    for note in skipped:
        print(f"veille: left out {note}", file=sys.stderr)
    print(f"{count} task(s) written to {args.tasks}; labeling config {config}")
    return 0


def command_import(args) -> int:
    from pipeline.exchange.labelstudio import ExchangeError, import_gold, read_export, write_gold

    if not args.export.is_file():
        return _fail(f"export not found: {args.export}")
    try:
        articles, notes = import_gold(read_export(args.export))
        for note in notes:
            print(f"veille: {note}", file=sys.stderr)
        if not articles:
            return _fail(f"no annotated task in {args.export}: submit or accept the tasks in Label Studio first")
        write_gold(articles, args.gold)
    except ExchangeError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or args.gold}")
    print(f"{len(articles)} gold article(s) written to {args.gold}")
    return 0
