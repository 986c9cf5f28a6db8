"""The staged backward pass with np.ones((N, D)) for the broadcast sums, which is float64. Off: dx is float64 for float32 inputs (a convention slip on dtype); the values are right."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        mu = x.mean(axis=0)
        xmu = x - mu
        var = (xmu ** 2).mean(axis=0)
        ivar = 1.0 / np.sqrt(var + eps)
        xhat = xmu * ivar
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * (N / (N - 1))
    else:
        ivar = 1.0 / np.sqrt(running_var + eps)
        xmu = x - running_mean
        xhat = xmu * ivar
    bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
    return gamma * xhat + beta, (mode, xhat, xmu, ivar, gamma)


def batchnorm_backward(dout, cache):
    mode, xhat, xmu, ivar, gamma = cache
    N, D = dout.shape
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    if mode == "test":
        return dxhat * ivar, dgamma, dbeta
    dvar = np.sum(dxhat * xmu, axis=0) * -0.5 * ivar ** 3
    dmu = -np.sum(dxhat * ivar, axis=0)
    dx = dxhat * ivar + np.ones((N, D)) * dvar * 2 * xmu / N + np.ones((N, D)) * dmu / N
    return dx, dgamma, dbeta
