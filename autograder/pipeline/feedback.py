"""One HTML feedback page per student and notebook, in nbgrader's feedback format.

The page is the instructor's template with the student's solution cells put in; under
each solution cell, what went wrong when it ran; under each test cell, one line per
hidden check (what was tested, and which output or gradient is off and by how much).
Hidden test code and reference code never appear: neither is in the template.
"""

import copy
import functools
import html
from pathlib import Path

import nbformat

OURS = Path(__file__).resolve().parent.parent / "templates"
# Under a written answer that no one has scored yet (its score shows as 0 until someone does).
NOT_GRADED_YET = "This answer is graded by hand and has not been graded yet."


_rendered: dict[tuple, str] = {}  # ("code" or "text", source, ...) -> its HTML


def _remembered(key: tuple, render) -> str:
    """A page part the same for every student (the template's text and given code), rendered once."""
    if key not in _rendered:
        if len(_rendered) > 4096:  # students' own cells come and go
            _rendered.clear()
        _rendered[key] = render()
    return _rendered[key]


@functools.cache
def exporter():
    """nbconvert's HTML exporter with nbgrader's feedback template, built once per process.

    Imported here: they are slow. Its Jinja templates are compiled on first use and kept.
    """
    import importlib.util

    from jinja2 import pass_context as contextfilter
    from nbconvert.exporters import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from traitlets.config import Config

    class CachedHighlight(Highlight2HTML):
        """Pygments highlighting, remembered: most of a page's code cells are the template's given
        code, the same for every student, and highlighting was a third of a page's rendering."""

        def __call__(self, source, language=None, metadata=None):
            key = ("code", source, language or self.pygments_lexer, (metadata or {}).get("magics_language"))
            return _remembered(key, lambda: super(CachedHighlight, self).__call__(source, language, metadata))

    class FeedbackExporter(HTMLExporter):
        """HTMLExporter without its last pass, which parses the page again (BeautifulSoup, a third of
        the time) to give images alt text and JupyterLab cells tab stops: a feedback page, in the
        classic template and with text outputs only, has neither."""

        @contextfilter
        def markdown2html(self, context, source):
            """The template's text, the same for every student, rendered once (attachments: every time)."""
            if context.get("cell", {}).get("attachments"):
                return super().markdown2html(context, source)
            return _remembered(("text", source), lambda: super(FeedbackExporter, self).markdown2html(context, source))

        def from_notebook_node(self, nb, resources=None, **kw):
            lexer = nb.metadata.get("language_info", {}).get("pygments_lexer", "ipython3")
            self.register_filter("highlight_code", CachedHighlight(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    # nbgrader's templates, found without importing nbgrader (its package imports a Jupyter server).
    NBGRADER = Path(importlib.util.find_spec("nbgrader").submodule_search_locations[0]) / "server_extensions" / "formgrader"
    config = Config()
    config.HTMLExporter.template_name = "feedback_offline"
    config.HTMLExporter.optimistic_validation = True  # the notebook checked once, not after every preprocessor
    config.HTMLExporter.extra_template_basedirs = [str(OURS), str(NBGRADER / "templates")]
    config.HTMLExporter.extra_template_paths = [
        str(NBGRADER / "templates"),  # so that ours can extend "feedback/index.html.j2"
        str(NBGRADER / "static" / "node_modules" / "bootstrap" / "dist" / "css"),
    ]
    exporter = FeedbackExporter(config=config)
    exporter.register_preprocessor(CSSHTMLHeaderPreprocessor(), enabled=True)
    return exporter


def _stream(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def feedback_notebook(
    template: nbformat.NotebookNode,
    sources: dict[str, str | None],
    cell_notes: dict[str, str],
    test_lines: dict[str, list[str]],
    answers: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """The template with the student's cells, and notes as outputs.

    Args:
        template: the released notebook.
        sources: solution cell id -> the student's source (None: the cell could not be used).
        cell_notes: solution cell id -> what happened when it ran, or why it was not used.
        test_lines: grade cell id -> one line per hidden check.
        answers: written answer cell id -> the student's text, shown as Markdown with any
            HTML in it escaped (so it shows as typed and cannot script the reader's page).
    """
    nb = copy.deepcopy(template)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "markdown" and answers is not None and gid in answers:
            cell.source = html.escape(answers[gid], quote=False)
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if gid in sources:
            student = sources[gid]
            cell.source = student if student is not None else "# (this cell could not be taken from your notebook)"
        if cell_notes.get(gid):
            cell.outputs.append(_stream(cell_notes[gid] + "\n"))
        if gid in test_lines:
            cell.outputs.append(_stream("Hidden tests:\n" + "\n".join(test_lines[gid]) + "\n"))
    return nb


def render(
    nb: nbformat.NotebookNode, assignment: str, notebook: str, student: str, scores: dict[str, float],
    comments: dict[str, str],
) -> str:
    """The feedback page of ``nb`` with these scores and comments, as nbgrader's GetGrades would show them.

    GetGrades reads them back from the gradebook; here they come from the grading itself,
    so a page is rendered wherever the student was graded, before anything is committed.
    """
    nb = copy.deepcopy(nb)
    score = max_score = 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution"):
            meta["comment"] = comments.get(gid)
        if meta.get("grade") and gid not in scores and meta.get("solution"):
            meta["comment"] = meta.get("comment") or NOT_GRADED_YET
        if meta.get("grade"):
            meta["score"], meta["points"] = scores.get(gid, 0.0), float(meta.get("points", 0))
            score, max_score = score + meta["score"], max_score + meta["points"]
    resources = {"nbgrader": {"notebook": notebook, "assignment": assignment, "student": student, "score": score,
                              "max_score": max_score, "late_penalty": 0}}
    html, _ = exporter().from_notebook_node(nb, resources=resources)
    return html


def write_page(html: str, path: Path) -> None:
    """Write a rendered page atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
