"""Vectorised max pooling with sliding_window_view and np.add.at (correct); average-pool backward assigns dout/(ph·pw) to each window instead of adding. Off: average pooling's dx is wrong where windows overlap."""
# %% pooling
def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    flat = win.reshape(win.shape[0], win.shape[1], win.shape[2], win.shape[3], -1)
    idx = np.argmax(flat, axis=-1)
    out = flat.max(axis=-1)
    return out, (x, pool_param, idx)


def max_pool_backward(dout, cache):
    x, pool_param, idx = cache
    pw, s = pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    nn, cc, ii, jj = np.meshgrid(np.arange(N), np.arange(C), np.arange(Ho), np.arange(Wo), indexing="ij")
    np.add.at(dx, (nn, cc, ii * s + idx // pw, jj * s + idx % pw), dout)
    return dx


def avg_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    return win.mean(axis=(4, 5)), (x.shape, pool_param)


def avg_pool_backward(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(shape, dtype=dout.dtype)
    Ho, Wo = dout.shape[2:]
    for i in range(Ho):
        for j in range(Wo):
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] = dout[:, :, i:i + 1, j:j + 1] / (ph * pw)
    return dx
