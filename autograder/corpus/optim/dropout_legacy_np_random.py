"""The CS231n starter's seeding: np.random.seed(seed) and np.random.rand, the legacy global stream. Off: another mask than the one stated (and a Generator cannot seed it)."""
# %% dropout
def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    mask = None
    out = None
    if mode == "train":
        mask = (np.random.rand(*x.shape) < (1 - p)) / (1 - p)
        out = (x * mask).astype(x.dtype)
    elif mode == "test":
        out = x
    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return (dout * mask).astype(dout.dtype)
    return dout
