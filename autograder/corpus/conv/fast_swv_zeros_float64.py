"""sliding_window_view + np.tensordot forward, einsum for dw, but dx_pad = np.zeros((N, C, Hp, Wp)) without dtype. Off: for float32 inputs dx comes back float64 (out, dw, db keep float32)."""
# %% conv_fast
def _windows(x_pad, HH, WW, stride):
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def conv_forward_fast(x, w, b, conv_param):
    s, p = conv_param["stride"], conv_param["pad"]
    F, C, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    win = _windows(xp, HH, WW, s)  # (N, C, Ho, Wo, HH, WW)
    out = np.tensordot(win, w, axes=((1, 4, 5), (1, 2, 3)))  # (N, Ho, Wo, F)
    out = out.transpose(0, 3, 1, 2) + b.reshape(1, -1, 1, 1)
    return out, (x, w, conv_param)


def conv_backward_fast(dout, cache):
    x, w, conv_param = cache
    s, p = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = dout.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    win = _windows(xp, HH, WW, s)
    dw = np.einsum("nfhw,nchwij->fcij", dout, win)
    db = dout.sum(axis=(0, 2, 3))
    dxp = np.zeros((N, C, H + 2 * p, W + 2 * p))
    for i in range(HH):
        for j in range(WW):
            dxp[:, :, i:i + s * Ho:s, j:j + s * Wo:s] += np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j])
    dx = dxp[:, :, p:p + H, p:p + W]
    return dx, dw, db
