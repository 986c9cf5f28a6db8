"""The CS231n lecture's form: v = μv − η∇ and w + v, and for Nesterov w − μ·v_prev + (1 + μ)·v; the velocity v is stored as momentum_buffer. Off: the iterates are right from a fresh start, but the state is −η·b instead of PyTorch's b (a convention slip), so resuming from a given buffer goes wrong."""
# %% momentum
def sgd_momentum(w, dw, config=None):
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('momentum', 0.9)
    v = config.get('momentum_buffer', np.zeros_like(w))
    v = config['momentum'] * v - config['learning_rate'] * dw
    next_w = w + v
    config['momentum_buffer'] = v
    return next_w, config


def sgd_nesterov(w, dw, config=None):
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('momentum', 0.9)
    v = config.get('momentum_buffer', np.zeros_like(w))
    v_prev = v
    v = config['momentum'] * v - config['learning_rate'] * dw
    next_w = w - config['momentum'] * v_prev + (1 + config['momentum']) * v
    config['momentum_buffer'] = v
    return next_w, config
