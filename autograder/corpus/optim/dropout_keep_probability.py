"""Dropout with CS231n's newer convention, p the probability of keeping a unit: mask = (u < p) / p. Off: wrong values for every p but 0.5 (the notebook's p, PyTorch's, is the probability of dropping)."""
# %% dropout
def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    mask = None
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = ((rng.random(x.shape) < p) / p).astype(x.dtype)
        out = x * mask
    else:
        out = x
    return out, (dropout_param, mask)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    return dout * mask if dropout_param["mode"] == "train" else dout
