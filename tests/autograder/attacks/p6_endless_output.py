# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-score: full
# expect-status: ok
# Output is capped (the file-size limit): once it is reached, print raises and the cell ends.
import sys

line = "x" * 100_000
while True:
    print(line)
    print(line, file=sys.stderr)
