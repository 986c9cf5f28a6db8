"""The instructor's command line: ``python -m autograder {release,solution,grade,sync} ...``."""

import gc

from autograder.cli import main

status = main()
# What the command made is left to the operating system: the interpreter's last collections
# would walk every object of it first (0.6 s after a class is graded). Files are closed by now.
gc.freeze()
raise SystemExit(status)
