"""Affine layer written with explicit Python loops for dw and db (np.zeros_like, so dtypes follow the inputs). Off: none."""
# %% affine
def affine_forward(x, w, b):
    N = x.shape[0]
    x_rows = x.reshape(N, -1)
    out = np.dot(x_rows, w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    x_rows = x.reshape(N, -1)
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        # each example adds an outer product to dw and its row of dout to db
        dw += np.outer(x_rows[n], dout[n])
        db += dout[n]
    return dx, dw, db
