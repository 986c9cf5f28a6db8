# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# Right values in the wrong container: float32, integers, a transposed or flattened shape, a list.
def affine_forward(x, w, b):
    return (x.reshape(x.shape[0], -1) @ w + b).astype(np.float32), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = (dout @ w.T).tolist()
    dw = (x.reshape(x.shape[0], -1).T @ dout).T
    db = dout.sum(axis=0).astype(np.int64)
    return dx, dw, db
