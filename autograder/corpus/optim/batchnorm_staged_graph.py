"""CS231n's computational-graph backward pass, node by node (xmu, sq, var, sqrtvar, ivar, xhat), np.var(ddof=1) for the running variance, ones_like for the broadcast sum; test mode's gradient through the fixed running averages. Off: none expected."""
# %% batchnorm
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.1)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.ones(D, dtype=x.dtype))
    if mode == 'train':
        mu = 1. / N * np.sum(x, axis=0)
        xmu = x - mu
        sq = xmu ** 2
        var = 1. / N * np.sum(sq, axis=0)
        sqrtvar = np.sqrt(var + eps)
        ivar = 1. / sqrtvar
        xhat = xmu * ivar
        out = gamma * xhat + beta
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * np.var(x, axis=0, ddof=1)
        cache = ('train', xhat, gamma, xmu, ivar, sqrtvar, var, eps)
    elif mode == 'test':
        ivar = 1. / np.sqrt(running_var + eps)
        xhat = (x - running_mean) * ivar
        out = gamma * xhat + beta
        cache = ('test', xhat, gamma, ivar)
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    if cache[0] == 'test':
        _, xhat, gamma, ivar = cache
        return dout * gamma * ivar, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
    _, xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1. / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1. / np.sqrt(var + eps) * dsqrtvar
    dsq = 1. / N * np.ones_like(dout) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1. / N * np.ones_like(dout) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta
