"""Inverted dropout with the mask left in float64, as (u < q) / q gives it. Off: out and dx are float64 for float32 inputs (a convention slip on dtype); the values are right."""
# %% dropout
def dropout_forward(x, dropout_param):
    p, mode = dropout_param['p'], dropout_param['mode']
    mask = None
    if mode == 'train':
        rng = np.random.default_rng(dropout_param.get('seed'))
        mask = (rng.random(x.shape) < 1 - p) / (1 - p)
        out = x * mask
    elif mode == 'test':
        out = x
    cache = (dropout_param, mask)
    return out, cache


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param['mode'] == 'train':
        dx = dout * mask
    else:
        dx = dout
    return dx
