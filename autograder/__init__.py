"""Release, sandboxed grading and feedback for the book's nbgrader assignments."""

import os
import sys

# nbgrader creates gradebooks by running the `alembic` command, which lives beside this
# interpreter; put it on PATH so an unactivated venv works too.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")
