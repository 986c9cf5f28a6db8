"""A boolean keep-mask in the cache and np.where to scale the survivors; test mode returns a copy. Off: none expected."""
# %% dropout
def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if dropout_param["mode"] == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        keep = rng.random(x.shape) < (1 - p)
        out = np.where(keep, x / (1 - p), 0).astype(x.dtype)
        return out, ("train", keep, p)
    return x.copy(), ("test", None, p)


def dropout_backward(dout, cache):
    mode, keep, p = cache
    if mode == "test":
        return dout.copy()
    return np.where(keep, dout / (1 - p), 0).astype(dout.dtype)
