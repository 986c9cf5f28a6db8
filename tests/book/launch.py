"""What each assignment chapter's header menu must offer on the built site, as _config.yml configures it."""

import sys
from pathlib import Path

import yaml

from autograder import assignments

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "book" / "_ext"))
import launch_paths  # noqa: E402

RELEASES = REPO / "_build" / "release"


def configured_colab_base() -> str:
    """The Colab prefix the site was built with ('' when _config.yml names no published releases)."""
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    return launch_paths.colab_base(config.get("sphinx", {}).get("config", {}).get("assignment_colab_base", ""))


def chapter_page(assignment_id: str) -> str:
    """The chapter's page, relative to the site's root."""
    return assignments.get(assignment_id).chapter.relative_to(REPO).with_suffix(".html").as_posix()


def expected_colab_links(assignment_id: str) -> list[str]:
    """Every Colab link the chapter must show for the assignment, each naming a notebook its release holds."""
    base = configured_colab_base()
    if not base:
        return []
    names = [f"{assignment_id}/{name}.ipynb" for name in assignments.get(assignment_id).notebook_names]
    missing = [name for name in names if not (RELEASES / name).is_file()]
    assert not missing, f"the release lacks {missing}: run `make releases`"
    return [f"{base}/{name}" for name in names]
