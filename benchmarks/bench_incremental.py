"""An incremental run against a full one, on generated articles (issue 16).

    python -m benchmarks.bench_incremental --articles 1000 [--added 10]

Writes `--articles` generated articles (benchmarks.bench.write_corpus), runs the pipeline on them
in full, then adds `--added` articles (half of them sorting among the old ones, so the dedup
order matters), changes one and deletes one, and runs again: incrementally, then in full on the
final corpus into another folder. Each run is timed in a fresh process, with its start-up (imports,
spacy.load, building the Extractor) measured apart; the two final tables must be the same bytes.
The code hash of the manifest is pinned, so that work on the code while the benchmark runs does
not turn its incremental runs into full ones.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.bench import ArticleMaker, write_corpus


def _pin_code_hash() -> None:
    from pipeline import incremental

    incremental.manifest.code_hash = lambda: "benchmark"


def timed_run(corpus: str, output: str, full: bool) -> dict:
    """One run in this (fresh) process: start-up first, then the run itself."""
    started = time.perf_counter()
    _pin_code_hash()
    from pipeline.extractor import Extractor
    from pipeline.nlp import build_nlp
    from pipeline.rules import load_rules
    from pipeline.run import run

    imported = time.perf_counter()
    rules = load_rules()
    nlp = build_nlp(rules)
    loaded = time.perf_counter()
    Extractor(rules=rules, nlp=nlp)  # what extract_all builds once: its gazetteer and matchers
    built = time.perf_counter()
    summary = run(Path(corpus), Path(output), nlp=nlp, full=full)
    finished = time.perf_counter()
    return {"imports": imported - started, "model": loaded - imported, "extractor": built - loaded,
            "run": finished - built, "mode": summary.mode, "reason": summary.reason, "reused": summary.reused,
            "relinked": summary.relinked,
            "processed": summary.processed, "parsed": summary.parsed, "files_read": summary.files_read,
            "documents": sum(summary.statuses.values())}


def timed_run_lazy(corpus: str, output: str) -> dict:
    """The incremental run as `veille run` does it: the model loaded only when needed."""
    started = time.perf_counter()
    _pin_code_hash()
    from pipeline.run import run

    imported = time.perf_counter()
    summary = run(Path(corpus), Path(output))
    finished = time.perf_counter()
    return {"imports": imported - started, "run": finished - imported, "model": summary.model_seconds,
            "mode": summary.mode, "reason": summary.reason, "parsed": summary.parsed}


def _fresh(function, *args) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def change(corpus: Path, added: int) -> list[str]:
    """Add `added` articles (half among the old names, half after them), change one, delete one."""
    names = sorted(p.name for p in corpus.glob("*.txt"))
    maker = ArticleMaker(seed=99)
    done = []
    for number in range(added):
        name = f"{names[(number * len(names)) // added][:-4]}a.txt" if number % 2 == 0 else f"zz_new_{number:03d}.txt"
        (corpus / name).write_text(maker.article(number), encoding="utf-8")
        done.append(f"added {name}")
    changed = corpus / names[len(names) // 2]
    changed.write_text(maker.article(added + 1), encoding="utf-8")
    done.append(f"changed {changed.name}")
    deleted = corpus / names[(2 * len(names)) // 3]
    deleted.unlink()
    done.append(f"deleted {deleted.name}")
    return done


def tables(folder: Path) -> dict[str, bytes]:
    from pipeline.output.tables import COLUMNS

    return {name: (folder / f"{name}.csv").read_bytes() for name in COLUMNS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_incremental",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (default: 1000)")
    parser.add_argument("--added", type=int, default=10, help="articles added before the second run (default: 10)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus and outputs here and keep them")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="veille-bench-incremental-"))
    corpus, output, full_output = base / "corpus", base / "out", base / "full"
    for folder in (corpus, output, full_output):
        shutil.rmtree(folder, ignore_errors=True)
    corpus.mkdir(parents=True)
    try:
        documents, words = write_corpus(corpus, args.articles)
        print(f"corpus: {documents:,} generated articles, {words:,} words")
        first = _fresh(timed_run, str(corpus), str(output), True)
        print(f"full run:        {first['run']:7.1f} s  ({first['documents']:,} documents, {first['parsed']:,} parsed)"
              f"; start-up apart: imports {first['imports']:.1f} s, spacy.load {first['model']:.1f} s, "
              f"Extractor {first['extractor']:.1f} s")
        for line in change(corpus, args.added):
            print(f"  {line}")
        second = _fresh(timed_run, str(corpus), str(output), False)
        print(f"incremental run: {second['run']:7.1f} s  ({second['mode']}: {second['reused']:,} reused "
              f"({second['relinked']:,} relinked), "
              f"{second['processed']:,} processed, {second['parsed']:,} parsed, {second['files_read']:,} files read)"
              f"; start-up apart: imports {second['imports']:.1f} s, spacy.load {second['model']:.1f} s, "
              f"Extractor {second['extractor']:.1f} s")
        if second["reason"]:
            print(f"  full because: {second['reason']}")
        print(f"incremental / full: {second['run'] / first['run']:.1%}")
        third = _fresh(timed_run, str(corpus), str(full_output), True)
        print(f"full run on the final corpus: {third['run']:.1f} s")
        same = tables(output) == tables(full_output)
        print(f"tables byte-identical to the full run: {'yes' if same else 'NO'}")
        unchanged = _fresh(timed_run_lazy, str(corpus), str(output))
        print(f"run again, nothing changed (as `veille run`, model never loaded): {unchanged['run']:.2f} s "
              f"({unchanged['mode']}, {unchanged['parsed']} parsed; imports {unchanged['imports']:.1f} s apart)"
              + (f"; full because: {unchanged['reason']}" if unchanged["reason"] else ""))
        return 0 if same else 1
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
