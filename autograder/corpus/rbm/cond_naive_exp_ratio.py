"""Wrong: the sigmoid as e^x / (1 + e^x), which is nan (inf / inf) for large positive pre-activations."""

# %% conditionals
def sigmoid(x):
    return np.exp(x) / (1 + np.exp(x))


def prob_h_given_v(v, W, c):
    return sigmoid(v @ W + c)


def prob_v_given_h(h, W, b):
    return sigmoid(h @ W.T + b)
