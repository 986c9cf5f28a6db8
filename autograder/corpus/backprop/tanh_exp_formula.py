"""tanh from its exponential definition (e^x − e^−x)/(e^x + e^−x). Off: overflows for |x| = 1000 (inf/inf = nan), so extreme inputs give nan."""
# %% tanh
def tanh_forward(x):
    ep = np.exp(x)
    en = np.exp(-x)
    out = (ep - en) / (ep + en)
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    t = cache
    return dout * (1 - t * t)
