# family: 6 escape and denial of service
# base: solution
# cell: tanh
# mode: append
# expect-lost: test_tanh, test_mlp
# expect-status: time limit
import signal


def tanh_backward(dout, cache):
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGXCPU):
        signal.signal(sig, signal.SIG_IGN)
    while True:
        pass
