"""RMSProp with the running average updated in place through np.multiply(..., out=) and +=, the step as one expression. Off: none expected."""
# %% rmsprop
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('alpha', 0.99)
    config.setdefault('eps', 1e-8)
    if 'square_avg' not in config:
        config['square_avg'] = np.zeros_like(w)
    s = config['square_avg']
    np.multiply(s, config['alpha'], out=s)
    s += (1 - config['alpha']) * np.square(dw)
    next_w = w - config['learning_rate'] * (dw / (np.sqrt(s) + config['eps']))
    return next_w, config
