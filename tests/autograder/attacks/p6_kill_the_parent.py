# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-score: full
# expect-status: ok
# Kill the parent, the first process, and every process that can be signalled but ourselves.
import os
import signal

for pid in {os.getppid(), 1}:
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
