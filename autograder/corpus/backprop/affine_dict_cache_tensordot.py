"""Affine layer with a dict cache, np.matmul/tensordot and keepdims sums squeezed afterwards. Off: none."""
# %% affine
def affine_forward(x, w, b):
    flat = np.reshape(x, (x.shape[0], np.prod(x.shape[1:])))
    out = np.matmul(flat, w) + b.reshape(1, -1)
    cache = {"x_shape": x.shape, "flat": flat, "w": w}
    return out, cache


def affine_backward(dout, cache):
    dw = np.tensordot(cache["flat"], dout, axes=([0], [0]))
    dx = np.tensordot(dout, cache["w"], axes=([1], [1])).reshape(cache["x_shape"])
    db = np.sum(dout, axis=0, keepdims=True).squeeze(0)
    return dx, dw, db
