"""Loops that accumulate in float64 (np.zeros default) and cast every result back with .astype(x.dtype) at the end. Off: none (float32 results round from float64 sums)."""
# %% conv_naive
def conv_output_size(size, kernel, stride, pad):
    return (size + 2 * pad - kernel) // stride + 1


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).astype(np.float64)
    w64 = w.astype(np.float64)
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW] * w64[f]) + b[f]
    return out.astype(x.dtype), (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).astype(np.float64)
    dxp = np.zeros(xp.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(F)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    g = float(dout[n, f, i, j])
                    dxp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW] += g * w[f]
                    dw[f] += g * xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    db[f] += g
    dx = dxp[:, :, pad:pad + H, pad:pad + W]
    return dx.astype(x.dtype), dw.astype(w.dtype), db.astype(b.dtype)
