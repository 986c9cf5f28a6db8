"""Affine layer that casts every input to float64 'for precision' (x.astype(np.float64)) and never casts back. Off: float32 inputs give float64 outputs and gradients (dtype slip); values right."""
# %% affine
def affine_forward(x, w, b):
    x64 = x.astype(np.float64).reshape(x.shape[0], -1)
    out = x64 @ w.astype(np.float64) + b.astype(np.float64)
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dout = dout.astype(np.float64)
    x64 = x.astype(np.float64).reshape(x.shape[0], -1)
    dx = (dout @ w.astype(np.float64).T).reshape(x.shape)
    dw = x64.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
