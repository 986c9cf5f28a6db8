"""Vectorised (sliding_window_view + einsum) convolution whose db is summed with keepdims=True, so it has shape (1, F, 1, 1) instead of (F,). Off: db has the wrong shape; out, dx, dw right."""
# %% conv_fast
def _windows(x_pad, HH, WW, stride):
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, C, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(x_pad, HH, WW, stride)
    out = np.einsum("ncijkl,fckl->nfij", windows, w) + b.reshape(1, F, 1, 1)
    return out, (x, w, conv_param)


def conv_backward_fast(dout, cache):
    x, w, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = dout.shape[2], dout.shape[3]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(x_pad, HH, WW, stride)
    db = np.sum(dout, axis=(0, 2, 3), keepdims=True)
    dw = np.einsum("nfij,ncijkl->fckl", dout, windows)
    dx_pad = np.zeros_like(x_pad)
    for k in range(HH):
        for l in range(WW):
            dx_pad[:, :, k:k + stride * H_out:stride, l:l + stride * W_out:stride] += np.einsum("nfij,fc->ncij", dout, w[:, :, k, l])
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
