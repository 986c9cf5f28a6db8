"""An "Assignment" menu in the header of each assignment's chapter: Download, and Open in Colab.

Which chapter teaches which assignment is the registry's (``exercises/<id>/assignment.toml``,
``chapter = ...``), never a list kept here. The download is the student release that
``make releases`` zips into ``_build/downloads/<id>.zip``, served by the site itself, so its
link is relative and always works. Colab opens notebooks only from GitHub (or Gist, or Drive),
not from an arbitrary address, so "Open in Colab" needs to know where the releases are
published: ``assignment_colab_base`` in ``_config.yml`` (``sphinx: config:``), the GitHub
address of a copy of ``_build/release/`` (``https://github.com/<owner>/<repo>/tree/<branch>``,
optionally followed by a folder). Unset or empty, the Colab entry is left out.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sphinx.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
# The book is built from this checkout: its registry, not that of an installed copy of the project.
if sys.path[:1] != [str(REPO)]:
    sys.path.insert(0, str(REPO))

from autograder import assignments  # noqa: E402

COLAB = "https://colab.research.google.com/github"
# https://github.com/<owner>/<repo>/tree/<branch>[/<folder>]; "blob" is accepted as GitHub accepts it.
GITHUB_TREE = re.compile(r"https://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/(?:tree|blob)/(?P<rest>[^?#\s]+?)/?")


@dataclass(frozen=True)
class LaunchPaths:
    """Where one assignment's release can be had: the zip on the site, the notebooks in Colab."""

    id: str
    zip_source: str  # the zip, relative to the book's source folder (Sphinx's download key)
    notebooks: tuple[str, ...]  # paths inside the release folder, e.g. "backprop/backprop.ipynb"


def colab_base(github_url: str) -> str:
    """The Colab prefix for ``github_url``: ``<COLAB>/<owner>/<repo>/blob/<branch>[/<folder>]``.

    Empty in, empty out (no Colab entry); anything but a GitHub tree address is a ConfigError.
    """
    github_url = (github_url or "").strip()
    if not github_url:
        return ""
    match = GITHUB_TREE.fullmatch(github_url)
    if match is None:
        raise ConfigError(
            f"assignment_colab_base must be a GitHub folder address, https://github.com/<owner>/<repo>/tree/<branch>[/<folder>], not {github_url!r}"
        )
    return f"{COLAB}/{match['owner']}/{match['repo']}/blob/{match['rest']}"


@functools.cache
def by_chapter() -> dict[str, list[LaunchPaths]]:
    """Docname of each assignment's chapter -> the assignments it teaches, in registry order.

    The book's source folder is the repository's root (``_config.yml`` is there), so a
    chapter's docname is its path from the root and the zip is ``make releases``' own path.
    """
    chapters: dict[str, list[LaunchPaths]] = {}
    for assignment_id in assignments.known():
        assignment = assignments.get(assignment_id)
        docname = assignment.chapter.relative_to(REPO).with_suffix("").as_posix()
        notebooks = tuple(f"{assignment_id}/{name}.ipynb" for name in assignment.notebook_names)
        chapters.setdefault(docname, []).append(LaunchPaths(assignment_id, f"_build/downloads/{assignment_id}.zip", notebooks))
    return chapters


def _register_downloads(app, docname, source):
    """Have Sphinx copy each zip its chapter offers: the same file the chapter's {download} role names."""
    for paths in by_chapter().get(docname, []):
        if not (Path(app.srcdir) / paths.zip_source).is_file():
            raise FileNotFoundError(f"{paths.zip_source} is missing: run `make releases` before building the book")
        app.env.dlfiles.add_file(docname, paths.zip_source)


def menu(paths: list[LaunchPaths], dest_of: dict[str, str], pathto, base: str) -> dict:
    """The header menu (sphinx-book-theme's button group) for one chapter's assignments."""
    buttons = []
    for p in paths:
        buttons.append({
            "type": "link",
            "text": f"Download {p.id}.zip",
            "tooltip": "The notebook and the toolkit it imports, to run in your own Jupyter",
            "icon": "fas fa-file-archive",
            "url": pathto(f"_downloads/{dest_of[p.zip_source]}", 1),
            "label": f"assignment-download-{p.id}",
        })
        for notebook in p.notebooks if base else ():
            buttons.append({
                "type": "link",
                "text": f"Open {Path(notebook).name} in Colab",
                "tooltip": "Colab opens the notebook alone: upload the zip's toolkit folder next to it",
                "icon": "fas fa-rocket",
                "url": f"{base}/{notebook}",
                "label": f"assignment-colab-{Path(notebook).stem}",
            })
    return {"type": "group", "tooltip": "The graded assignment", "icon": "fas fa-pencil-alt", "buttons": buttons, "label": "assignment-buttons"}


def _add_menu(app, pagename, templatename, context, doctree):
    paths = by_chapter().get(pagename)
    if doctree is None or not paths or "header_buttons" not in context:
        return
    dest_of = {source: dest for source, (_docs, dest) in app.env.dlfiles.items()}
    context["header_buttons"].append(menu(paths, dest_of, context["pathto"], colab_base(app.config.assignment_colab_base)))


def _check_config(app):
    colab_base(app.config.assignment_colab_base)  # a bad address fails the build at once, not a page


def setup(app):
    app.add_config_value("assignment_colab_base", "", "html", types=[str])
    app.connect("builder-inited", _check_config)
    app.connect("source-read", _register_downloads)
    # After the theme's prep_header_buttons (priority 500), before it renders them.
    app.connect("html-page-context", _add_menu, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
