"""The built website (``make book`` first): every page there, no solution code anywhere, no CDN."""

import html
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from autograder import assignments
from autograder.sync import solution_lines
from tests.book import launch

pytestmark = pytest.mark.book
REPO = Path(__file__).resolve().parents[2]
HTML = REPO / "_build" / "html"


@pytest.fixture(scope="module", autouse=True)
def built():
    if not (HTML / "index.html").is_file():
        pytest.fail("the website is not built: run `make book` (make test does it first)")


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def test_every_toc_entry_has_a_page():
    missing = [f for f in toc_files() if not (HTML / f"{f}.html").is_file()]
    assert not missing


def test_no_page_or_source_shows_solution_code():
    secret = solution_lines([assignments.get(a) for a in assignments.known()])
    assert len(secret) > 20
    leaks = {}
    for path in list(HTML.rglob("*.html")) + list((HTML / "_sources").rglob("*")):
        if path.is_file():
            text = path.read_text(errors="replace")
            found = [line for line in secret if line in text]
            if found:
                leaks[str(path.relative_to(HTML))] = found
    assert not leaks


def test_executed_code_shows_outputs_and_figures():
    page = (HTML / "book" / "backprop.html").read_text()
    assert page.count('class="cell_output') >= 5
    assert len(re.findall(r'<img[^>]+alt="[^"]+"', page)) >= 3
    assert "Traceback" not in page


def test_math_is_served_locally():
    assert (HTML / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    for path in HTML.rglob("*.html"):
        text = path.read_text(errors="replace")
        assert "cdn.jsdelivr.net" not in text and "cdnjs.cloudflare.com" not in text, path
        if "$$" in text or "\\(" in text:
            assert "_static/mathjax/tex-mml-chtml.js" in text, path


@pytest.mark.parametrize("assignment_id", assignments.known())
def test_every_assignment_chapter_links_its_student_release(assignment_id):
    assignment = assignments.get(assignment_id)
    page = assignment.chapter.relative_to(REPO).with_suffix(".html")
    assert f"{assignment_id}.zip" in (HTML / page).read_text(), f"{page} does not link {assignment_id}.zip"
    (zipped,) = (HTML / "_downloads").rglob(f"{assignment_id}.zip")
    with zipfile.ZipFile(zipped) as z:
        names = set(z.namelist())
        notebooks = {f"{assignment_id}/{name}.ipynb" for name in assignment.notebook_names}
        assert notebooks | {f"{assignment_id}/toolkit/gradcheck.py"} <= names
        text = "".join(z.read(name).decode() for name in notebooks)
    assert "BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text


def chapter_sources() -> list[Path]:
    return [REPO / f"{f}.md" for f in toc_files() if "## Exercises" in (REPO / f"{f}.md").read_text()]


def test_every_chapter_has_further_reading():
    assert not [p.name for p in chapter_sources() if "### Further reading" not in p.read_text()]


def test_exercise_numbers_do_not_restart_within_a_chapter():
    for path in chapter_sources():
        text = path.read_text()
        exercises = text[text.index("## Exercises"):]
        exercises = re.sub(r"### Graded assignment.*?(?=\n### |\Z)", "", exercises, flags=re.S)
        numbers = [int(n) for n in re.findall(r"(?m)^(\d+)\. ", exercises)]
        assert numbers == list(range(1, len(numbers) + 1)), (path.name, numbers)


def test_structure_diagrams_are_svg_with_alt_text():
    pages = {"neural-networks": 1, "backprop": 1, "cnn": 1, "rnn": 1, "lstm-gru": 2, "autoencoders-vae": 1, "dbn": 1}
    for page, count in pages.items():
        html = (HTML / "book" / f"{page}.html").read_text()
        svgs = re.findall(r'<img[^>]+src="[^"]+\.svg"[^>]*>', html)
        assert len(svgs) >= count, page
        assert all(re.search(r'alt="[^"]{20,}"', tag) for tag in svgs), page


@pytest.mark.parametrize("assignment_id", assignments.known())
def test_every_assignment_chapter_menu_downloads_its_release_and_opens_colab_only_if_configured(assignment_id):
    page = HTML / launch.chapter_page(assignment_id)
    text = page.read_text()
    downloads = re.findall(rf'<a href="([^"]+)"[^>]*class="btn btn-sm btn-assignment-download-{assignment_id}\b', text)
    assert len(downloads) == 1, f"{page.name}: no Download entry for {assignment_id}"
    zipped = (page.parent / html.unescape(downloads[0])).resolve()
    assert zipped.is_file() and zipped.name == f"{assignment_id}.zip" and HTML.resolve() in zipped.parents
    colab = [html.unescape(href) for href in re.findall(r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-assignment-colab-', text)]
    assert colab == launch.expected_colab_links(assignment_id)
    if not colab:
        assert "colab.research.google.com" not in text
