"""Vectorised pooling (sliding_window_view, argmax + np.add.at); average-pool backward divides the upstream gradient in place (dout /= ph * pw) before scattering it. Off: modifies its dout argument in place; values right."""
# %% pooling
def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    N, C, Ho, Wo = win.shape[:4]
    flat = win.reshape(N, C, Ho, Wo, ph * pw)
    arg = flat.argmax(axis=4)
    return flat.max(axis=4), (x, pool_param, arg)


def max_pool_backward(dout, cache):
    x, pool_param, arg = cache
    pw, s = pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    n, c, i, j = np.ogrid[:N, :C, :Ho, :Wo]
    np.add.at(dx, (n, c, i * s + arg // pw, j * s + arg % pw), dout)
    return dx


def avg_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    return win.mean(axis=(4, 5)), (x.shape, pool_param)


def avg_pool_backward(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = dout.shape[2:]
    dout /= ph * pw
    dx = np.zeros(shape, dtype=dout.dtype)
    for p in range(ph):
        for q in range(pw):
            dx[:, :, p:p + s * Ho:s, q:q + s * Wo:s] += dout
    return dx
