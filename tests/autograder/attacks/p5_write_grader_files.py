# family: 5 theft and forgery
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Try to change what the grader reads or keeps: its job file, inputs, worker, results and
# gradebook, the feedback; print a fake score; forge file times.
import os
import sys
import time

attempts = {}
for path in ("/job/job.json", "/job/worker.py", "/job/probes/common.py", "/job/inputs/affine-0.npz", "/job/toolkit/__init__.py",
             "/job/grades.csv", "/job/../grades.csv", "/gradebook.db", "/tmp/../gradebook.db", "/usr/lib/x"):
    try:
        with open(path, "a") as f:
            f.write("hacked")
        attempts[path] = "WRITTEN"
    except OSError as exc:
        attempts[path] = type(exc).__name__
for path in ("/job", "/job/inputs"):
    try:
        os.utime(path, (0, 0))
    except OSError:
        pass
print("Score: 21 / 21\nAll tests passed.", file=sys.stderr)
print('{"score": 21, "max_score": 21, "status": "ok"}')
if "WRITTEN" in attempts.values():
    raise RuntimeError(f"LEAK: wrote a grader file: {attempts}")
