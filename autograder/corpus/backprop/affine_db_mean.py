"""Affine layer whose db averages dout over the batch (np.mean) instead of summing it. Off: db is 1/N of the right value (right only for a batch of one)."""
# %% affine
def affine_forward(x, w, b):
    x2 = x.reshape(x.shape[0], -1)
    out = x2.dot(w) + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x2.T.dot(dout)
    db = np.mean(dout, axis=0)
    return dx, dw, db
