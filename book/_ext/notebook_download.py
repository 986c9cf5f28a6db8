"""A ".ipynb" entry in each notebook page's download menu: the page as an executed notebook.

The chapters are MyST Markdown notebooks, so the theme only offers their ``.md`` source.
MyST-NB already writes every executed page to ``<build>/jupyter_execute/<page>.ipynb``;
this extension copies it next to the sources and lets sphinx-book-theme link it.
"""

import shutil
from pathlib import Path


def _is_notebook(app, pagename: str) -> bool:
    return "kernelspec" in app.env.metadata.get(pagename, {})


def _set_ipynb_source(app, pagename, templatename, context, doctree):
    if doctree is not None and _is_notebook(app, pagename):
        context["ipynb_source"] = f"{pagename}.ipynb"


def _copy_notebooks(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    executed = Path(app.outdir).parent / "jupyter_execute"
    for pagename in app.env.found_docs:
        source = executed / f"{pagename}.ipynb"
        if _is_notebook(app, pagename) and source.is_file():
            target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def setup(app):
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _set_ipynb_source, priority=499)
    app.connect("build-finished", _copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
