"""Adam as the first CS231n version of the assignment wrote it: m and v averaged, no bias correction. Off: wrong values, the early steps far too long."""
# %% adam
def adam(w, dw, config=None):
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-3)
    config.setdefault('beta1', 0.9)
    config.setdefault('beta2', 0.999)
    config.setdefault('eps', 1e-8)
    config.setdefault('exp_avg', np.zeros_like(w))
    config.setdefault('exp_avg_sq', np.zeros_like(w))
    config.setdefault('step', 0)
    config['step'] += 1
    config['exp_avg'] = config['beta1'] * config['exp_avg'] + (1 - config['beta1']) * dw
    config['exp_avg_sq'] = config['beta2'] * config['exp_avg_sq'] + (1 - config['beta2']) * dw**2
    next_w = w - config['learning_rate'] * config['exp_avg'] / (np.sqrt(config['exp_avg_sq']) + config['eps'])
    return next_w, config
