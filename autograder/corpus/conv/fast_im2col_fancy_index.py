"""im2col by fancy indexing (row index k, i, j arrays built with np.repeat/np.tile), one matrix product, col2im with np.add.at. Off: none."""
# %% conv_fast
def _windows(x_pad, HH, WW, stride):
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def _im2col_indices(C, H, W, HH, WW, stride, pad):
    H_out = (H + 2 * pad - HH) // stride + 1
    W_out = (W + 2 * pad - WW) // stride + 1
    i0 = np.tile(np.repeat(np.arange(HH), WW), C)
    i1 = stride * np.repeat(np.arange(H_out), W_out)
    j0 = np.tile(np.arange(WW), HH * C)
    j1 = stride * np.tile(np.arange(W_out), H_out)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), HH * WW).reshape(-1, 1)
    return k, i, j, H_out, W_out


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    k, i, j, H_out, W_out = _im2col_indices(C, H, W, HH, WW, stride, pad)
    cols = x_pad[:, k, i, j]  # (N, C*HH*WW, H_out*W_out)
    out = np.einsum("fk,nkp->nfp", w.reshape(F, -1), cols) + b.reshape(1, F, 1)
    out = out.reshape(N, F, H_out, W_out)
    cache = (x, w, conv_param, cols)
    return out, cache


def conv_backward_fast(dout, cache):
    x, w, conv_param, cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    dout_flat = dout.reshape(N, F, -1)
    db = dout_flat.sum(axis=(0, 2))
    dw = np.einsum("nfp,nkp->fk", dout_flat, cols).reshape(w.shape)
    dcols = np.einsum("fk,nfp->nkp", w.reshape(F, -1), dout_flat)
    k, i, j, _, _ = _im2col_indices(C, H, W, HH, WW, stride, pad)
    dx_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=x.dtype)
    np.add.at(dx_pad, (slice(None), k, i, j), dcols)
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    return dx, dw, db
