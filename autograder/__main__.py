"""The instructor's command line: ``python -m autograder {release,solution,grade,sync} ...``."""

from autograder.cli import main

raise SystemExit(main())
