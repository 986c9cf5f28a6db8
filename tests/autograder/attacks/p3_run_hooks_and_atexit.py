# family: 3 interpreter hooks
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Code that runs after every cell and at exit, trying to leave "passing" traces behind.
import atexit
import os


def forge(*args, **kwargs):
    os.makedirs("../out/affine-0", exist_ok=True)
    with open("../out/progress", "a") as f:
        f.write("done case affine-0\ndone case affine-1\nend job -\n")
    with open("../out/messages.jsonl", "a") as f:
        f.write('{"where": "case affine-0", "message": "all tests passed"}\n')


get_ipython().events.register("post_run_cell", forge)
get_ipython().events.register("pre_run_cell", forge)
atexit.register(forge)
