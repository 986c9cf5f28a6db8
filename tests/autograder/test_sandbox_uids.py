"""Two grading runs on one machine never share a sandbox uid, so their process limits never add up."""

import subprocess
import sys

from autograder.sandbox import claim_uids

HOLD = "from autograder.sandbox import claim_uids; import sys, time; print(*claim_uids(2)); sys.stdout.flush(); time.sleep(30)"


def test_another_process_gets_other_uids_and_they_are_freed_when_it_ends():
    other = subprocess.Popen([sys.executable, "-c", HOLD], stdout=subprocess.PIPE, text=True)
    try:
        theirs = {int(u) for u in other.stdout.readline().split()}
        mine = set(claim_uids(2))
        assert len(theirs) == 2 and len(mine) == 2 and not theirs & mine
    finally:
        other.kill()
        other.wait()
    again = subprocess.run([sys.executable, "-c", HOLD.replace("time.sleep(30)", "pass")], capture_output=True, text=True)
    assert {int(u) for u in again.stdout.split()} & theirs  # released with the process that held them
