# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: append
# expect-lost: test_sgd, test_train_digits
# expect-status: crashed
import os

os._exit(0)
