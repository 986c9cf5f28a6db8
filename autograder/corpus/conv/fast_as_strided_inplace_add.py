"""as_strided windows for the forward pass, and in the backward pass a writeable as_strided window view of dx_pad updated with one `+=`. Off: where windows overlap (stride < kernel) the view aliases the same memory several times and `+=` keeps only one contribution per element, so dx is wrong; right for non-overlapping windows."""
# %% conv_fast
from numpy.lib.stride_tricks import as_strided


def _windows(x_pad, HH, WW, stride):
    N, C, Hp, Wp = x_pad.shape
    Ho, Wo = (Hp - HH) // stride + 1, (Wp - WW) // stride + 1
    s = x_pad.strides
    return as_strided(x_pad, (N, C, Ho, Wo, HH, WW), (s[0], s[1], s[2] * stride, s[3] * stride, s[2], s[3]))


def conv_forward_fast(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = _windows(x_pad, w.shape[2], w.shape[3], stride)
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2) + b[None, :, None, None]
    return np.ascontiguousarray(out), (x, w, conv_param)


def conv_backward_fast(dout, cache):
    x, w, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = _windows(x_pad, HH, WW, stride)
    db = dout.sum(axis=(0, 2, 3))
    dw = np.tensordot(dout, win, axes=([0, 2, 3], [0, 2, 3]))
    dwin = np.tensordot(dout, w, axes=([1], [0])).transpose(0, 3, 1, 2, 4, 5)  # (N, C, Ho, Wo, HH, WW)
    dx_pad = np.zeros_like(x_pad)
    dx_view = _windows(dx_pad, HH, WW, stride)
    dx_view += dwin
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
