# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# NaN compares false with everything: a comparison written as "not (error > tol)" would pass it.
def affine_forward(x, w, b):
    return np.full((x.shape[0], w.shape[1]), np.nan), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return np.full(x.shape, np.nan), np.full(w.shape, np.inf), np.full(w.shape[1], -np.inf)
