"""Max pooling by the reshape trick when windows tile the image (stride == pool size, sizes divisible), loops otherwise; the reshape backward splits the gradient equally among tied maxima. Off: convention slip on ties in tiling windows (shared instead of first maximum); average pooling correct."""
# %% pooling
def _tiles(x, ph, pw, s):
    N, C, H, W = x.shape
    return ph == pw == s and H % ph == 0 and W % pw == 0


def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    if _tiles(x, ph, pw, s):
        xr = x.reshape(N, C, H // ph, ph, W // pw, pw)
        out = xr.max(axis=3).max(axis=4)
        return out, (x, pool_param, xr, out)
    Ho, Wo = (H - ph) // s + 1, (W - pw) // s + 1
    out = np.zeros((N, C, Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param, None, out)


def max_pool_backward(dout, cache):
    x, pool_param, xr, out = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    if xr is not None:
        mask = xr == out[:, :, :, None, :, None]
        counts = mask.sum(axis=(3, 5), keepdims=True)
        dxr = mask * (dout[:, :, :, None, :, None] / counts)
        return dxr.reshape(x.shape).astype(x.dtype)
    dx = np.zeros_like(x)
    Ho, Wo = dout.shape[2:]
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    win = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    k = np.argmax(win)
                    dx[n, c, i * s + k // pw, j * s + k % pw] += dout[n, c, i, j]
    return dx


def avg_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::s, ::s]
    return win.mean(axis=(-2, -1)), (x.shape, pool_param)


def avg_pool_backward(dout, cache):
    shape, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = dout.shape[2:]
    dx = np.zeros(shape, dtype=dout.dtype)
    for p in range(ph):
        for q in range(pw):
            dx[:, :, p:p + s * Ho:s, q:q + s * Wo:s] += dout / (ph * pw)
    return dx
