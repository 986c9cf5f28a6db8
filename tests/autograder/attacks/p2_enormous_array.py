# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# An output far larger than the file-size limit: writing it fails, and nothing is kept.
def affine_forward(x, w, b):
    return np.ones((8000, 8000)), (x, w)


def affine_backward(dout, cache):
    return np.ones((8000, 8000)), np.ones((8000, 8000)), np.ones(10**8)
