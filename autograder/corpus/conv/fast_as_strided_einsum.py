"""Windows built with np.lib.stride_tricks.as_strided from the padded input's strides, np.einsum for the forward pass and dw, a loop over kernel offsets to scatter dx. Off: none."""
# %% conv_fast
from numpy.lib.stride_tricks import as_strided


def _windows(x_pad, HH, WW, stride):
    N, C, Hp, Wp = x_pad.shape
    H_out = (Hp - HH) // stride + 1
    W_out = (Wp - WW) // stride + 1
    sN, sC, sH, sW = x_pad.strides
    return as_strided(
        x_pad,
        shape=(N, C, H_out, W_out, HH, WW),
        strides=(sN, sC, sH * stride, sW * stride, sH, sW),
        writeable=False,
    )


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = _windows(x_pad, w.shape[2], w.shape[3], stride)
    out = np.einsum("ncijpq,fcpq->nfij", win, w, optimize=True) + b[None, :, None, None]
    return out, (x_pad, w, conv_param, x.shape)


def conv_backward_fast(dout, cache):
    x_pad, w, conv_param, x_shape = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, C, HH, WW = w.shape
    H_out, W_out = dout.shape[2], dout.shape[3]
    win = _windows(x_pad, HH, WW, stride)
    dw = np.einsum("nfij,ncijpq->fcpq", dout, win, optimize=True)
    db = np.einsum("nfij->f", dout)
    dx_pad = np.zeros_like(x_pad)
    for p in range(HH):
        for q in range(WW):
            dx_pad[:, :, p:p + stride * H_out:stride, q:q + stride * W_out:stride] += np.einsum(
                "nfij,fc->ncij", dout, w[:, :, p, q])
    H, W = x_shape[2], x_shape[3]
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
