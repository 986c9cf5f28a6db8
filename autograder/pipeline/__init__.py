"""Grading one notebook, stage by stage, as nbgrader's preprocessors do; one module per stage:

1. ``handin``: read the hand-in — the notebook's bytes, its solution cells by grade id, what is
   missing or duplicated; nothing is executed.
2. ``rebuild``: rebuild the program — the student's cells in the released template, and the job
   folder with the worker, the probes, the toolkit and every case's inputs.
3. ``run``: run it in the sandbox — cells then hidden cases, each phase under its time limit,
   restarted past a crash or an endless loop.
4. ``judge``: judge — the outputs against the oracle's answers, in the grader's process.
5. ``record``: record — scores, comments and status rows into nbgrader's gradebook.
6. ``feedback``: render the feedback — the page nbgrader's feedback shows.

``autograder.student`` runs stages 1–4 and 6 for one student on a worker; the coordinator
(``autograder.grade``) is the only one that records.
"""
