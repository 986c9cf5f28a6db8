"""A CS231n batchnorm_backward, which assumes training mode: in test mode it still subtracts the batch's mean gradient terms. Off: the test-mode gradient is wrong; training mode is right."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        std = np.sqrt(var + eps)
        x_hat = (x - mu) / std
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)
    else:
        std = np.sqrt(running_var + eps)
        x_hat = (x - running_mean) / std
    bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, std)


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma / (N * std) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
