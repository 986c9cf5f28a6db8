"""im2col that lays each window out as (kernel row, kernel column, channel) but flattens the filters as w.reshape(F, -1), i.e. (channel, row, column). Off: window and filter entries are paired wrongly whenever C > 1 (forward and backward consistently wrong)."""
# %% conv_fast
def _windows(x_pad, HH, WW, stride):
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = _windows(x_pad, HH, WW, stride)  # (N, C, Ho, Wo, HH, WW)
    Ho, Wo = win.shape[2], win.shape[3]
    cols = win.transpose(0, 2, 3, 4, 5, 1).reshape(N * Ho * Wo, HH * WW * C)
    out = cols @ w.reshape(F, -1).T + b
    out = out.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(out), (x, w, conv_param, cols)


def conv_backward_fast(dout, cache):
    x, w, conv_param, cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = dout.shape[2:]
    d = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = d.sum(axis=0)
    dw = (d.T @ cols).reshape(w.shape)
    dcols = (d @ w.reshape(F, -1)).reshape(N, Ho, Wo, HH, WW, C)
    dx_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=x.dtype)
    for p in range(HH):
        for q in range(WW):
            dx_pad[:, :, p:p + stride * Ho:stride, q:q + stride * Wo:stride] += dcols[:, :, :, p, q, :].transpose(0, 3, 1, 2)
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
