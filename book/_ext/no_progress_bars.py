"""The book's pages execute with tqdm's progress bars off (``TQDM_DISABLE=1``, which
``toolkit.progress_bar`` honours): a bar under a Jupyter kernel is a widget, and a page with a
widget output makes MyST-NB load the widgets' JavaScript from a CDN. The kernels that execute the
pages are started by this build and inherit its environment."""

import os


def setup(app):
    os.environ["TQDM_DISABLE"] = "1"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
