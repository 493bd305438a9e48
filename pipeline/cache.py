"""What the Extractor builds from the rules, kept on disk so that the next start-up reads it back.

The cache folder is `$VEILLE_CACHE`, else `$XDG_CACHE_HOME/veille`, else `~/.cache/veille`. Each
entry is a pickle named after what it holds and a key: the hash of the rules (every rule with its
file and line, every word list and setting) and of the versions the objects depend on (veille and
its source code, spaCy, the model, Python). A change in any of them is another key, so the entry is
built again; entries of older keys are removed when a new one is written.

A cache is an optimisation and never a reason to fail: an entry that cannot be read (truncated,
corrupt, from another layout) is built again, a folder that cannot be written is left alone, and
each says so once on stderr. Entries are written to a temporary file and renamed into place, so
that two processes starting together (`--jobs`) never read a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from pipeline.rules import Rules

ENVIRONMENT = "VEILLE_CACHE"
T = TypeVar("T")


def cache_folder() -> Path:
    """`$VEILLE_CACHE`, else the user's cache folder (XDG), else ~/.cache/veille."""
    if os.environ.get(ENVIRONMENT):
        return Path(os.environ[ENVIRONMENT]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "veille"


def _loaded_code() -> str:
    """The hash of the pipeline's source as this process imported it (this module is imported
    with the stages, by `pipeline.extractor`): a process that edits or outlives a change of the
    files on disk must not file the objects of its old code under the new code's key."""
    from pipeline.incremental.manifest import code_hash
    return code_hash()


LOADED_CODE = _loaded_code()


def cache_key(rules: Rules) -> str:
    """The hash of the rules' content and of every version a built object depends on."""
    from pipeline.incremental import versions  # veille, spaCy, the model, Python

    content = json.dumps({
        "versions": versions(code=LOADED_CODE), "words": rules.words, "settings": rules.settings,
        "patterns": {family: [(rule.file, rule.line, rule.data) for rule in found]
                     for family, found in rules.patterns.items()},
    }, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:24]


class BuildCache:
    """Get-or-build of pickled objects under one key; `loaded` and `built` name what each did."""

    def __init__(self, rules: Rules, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else cache_folder()
        self.key = cache_key(rules)
        self.loaded: list[str] = []
        self.built: list[str] = []
        self._noticed: set[str] = set()  # one notice of each kind per cache

    def get(self, name: str, build: Callable[[], T]) -> T:
        """The object stored under `name` for this key, or `build()` stored for next time."""
        path = self.folder / f"{name}-{self.key}.pickle"
        try:
            with path.open("rb") as file:
                value = pickle.load(file)
        except FileNotFoundError:
            pass
        except Exception as error:  # noqa: BLE001 — any unreadable entry is rebuilt, never fatal
            self._notice("read", f"cache entry {path} unreadable ({type(error).__name__}), rebuilt")
        else:
            self.loaded.append(name)
            return value
        value = build()
        self.built.append(name)
        self._store(name, path, value)
        return value

    def _store(self, name: str, path: Path, value) -> None:
        """Written atomically; older keys of the same name removed; any failure is only a notice."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(handle, "wb") as file:
                    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for older in self.folder.glob(f"{name}-*.pickle"):
                if older != path:
                    older.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError) as error:
            self._notice("write", f"cache folder {self.folder} not writable ({type(error).__name__}), "
                         "start-up builds the rules every time")

    def _notice(self, kind: str, message: str) -> None:
        if kind not in self._noticed:
            print(f"veille: notice: {message}", file=sys.stderr)
            self._noticed.add(kind)
