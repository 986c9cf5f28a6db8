"""Means with keepdims=True, a dict cache, and the compact backward formula written with means instead of sums. Off: none expected."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    m = bn_param.get("momentum", 0.1)
    D = x.shape[1]
    if "running_mean" not in bn_param:
        bn_param["running_mean"] = np.zeros(D, dtype=x.dtype)
    if "running_var" not in bn_param:
        bn_param["running_var"] = np.ones(D, dtype=x.dtype)
    if bn_param["mode"] == "train":
        mean = x.mean(axis=0, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=0, keepdims=True)
        std = np.sqrt(var + eps)
        x_hat = (x - mean) / std
        n = x.shape[0]
        bn_param["running_mean"] = (1 - m) * bn_param["running_mean"] + m * mean[0]
        bn_param["running_var"] = (1 - m) * bn_param["running_var"] + m * var[0] * n / (n - 1)
    else:
        std = np.sqrt(bn_param["running_var"] + eps)[None, :]
        x_hat = (x - bn_param["running_mean"]) / std
    cache = {"x_hat": x_hat, "gamma": gamma, "std": std, "train": bn_param["mode"] == "train"}
    return gamma * x_hat + beta, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache["x_hat"], cache["gamma"], cache["std"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    if cache["train"]:
        dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std
    else:
        dx = dx_hat / std
    return dx, dgamma, dbeta
