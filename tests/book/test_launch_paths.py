"""The assignment menu (book/_ext/launch_paths.py) on a tiny Sphinx project laid out like the book.

The project has the backprop chapter's docname, a stand-in for its release zip and the
book's theme; it is built twice, without a Colab address (no Colab entry, the Download
link resolves) and with one (every Colab link well formed and naming a notebook the
release holds). The real site, in its default configuration, is checked by test_site.py.
"""

import html
import re
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError

from autograder import assignments

from tests.book.launch import REPO, launch_paths

ASSIGNMENT = "backprop"
GITHUB = "https://github.com/someone/deep-learning-releases/tree/releases"


CHAPTER = assignments.get(ASSIGNMENT).chapter.relative_to(REPO)


def project(tmp_path: Path, colab: str, zipped: bool = True) -> Sphinx:
    """The tiny project: a home page, the chapter (at its docname), the release zip if ``zipped``."""
    src = tmp_path / "src"
    (src / CHAPTER).parent.mkdir(parents=True)
    (src / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   " + CHAPTER.with_suffix("").as_posix() + "\n")
    (src / CHAPTER.with_suffix(".rst")).write_text("Backpropagation\n===============\n\nThe chapter.\n")
    if zipped:
        (src / "_build" / "downloads").mkdir(parents=True)
        (src / "_build" / "downloads" / f"{ASSIGNMENT}.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (src / "conf.py").write_text(
        f"extensions = ['launch_paths']\nhtml_theme = 'sphinx_book_theme'\nexclude_patterns = ['_build']\nassignment_colab_base = {colab!r}\n"
    )
    return Sphinx(str(src), str(src), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html", status=None, warning=None, freshenv=True)


def build(tmp_path: Path, colab: str) -> str:
    """Build the tiny project; return the chapter's HTML."""
    project(tmp_path, colab).build()
    return (tmp_path / "html" / CHAPTER.with_suffix(".html")).read_text()


def links(page: str) -> dict[str, str]:
    """The assignment menu's links: label -> href."""
    return {m["label"]: html.unescape(m["href"]) for m in re.finditer(r'<a href="(?P<href>[^"]+)"[^>]*class="btn btn-sm btn-assignment-(?P<label>(?:download|colab)-[\w-]+)', page)}


def test_without_a_colab_address_the_menu_offers_the_download_alone(tmp_path):
    page = build(tmp_path, "")
    menu = links(page)
    assert set(menu) == {f"download-{ASSIGNMENT}"}
    assert "colab.research.google.com" not in page
    zipped = (tmp_path / "html" / "book" / menu[f"download-{ASSIGNMENT}"]).resolve()
    assert zipped.name == f"{ASSIGNMENT}.zip" and zipped.is_file()


def test_with_a_colab_address_every_notebook_opens_from_it(tmp_path):
    menu = links(build(tmp_path, GITHUB))
    expected = {
        f"colab-{name}": f"https://colab.research.google.com/github/someone/deep-learning-releases/blob/releases/{ASSIGNMENT}/{name}.ipynb"
        for name in assignments.get(ASSIGNMENT).notebook_names
    }
    assert {label: url for label, url in menu.items() if label.startswith("colab-")} == expected
    assert (tmp_path / "html" / "book" / menu[f"download-{ASSIGNMENT}"]).resolve().is_file()


def test_a_page_that_teaches_no_assignment_has_no_menu(tmp_path):
    build(tmp_path, GITHUB)
    assert "btn-assignment-" not in (tmp_path / "html" / "index.html").read_text()


def test_every_assignment_has_a_chapter_and_its_notebooks():
    chapters = launch_paths.by_chapter()
    listed = sorted(p.id for paths in chapters.values() for p in paths)
    assert listed == assignments.known()
    for docname in chapters:
        assert (REPO / f"{docname}.md").is_file(), docname


@pytest.mark.parametrize("address", ["https://github.com/someone/repo/tree/main/releases", "https://github.com/someone/repo/tree/main/"])
def test_a_github_folder_address_becomes_colab_s(address):
    assert launch_paths.colab_base(address) == "https://colab.research.google.com/github/someone/repo/blob/" + address.split("/tree/")[1].rstrip("/")


@pytest.mark.parametrize("address", ["https://gitlab.com/someone/repo/-/tree/main", "someone/repo", "https://github.com/someone/repo", "http://github.com/a/b/tree/main"])
def test_an_address_colab_cannot_open_is_refused_by_name(address):
    with pytest.raises(ConfigError, match="assignment_colab_base"):
        launch_paths.colab_base(address)


def test_a_missing_release_zip_stops_the_build(tmp_path):
    app = project(tmp_path, "", zipped=False)
    with pytest.raises(ExtensionError, match="make releases"):
        app.build()
