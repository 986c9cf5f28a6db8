# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-score: full
# expect-status: ok
# Write until the disk is full, in every writable place; stop at the quota and go on.
import os

block = b"\0" * 2**20
for folder in (".", "/tmp", os.path.expanduser("~")):
    for i in range(100_000):
        try:
            with open(os.path.join(folder, f"fill-{i}"), "wb") as f:
                for _ in range(32):
                    f.write(block)
        except OSError:
            break
