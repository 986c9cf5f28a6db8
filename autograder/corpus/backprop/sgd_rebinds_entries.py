"""SGD that writes params[k] = params[k] - lr * grads[k]: the dict gets new arrays instead of the old ones being updated in place. Off: not in place (anyone holding the old arrays does not see the update); the dict's values are right."""
# %% sgd
def sgd_step(params, grads, learning_rate):
    for k in params:
        params[k] = params[k] - learning_rate * grads[k]
