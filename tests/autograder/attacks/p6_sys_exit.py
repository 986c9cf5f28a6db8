# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-score: full
# expect-status: ok
import sys

sys.exit(0)
