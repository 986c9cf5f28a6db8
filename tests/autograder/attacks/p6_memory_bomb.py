# family: 6 escape and denial of service
# base: solution
# cell: sgd
# mode: prepend
# expect-lost: test_sgd, test_train_digits
# expect-status: ok | time limit
blocks = []
while True:
    blocks.append(bytearray(2**28))
