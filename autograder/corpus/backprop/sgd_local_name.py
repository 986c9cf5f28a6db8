"""SGD that rebinds the loop variable (p = p - lr * g), so no parameter ever changes. Off: the step does nothing."""
# %% sgd
def sgd_step(params, grads, learning_rate):
    for name, p in params.items():
        g = grads[name]
        p = p - learning_rate * g
