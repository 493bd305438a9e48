"""The HTML report, rendered in a real headless Chromium.

The interactive checks (a filter typed in, scripts that must not run) drive the system Chromium
through Playwright (`executable_path`: no browser download); without a Chromium they skip.
"""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from test_labelstudio import documented_commands, write_tables

from pipeline.cli import main
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


def actor_page_of(report: Path, actor_id: str) -> Path:
    return report.parent / "actors" / page_names([actor_id])[actor_id]


@pytest.fixture
def chromium_page(tmp_path):
    """A Playwright page in the system Chromium, with every console error and page error kept."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is a test dependency")
    with sync_api.sync_playwright() as playwright:
        engine = playwright.chromium.launch(executable_path=browser(), args=["--no-sandbox", "--disable-gpu"])
        page = engine.new_page(viewport={"width": 1200, "height": 1400})
        page.errors = []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        try:
            yield page
        finally:
            engine.close()


def test_index_holds_the_corpus_views_linked_to_articles_and_actors(report, seed_outputs):
    index = report.read_text(encoding="utf-8")
    for section in ("timeline", "quotes", "claims", "actors", "documents"):
        assert f'id="{section}"' in index
    assert '<svg class="chart" id="timeline"' in index and 'class="bar"' in index
    quotes = read_table(seed_outputs, "quotes")
    first = quotes.iloc[0]
    assert f'href="{page_names([first.doc_id])[first.doc_id]}#{first.quote_id.rsplit(":", 1)[-1]}"' in index
    assert f'href="actors/{page_names(["afp"])["afp"]}"' in index
    actors_table = index.split('<table id="actors-table">')[1].split("</table>")[0]
    afp_row = actors_table.split(f'href="actors/{page_names(["afp"])["afp"]}">AFP</a></td>')[1].split("</tr>")[0]
    assert "<td>2</td><td>3</td>" in afp_row  # who is quoted most: AFP's 2 quotes and 3 claims, sortable
    assert "<script>" in index and "src=" not in index  # the one script is inline


def test_each_actor_has_a_page_with_its_quotes_claims_and_companions(report, seed_outputs):
    actors = read_table(seed_outputs, "actors")
    pages = sorted(p.name for p in (report.parent / "actors").glob("*.html"))
    assert len(pages) == len(actors)
    page = actor_page_of(report, "wall-street-journal").read_text(encoding="utf-8")
    assert "<h1>Wall Street Journal</h1>" in page and "type MEDIA" in page
    assert 'id="actor-timeline"' in page and "quotes 2021-02: 1" in page
    assert "1 quote(s) with no month" in page  # its quote in the undated seed article
    assert 'id="quotes"' in page and "Quotes (2)" in page and 'id="quoted-with"' in page
    assert 'href="../seeds_' in page  # quotes link back to their article pages


def test_article_page_marks_speaker_and_cue_and_hover_names_speaker_and_rule(report):
    page = (report.parent / FIRST_PAGE).read_text(encoding="utf-8")
    assert '<span class="speaker-mention" title="speaker of' in page
    assert '<span class="cue" title="cue expliquer' in page
    assert 'title="speaker: AFP · rule: inversion/spokesperson · confidence: medium · cue: expliquer · direct"' in page
    assert '<span class="anchor" id="q1"></span>' in page


def test_report_is_byte_identical_on_a_second_run(seed_outputs, tmp_path):
    first = write_report(seed_outputs, ROOT / "corpus").parent
    before = {p.relative_to(first): p.read_bytes() for p in sorted(first.rglob("*.html"))}
    write_report(seed_outputs, ROOT / "corpus")
    after = {p.relative_to(first): p.read_bytes() for p in sorted(first.rglob("*.html"))}
    assert before == after and len(before) > 3


@pytest.mark.browser
def test_index_loads_cleanly_and_the_quote_filter_hides_other_rows(report, chromium_page, tmp_path):
    page = chromium_page
    page.goto(report.as_uri())
    rows = page.locator("#quotes-table tbody tr")
    total = rows.count()
    assert total == 8
    page.fill("#quotes-filter", "zhengfei")  # accents and case do not matter: Ren Zhengfei
    shown = page.locator("#quotes-table tbody tr:not([hidden])")
    assert shown.count() == 1 and "Ren Zhengfei" in shown.inner_text()
    assert page.inner_text("#quotes-table-shown") == "1"
    page.fill("#quotes-filter", "securite nationale")
    assert 0 < shown.count() < total
    assert all("sécurité nationale" in text for text in shown.all_inner_texts())
    page.fill("#quotes-filter", "")
    assert shown.count() == total
    page.click("#quotes-table th:nth-child(1)")  # sort by speaker
    speakers = [row.split("\t")[0] for row in rows.all_inner_texts()]
    assert speakers == sorted(speakers, key=str.casefold)
    shot = tmp_path / "index.png"
    page.screenshot(path=str(shot))
    pixels = png_pixels(shot)
    assert len(set(pixels[::7])) > 20, "the screenshot is blank"
    assert page.errors == []


@pytest.mark.browser
def test_actor_page_draws_its_timeline_in_chromium(report, chromium_page):
    page = chromium_page
    page.goto(actor_page_of(report, "wall-street-journal").as_uri())
    bars = page.locator("svg#actor-timeline rect.bar")
    assert bars.count() == 1
    box = bars.first.bounding_box()
    assert box["height"] > 50 and box["width"] > 5
    assert page.errors == []


HOSTILE = ("Le ministre a écrit <script>window.hacked = 1</script> puis "
           "<img src=x onerror=\"window.hacked = 2\"> et <a href=\"javascript:window.hacked = 3\">ce lien</a>. "
           "« Rien <b onmouseover=\"window.hacked = 4\">ne</b> change », a déclaré Meta.")


@pytest.mark.browser
def test_markup_in_an_article_is_shown_as_text_never_run(tmp_path, chromium_page):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")

    def at(words):
        start = HOSTILE.index(words)
        return {"doc_id": "hostile", "paragraph": "0", "start": str(start), "end": str(start + len(words)), "text": words}

    quoted = HOSTILE[HOSTILE.index("Rien"):HOSTILE.index(" »")]
    write_tables(tmp_path / "outputs", {
        "documents": [{"doc_id": "hostile", "source": "hostile.txt", "title": "<script>window.hacked = 5</script>",
                       "status": "ok", "n_paragraphs": "1"}],
        "paragraphs": [{**at(HOSTILE), "kind": "body"}],
        "actors": [{"actor_id": "meta", "name": "Meta <img src=x onerror=window.hacked=6>", "type": "ORG",
                    "aliases": "Meta", "n_mentions": "1", "n_documents": "1"}],
        "mentions": [{**at("Meta"), "label": "ORG", "actor_id": "meta", "method": "rule"}],
        "quotes": [{**at(quoted), "quote_id": "hostile:q1", "kind": "direct", "speaker": "Meta",
                    "speaker_actor_id": "meta", "speaker_name": "Meta", "cue": "déclarer", "rule": "inversion"}],
        "claims": [{**at("<script>window.hacked = 1</script>"), "claim_id": "hostile:c1", "actor_id": "meta",
                    "actor_name": "Meta", "predicate": "écrire", "polarity": "affirm", "modality": "asserted"}]})
    index = write_report(tmp_path / "outputs", corpus)
    article = index.parent / page_names(["hostile"])["hostile"]
    page = chromium_page
    for url in (article, index, index.parent / "actors" / page_names(["meta"])["meta"]):
        page.goto(url.as_uri())
        for element in page.locator("p, td, a, h1").element_handles():
            element.hover()
        assert page.evaluate("typeof window.hacked") == "undefined", url.name
        assert page.locator("img").count() == 0 and page.locator("a[href^=javascript]").count() == 0
        assert page.locator("body script").count() == 1  # the report's own
        assert page.errors == []
    page.goto(article.as_uri())
    shown = page.inner_text("body")
    assert "<script>window.hacked = 1</script>" in shown and 'onerror="window.hacked = 2"' in shown
    assert 'href="javascript:window.hacked = 3"' in shown


def test_the_commands_of_the_report_doc_write_the_report(tmp_path, nlp, monkeypatch, capsys):
    """docs/report.md as written, in a folder holding corpus/ (the run reuses the session's model)."""
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda rules, model=None: nlp)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    commands = documented_commands(ROOT / "docs" / "report.md", with_run=True)
    assert commands[0] == ["run", "corpus", "-o", "outputs", "--html"]
    assert main(commands[0]) == 0
    index = tmp_path / "outputs" / "report" / "index.html"
    first = index.read_bytes()
    assert b'id="quotes-filter"' in first and len(list((index.parent / "actors").glob("*.html"))) > 5
    for command in commands[1:]:
        assert main(command) == 0, command
    assert index.read_bytes() == first
