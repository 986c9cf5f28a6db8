"""The variance in one pass, E[x²] − E[x]², which cancels catastrophically when a feature's mean is large against its spread. Off: wrong on features offset by 10⁶ (float64); right elsewhere."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    m = bn_param.get("momentum", 0.1)
    N, D = x.shape
    rm = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    rv = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        mean = np.mean(x, axis=0)
        var = np.mean(x * x, axis=0) - mean * mean
        inv = 1 / np.sqrt(var + eps)
        xhat = (x - mean) * inv
        bn_param["running_mean"] = (1 - m) * rm + m * mean
        bn_param["running_var"] = (1 - m) * rv + m * var * N / (N - 1)
    else:
        inv = 1 / np.sqrt(rv + eps)
        xhat = (x - rm) * inv
        bn_param["running_mean"], bn_param["running_var"] = rm, rv
    return gamma * xhat + beta, (mode, xhat, gamma, inv)


def batchnorm_backward(dout, cache):
    mode, xhat, gamma, inv = cache
    N = dout.shape[0]
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    if mode == "test":
        return gamma * inv * dout, dgamma, dbeta
    return gamma * inv / N * (N * dout - dbeta - xhat * dgamma), dgamma, dbeta
