"""The HTML report, rendered in a real headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from pipeline.output.report import page_names, write_report
from pipeline.output.tables import read_table

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
FIRST_SEED = "seeds/000_029dc54680174176"
FIRST_PAGE = page_names([FIRST_SEED])[FIRST_SEED]


def browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no headless Chromium on this machine (`apt-get install chromium` installs one; .ci/run does)")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([browser(), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def png_pixels(path: Path) -> bytes:
    """The raw (filtered) scanlines of a PNG: enough to tell a blank page from a drawn one."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8:position + 8 + length])
        position += 12 + length
    return zlib.decompress(b"".join(chunks))


@pytest.fixture(scope="module")
def report(seed_outputs):
    return write_report(seed_outputs, ROOT / "corpus")


def test_report_has_index_and_one_page_per_document(report, seed_outputs):
    documents = read_table(seed_outputs, "documents")
    pages = sorted(p.name for p in report.parent.glob("*.html"))
    assert "index.html" in pages
    assert len(pages) == len(documents) + 1
    index = report.read_text(encoding="utf-8")
    assert FIRST_PAGE.startswith("seeds_000_029dc54680174176-")
    assert f'href="{FIRST_PAGE}"' in index
    assert "http://" not in index and "https://" not in index  # no external assets


@pytest.mark.browser
def test_first_seed_page_renders_its_extractions_in_chromium(report, seed_outputs, tmp_path):
    page = report.parent / FIRST_PAGE
    dom = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "dom").stdout
    assert "<h1>" in dom
    assert 'class="mention"' in dom and "TikTok" in dom
    assert 'class="repeat"' in dom  # the three repeated paragraphs are shown as repeats
    for table in ("quotes", "claims", "actors", "dates"):
        rows = read_table(seed_outputs, table) if table != "actors" else None
        assert f'id="{table}"' in dom
        if rows is not None and (rows["doc_id"] == FIRST_SEED).any():
            assert f'class="{table[:-1]}"' in dom
    shot = tmp_path / "page.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri(), profile=tmp_path / "shot")
    assert shot.exists(), result.stderr
    pixels = png_pixels(shot)
    not_white = sum(1 for byte in pixels[::7] if byte < 200)
    assert len(set(pixels[::7])) > 20 and not_white > len(pixels[::7]) * 0.01, "the screenshot is blank"
