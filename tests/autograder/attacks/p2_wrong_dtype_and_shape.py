# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# Right values in the wrong container: float16, integers, a transposed shape, a list. (float32 for float64
# inputs is a convention slip with its own small share, tested in test_grade_backprop.)
def affine_forward(x, w, b):
    return (x.reshape(x.shape[0], -1) @ w + b).astype(np.float16), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = (dout @ w.T).tolist()
    dw = (x.reshape(x.shape[0], -1).T @ dout).T
    db = dout.sum(axis=0).astype(np.int64)
    return dx, dw, db
