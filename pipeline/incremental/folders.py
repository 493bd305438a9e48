"""The output folder and the corpus: which folders a run may use, what the walk leaves out, and
what a killed or earlier run left that no longer describes the tables."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

from pipeline.incremental.manifest import MANIFEST, MANIFEST_START, STATE
from pipeline.ingest import read as ingest
from pipeline.output.tables import COLUMNS


class FolderError(ValueError):
    """The output folder and the corpus overlap in a way a run cannot work with."""


def holds_manifest(folder: str | Path) -> bool:
    """Whether the folder is the output folder of a run: its run.json is a veille manifest."""
    try:
        with open(os.path.join(folder, MANIFEST), "rb") as handle:
            return bool(MANIFEST_START.match(handle.read(200)))
    except OSError:
        return False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def folder_problem(corpus: Path, output: Path, chosen: Iterable[Path] = ()) -> str | None:
    """Why the run cannot use these folders, or None. An output folder inside the corpus is
    allowed: it is excluded from the corpus (so is every folder holding a manifest). With files
    given one by one (`chosen`), each folder among them is a corpus of its own here."""
    if chosen:
        return next(filter(None, (folder_problem(path, output) for path in chosen if os.path.isdir(path))), None)
    real_corpus, real_output = os.path.realpath(corpus), os.path.realpath(output)
    if real_output == real_corpus:
        return f"the output folder is the corpus folder ({output}); choose another output folder"
    if _inside(real_corpus, real_output):
        return (f"the output folder {output} contains the corpus {corpus}; choose an output folder "
                "outside the corpus, or inside it (it is then excluded from the corpus)")
    if holds_manifest(real_corpus):
        return f"{corpus} is the output folder of a veille run (it holds {MANIFEST}), not a corpus"
    return None


class _Excluded:
    """The folders the corpus walk does not enter: the output folder and any folder holding a
    manifest (the output of another run). `ingest._walk` asks `realpath in excluded`."""

    def __init__(self, output: Path):
        self.output = os.path.realpath(output)

    def __contains__(self, real: str) -> bool:
        return real == self.output or holds_manifest(real)


def walk(corpus: Path, output: Path, follow_outside_links: bool | None = None,
         chosen: Iterable[str] = ()) -> list[tuple[Path, str, str]]:
    """The entries of `read_corpus`, in its order, output folders left out (`chosen`: the files
    and folders given instead of the whole corpus folder, see `ingest.locate`)."""
    if follow_outside_links is None:
        follow_outside_links = ingest.FOLLOW_OUTSIDE_LINKS
    return ingest._walk(Path(corpus), _Excluded(output), follow_outside_links, tuple(map(Path, chosen)))


def file_key(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus).as_posix()


def remove_leftovers(output: Path) -> None:
    """What a killed run left of the state and the manifest (the tables' own are TableWriter's)."""
    for stale in [*output.glob(f".{STATE}.*.tmp"), *output.glob(f".{MANIFEST}.*.tmp")]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def remove_unwritten(output: Path, excel: bool, html: bool) -> list[str]:
    """The Excel copy and the report of an earlier run that this one did not ask for: removed,
    so nothing in the folder describes other tables. A folder holding files veille does not
    write is left alone (and named in the returned notes)."""
    from pipeline.output.report.pages import ACTORS_FOLDER

    def written(folder: Path, ours, subfolders: tuple[str, ...] = ()) -> bool:
        return all((entry.is_file() and (ours(entry) or entry.name.startswith(".")))
                   or (entry.name in subfolders and entry.is_dir() and not entry.is_symlink() and written(entry, ours))
                   for entry in folder.iterdir())

    notes = []
    for name, wanted, ours, subfolders in (
            ("excel", excel, lambda p: p.name in {f"{t}.csv" for t in COLUMNS}, ()),
            ("report", html, lambda p: p.suffix == ".html", (ACTORS_FOLDER,))):  # the actors' pages
        folder = output / name
        if wanted or not folder.is_dir() or folder.is_symlink():
            continue
        if written(folder, ours, subfolders):
            shutil.rmtree(folder)
        else:
            notes.append(f"{folder} holds files veille did not write: left as it is, though it "
                         "does not describe these tables")
    for table in COLUMNS:  # Parquet copies describe the previous tables; --format parquet writes new ones
        (output / f"{table}.parquet").unlink(missing_ok=True)
    return notes
