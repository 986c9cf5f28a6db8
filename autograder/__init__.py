"""Release, sandboxed grading and feedback for the book's nbgrader assignments."""

import os
import sys

# nbgrader creates gradebooks by running the `alembic` command, which lives beside this
# interpreter; put it on PATH so an unactivated venv works too.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

# jsonschema (imported by nbformat) compiles a grammar for about a second at import when
# the optional rfc3987_syntax is installed, to check the "iri" string format, which no
# notebook schema uses; every grading process would pay for it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "not installed"
