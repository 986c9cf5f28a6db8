"""'Vectorised' by batching over examples and filters with np.tensordot but still looping over every output position (H'·W' iterations in forward and backward). Off: breaks the stated vectorisation rule (the visible python_steps test counts ~4,700 lines > 500), although values are right and the wall time is small."""
# %% conv_fast
def _windows(x_pad, HH, WW, stride):
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho = (H + 2 * pad - HH) // stride + 1
    Wo = (W + 2 * pad - WW) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            patch = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    out += b[None, :, None, None]
    return out, (x, w, b, conv_param)


def conv_backward_fast(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, F, Ho, Wo = dout.shape
    _, C, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(Ho):
        for j in range(Wo):
            g = dout[:, :, i, j]
            patch = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            dxp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW] += np.tensordot(g, w, axes=([1], [0]))
            dw += np.tensordot(g, patch, axes=([0], [0]))
    db = dout.sum(axis=(0, 2, 3))
    return dxp[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]], dw, db
