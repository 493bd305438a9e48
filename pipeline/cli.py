"""Command line: parse the arguments, call a plain function, print a short summary.

Exit codes:
  0    the run completed (documents that failed are rows of documents.csv)
  1    evaluation below a requested floor
  2    bad usage or a fault of the output folder: missing corpus, unwritable output, an output
       folder that is or contains the corpus, another run writing to the same folder (its lock
       is held), a full disk or another write error; `status` of a folder without run.json
  3    invalid rules (nothing is processed)
  130  interrupted by Ctrl-C (SIGINT)
  141  the reader of the output went away (`veille ... | head -1`): stops quietly, no traceback
  143  terminated by SIGTERM (`timeout`, systemd, docker, CI); handled like Ctrl-C
A run that stops removes its temporary files; the tables, the Excel copy and the report are
each the previous or the new one, whole (the message says which), never a mix.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

EXAMPLES = """examples:
  veille run corpus -o outputs          # every article under corpus/ into outputs/*.csv
  veille run corpus/seeds/000_029dc54680174176.txt -o /tmp/one-article
                                        # one article file (or several: veille run a.md b.json -o out)
  veille eval tests/data/seeds_gold.jsonl outputs
                                        # precision / recall against the hand annotation of corpus/seeds
  veille run tests/data/corpus -o /tmp/gold-run && veille eval tests/data/gold /tmp/gold-run
                                        # the 16 annotated articles against their gold
  veille rules check                    # file:line for every mistake in the rule files
  veille status outputs                 # which corpus, rules and versions made the tables
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veille", description="Extract actors, quotes, claims and dates from French news.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"veille {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="process a corpus folder, or article files, into the seven CSV tables",
                              epilog="examples:\n  veille run corpus -o outputs --jobs 2\n"
                                     "  veille run corpus/seeds/000_029dc54680174176.txt -o /tmp/one-article",
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("corpus", type=Path, nargs="+", metavar="CORPUS",
                     help="a folder of articles (.txt .md .json .jsonl .csv .html), read recursively, or one or "
                          "more article files (sources are named from their common folder)")
    run.add_argument("-o", "--output", type=Path, default=Path("outputs"),
                     help="the folder for the CSV tables, created if needed (default: outputs)")
    run.add_argument("--rules", type=Path, default=None, help="a folder of extra rule files, used on top of models/")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes, each parsing and extracting whole articles (default: the number of cores, here %(default)s; --jobs 1: none)")
    run.add_argument("--excel", action="store_true", help="also write OUTPUT/excel/*.csv for French spreadsheets: a BOM, ';', decimal commas")
    run.add_argument("--html", action="store_true", help="also write the HTML report into OUTPUT/report/")
    run.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    run.add_argument("--full", action="store_true",
                     help="process every document again; by default a run reuses the rows of the documents "
                          "that did not change since the last run into OUTPUT (its run.json)")
    for field, example in (("text", "contenu"), ("date", "date_parution"), ("id", "ref")):
        run.add_argument(f"--{field}-column", metavar="NAME", default=None,
                         help=f"the CSV column / JSON field that holds each record's {field} (e.g. {example}); "
                              f"by default the usual English and French names are recognised")
    run.add_argument("--cluster", metavar="ADDRESS", default=None,
                     help="extract on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N for N local "
                          "worker processes; the tables are the bytes of a local run (docs/cluster.md)")
    run.add_argument("--format", choices=("csv", "parquet"), default="csv",
                     help="parquet: also write OUTPUT/NAME.parquet for each table, typed as read_outputs reads them")
    run.add_argument("--follow-outside-links", action="store_true",
                     help="read files and folders that symbolic links in the corpus reach outside it "
                          "(by default such a link is a row of documents.csv saying it was not read)")

    evaluate = commands.add_parser("eval", help="score outputs against gold annotation",
                                   epilog="examples (a gold set scores a run of the corpus it annotates):\n"
                                          "  veille run corpus -o outputs && veille eval tests/data/seeds_gold.jsonl outputs\n"
                                          "  veille run tests/data/corpus -o /tmp/gold-run && "
                                          "veille eval tests/data/gold /tmp/gold-run --show-errors",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("gold", type=Path, help="a gold .jsonl file or a folder of them")
    evaluate.add_argument("output", type=Path, help="the output folder of a run")
    evaluate.add_argument("--show-errors", action="store_true",
                          help="list the misses and extras of every table, then the errors grouped by class")
    evaluate.add_argument("--json", type=Path, default=None, help="also write the scores as JSON")

    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = rules_commands.add_parser("check", help="validate rule files; prints file:line: message per problem",
                                      epilog="example:\n  veille rules check my_rules/",
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("folder", type=Path, nargs="?", default=None, help="extra rules folder to check on top of models/")

    status = commands.add_parser("status", help="describe the run that wrote an output folder (its run.json)",
                                 epilog="example:\n  veille status outputs --files",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    status.add_argument("output", type=Path, help="the output folder of a run")
    status.add_argument("--files", action="store_true", help="also list every input file with its size, date and hash")

    report = commands.add_parser("report", help="write a static HTML report of a run's outputs",
                                 epilog="example:\n  veille report outputs   # then open outputs/report/index.html",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("output", type=Path, help="the output folder of a run")
    report.add_argument("--corpus", type=Path, default=Path("corpus"), help="the corpus the run read (default: corpus)")
    from pipeline.exchange.cli import add_commands  # veille export / import labelstudio
    add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _command(build_parser().parse_args(argv))
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader of our output went away (`| head -1`): stop without a traceback, as Unix tools
    do. Standard output is pointed at /dev/null so that the interpreter's last flush fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test's capture)
        pass
    return 128 + signal.SIGPIPE


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("veille")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        from pipeline import __version__

        return __version__


def _command(args) -> int:
    if getattr(args, "handler", None):  # commands that bring their own handler (pipeline/exchange/cli.py)
        return args.handler(args)
    if args.command == "run":
        return command_run(args)
    if args.command == "eval":
        return command_eval(args)
    if args.command == "rules":
        return command_rules_check(args)
    if args.command == "report":
        return command_report(args)
    if args.command == "status":
        return command_status(args)
    return 2


def fail(message: str, code: int = 2) -> int:
    print(f"veille: error: {message}", file=sys.stderr)
    return code


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
        return True
    except OSError:
        return False


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt so the same clean-up runs.

    Not an Exception: the per-document isolation (`except Exception`) must not swallow it.
    """


@contextmanager
def _sigterm_raises():
    """For the block, SIGTERM raises Terminated once; a forked worker just dies of it."""
    parent, raised = os.getpid(), []

    def handler(signum, frame):
        if os.getpid() != parent:  # a worker process inherited this handler: die as asked
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if not raised:  # a second SIGTERM must not cut the clean-up of the first
            raised.append(signum)
            raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: signals are not ours to handle
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@contextmanager
def _following_outside_links(follow: bool):
    """`--follow-outside-links` for every read of the corpus in the block (the run, the report)."""
    from pipeline.ingest import read as ingest

    previous, ingest.FOLLOW_OUTSIDE_LINKS = ingest.FOLLOW_OUTSIDE_LINKS, follow
    try:
        yield
    finally:
        ingest.FOLLOW_OUTSIDE_LINKS = previous


@contextmanager
def _record_fields(args):
    """`--text-column`, `--date-column`, `--id-column` for every read of the corpus in the block."""
    from pipeline.ingest.fields import FIELD_CHOICES

    chosen = {field: getattr(args, f"{field}_column", None) for field in ("text", "date", "id")}
    previous = dict(FIELD_CHOICES)
    FIELD_CHOICES.update({field: name for field, name in chosen.items() if name})
    try:
        yield
    finally:
        FIELD_CHOICES.clear()
        FIELD_CHOICES.update(previous)


def _describe(error: OSError) -> str:
    """An OSError in one line: `No space left on device: outputs/.quotes.csv.x1.tmp`."""
    if error.strerror and error.filename:
        return f"{error.strerror}: {error.filename}"
    return error.strerror or str(error) or type(error).__name__


def command_run(args) -> int:
    """Check the folders first (a usage error is instant), then run the pipeline.

    The output folder is locked for the whole run (tables, Excel copy, report); Ctrl-C, SIGTERM
    and write errors remove the temporary files and leave the previous outputs whole.
    """
    started = time.perf_counter()
    missing = [path for path in args.corpus if not path.exists()]
    if missing:
        return fail(f"corpus not found: {missing[0]}")
    if args.jobs < 1:
        return fail("--jobs must be at least 1")
    if args.output.exists() and not args.output.is_dir():
        return fail(f"-o names a file, not a folder: {args.output} (the tables are written into a folder)")
    from pipeline.incremental import folder_problem
    from pipeline.ingest.read import locate

    root, chosen = locate(args.corpus)
    problem = folder_problem(root, args.output, chosen)
    if problem:
        return fail(problem)
    if not _writable(args.output):
        return fail(f"output folder is not writable: {args.output}")
    from pipeline.cluster import ClusterError
    from pipeline.output.tables import OutputBusy, output_lock

    stage = "tables"  # what a fault leaves untouched depends on how far the run got
    try:
        with _sigterm_raises(), output_lock(args.output), _following_outside_links(args.follow_outside_links), \
                _record_fields(args):
            summary = _run(args)
            if summary is None:
                return 3
            if args.html:
                from pipeline.output.report import write_report

                stage = "report"
                write_report(args.output, args.corpus)
    except OutputBusy as error:
        return fail(str(error))
    except ClusterError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail(f"interrupted; {_left_whole(args.output, stage)}", 130)
    except Terminated:
        return fail(f"terminated (SIGTERM); {_left_whole(args.output, stage)}", 143)
    except OSError as error:
        return fail(f"{_describe(error)}; {_left_whole(args.output, stage)}")
    if not args.quiet:
        from pipeline.console import print_summary

        print_summary(summary, args.output, time.perf_counter() - started)
    return 0


def _left_whole(output: Path, stage: str) -> str:
    if stage == "tables":
        return f"the tables in {output} are left as they were"
    return f"the tables in {output} were written; the previous report is left as it was"


def _run(args):
    """The run itself, with its progress bar; None when the rules are invalid (printed here)."""
    from pipeline.console import RunProgress
    from pipeline.rules import RulesError  # spaCy loads with these: only once the arguments are good
    from pipeline.run import run

    options = {"full": args.full, "html": args.html, "notify": lambda note: print(f"veille: {note}", file=sys.stderr)}
    try:
        with _cluster(args) as client, (nullcontext() if args.quiet else RunProgress()) as progress:
            options["cluster"] = client
            if progress:
                progress.listed(_count_documents(args))
                options.update(on_document=progress.advance, on_model_load=progress.loading_model)
            summary = run(args.corpus, args.output, args.rules, args.jobs, args.excel, **options)
        if args.format == "parquet":
            from pipeline.output.parquet import write_parquet

            write_parquet(args.output)
        return summary
    except RulesError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        fail(f"{len(error.problems)} problem(s) in the rule files; nothing was processed", 3)
        return None


def _count_documents(args) -> int:
    """The documents the run will meet, from a walk of the corpus as the run walks it."""
    from pipeline.incremental import walk
    from pipeline.ingest.read import count_documents, locate

    root, chosen = locate(args.corpus)
    return count_documents(root, walk(root, args.output, chosen=chosen))


@contextmanager
def _cluster(args):
    """A Dask client for --cluster (None without it); its workers hold an Extractor of the rules."""
    if not args.cluster:
        yield None
        return
    from pipeline.cluster import connect
    from pipeline.rules import load_rules

    with connect(args.cluster, load_rules(args.rules)) as client:
        yield client


def command_eval(args) -> int:
    from pipeline.evaluate.score import evaluate, format_report, pairing_problem

    if not args.gold.exists():
        return fail(f"gold not found: {args.gold}")
    if not (args.output / "documents.csv").exists():
        return fail(f"no tables in {args.output}: run `veille run` first")
    scores = evaluate(args.gold, args.output)
    problem = pairing_problem(scores, args.gold, args.output)
    if problem:
        return fail(problem)
    if scores["missing_documents"]:
        print(f"veille eval: warning: {len(scores['missing_documents'])} of {scores['articles']} gold article(s) "
              f"not in {args.output / 'documents.csv'}, scored as all missed: "
              f"{', '.join(scores['missing_documents'])}", file=sys.stderr)
    print(format_report(scores, show_errors=args.show_errors))
    if args.json:
        import json

        args.json.write_text(json.dumps(scores, ensure_ascii=False, indent=2, sort_keys=True),
                             encoding="utf-8")
    return 0


def command_rules_check(args) -> int:
    """Every problem as `file:line: message` (exit 3), else what the folder changes and `rules ok`."""
    from pipeline.rules import RulesError, load_rules

    if args.folder is not None and not args.folder.is_dir():
        return fail(f"rules folder not found: {args.folder}")
    try:
        rules = load_rules(args.folder)
    except RulesError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s)", file=sys.stderr)
        return 3
    for note in rules.notes:  # an actor of models/ replaced by the folder's
        print(note)
    print("rules ok")
    return 0


def command_report(args) -> int:
    from pipeline.output.report import write_report

    from pipeline.output.tables import OutputBusy

    if not (args.output / "documents.csv").exists():
        return fail(f"no tables in {args.output}: run `veille run` first")
    try:
        with _sigterm_raises():
            index = write_report(args.output, args.corpus)
    except OutputBusy as error:
        return fail(str(error))
    except (KeyboardInterrupt, Terminated) as error:
        code = 143 if isinstance(error, Terminated) else 130
        return fail(f"interrupted; the previous report in {args.output} is left as it was", code)
    except OSError as error:
        return fail(f"{_describe(error)}; the previous report in {args.output} is left as it was")
    print(index)
    return 0


def command_status(args) -> int:
    from pipeline.incremental import describe

    try:
        print(describe(args.output, list_files=args.files))
    except FileNotFoundError as error:
        return fail(str(error))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
