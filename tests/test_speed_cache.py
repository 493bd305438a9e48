"""The start-up cache: a second Extractor reads what the first built, and a rule change rebuilds it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cache import BuildCache, cache_folder
from pipeline.extractor import Extractor
from pipeline.ingest.read import read_file
from pipeline.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
ACTOR = '{"label": "ORG", "pattern": "Autorité des marchés numériques", "id": "Autorité des marchés numériques"}\n'
TEXT = "L'Autorité des marchés numériques a infligé jeudi une amende à Meta, a déclaré son président."


def every_row(extractor: Extractor) -> list:
    """The rows of the seed articles, table by table."""
    rows = []
    for path in sorted(SEEDS.glob("*.txt")):
        for document in read_file(path, SEEDS):
            extraction = extractor.process(document)
            rows.append((extraction.rows(), extraction.actors))
    return rows


def test_second_extractor_loads_from_the_cache_and_gives_the_same_rows(rules, nlp, tmp_path):
    first = Extractor(rules=rules, nlp=nlp, cache=BuildCache(rules, tmp_path))
    second = Extractor(rules=rules, nlp=nlp, cache=BuildCache(rules, tmp_path))
    assert (first.cache.built, first.cache.loaded) == (["actor_linker"], [])
    assert (second.cache.built, second.cache.loaded) == ([], ["actor_linker"])
    assert every_row(second) == every_row(first)


def test_a_changed_rule_file_rebuilds_and_replaces_the_old_entry(nlp, tmp_path):
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "actors_extra.jsonl").write_text(ACTOR, encoding="utf-8")
    before = load_rules(extra)
    Extractor(rules=before, nlp=nlp, cache=BuildCache(before, tmp_path / "cache"))
    (extra / "actors_extra.jsonl").write_text(ACTOR.replace('"ORG"', '"GOV"'), encoding="utf-8")
    after = load_rules(extra)
    rebuilt = Extractor(rules=after, nlp=nlp, cache=BuildCache(after, tmp_path / "cache"))
    assert rebuilt.cache.built == ["actor_linker"]
    assert [path.name for path in (tmp_path / "cache").glob("actor_linker-*")] == [
        f"actor_linker-{rebuilt.cache.key}.pickle"]
    [mention] = [m for m in rebuilt.extract(TEXT).mentions if m.name == "Autorité des marchés numériques"]
    assert mention.type == "GOV"


def test_a_corrupt_entry_is_rebuilt_with_a_notice(rules, nlp, tmp_path, capsys):
    cache = BuildCache(rules, tmp_path)
    (tmp_path / f"actor_linker-{cache.key}.pickle").write_bytes(b"\x80\x05 tronqu\xc3\xa9")
    extractor = Extractor(rules=rules, nlp=nlp, cache=cache)
    assert cache.built == ["actor_linker"]
    assert "cache entry" in capsys.readouterr().err
    assert "Meta" in {m.name for m in extractor.extract(TEXT).mentions}
    assert BuildCache(rules, tmp_path).get("actor_linker", lambda: None) is not None  # stored anew


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_folder_is_a_notice_not_a_failure(rules, nlp, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        extractor = Extractor(rules=rules, nlp=nlp, cache=BuildCache(rules, locked))
        assert extractor.cache.built == ["actor_linker"] and "not writable" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


def test_a_cache_folder_that_is_a_file_is_a_notice_not_a_failure(rules, nlp, tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("pas un dossier", encoding="utf-8")
    extractor = Extractor(rules=rules, nlp=nlp, cache=BuildCache(rules, blocked))
    assert extractor.cache.built == ["actor_linker"] and "not writable" in capsys.readouterr().err
    assert "Meta" in {m.name for m in extractor.extract(TEXT).mentions}


def test_cache_folder_is_veille_cache_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("VEILLE_CACHE", str(tmp_path / "ici"))
    assert cache_folder() == tmp_path / "ici"
    monkeypatch.delenv("VEILLE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "veille"


def test_benchmark_help_example_runs_and_prints_bare_and_pipeline_times(capsys):
    """The example of `python -m benchmarks.bench --help`, as written (`make bench` runs it all)."""
    import re
    import shlex

    from benchmarks import bench

    with pytest.raises(SystemExit):
        bench.main(["--help"])
    [command] = re.findall(r"^  (python -m benchmarks\.bench .*)$", capsys.readouterr().out, flags=re.M)
    assert bench.main(shlex.split(command)[3:]) == 0
    out = capsys.readouterr().out
    assert "generated: 3 articles" in out
    [row] = [line.split() for line in out.splitlines() if line.strip().startswith("1 ")]
    bare, veille, ratio = map(float, row[1:4])
    assert bare > 0 and veille > 0 and ratio > 0
    assert "rows: actors" in out and "statuses {'ok': 3}" in out


def test_the_key_is_the_code_this_process_loaded_not_the_files_on_disk_now(rules, monkeypatch):
    """A long-running process whose source files change under it keeps filing under its old key."""
    import pipeline.incremental.manifest as manifest
    from pipeline.cache import cache_key

    before = cache_key(rules)
    monkeypatch.setattr(manifest, "code_hash", lambda: "edited since import")
    assert cache_key(rules) == before
