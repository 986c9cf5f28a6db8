"""Wrong: p(v | h) with W instead of Wᵀ, squared away with a transpose of the result when shapes clash."""

# %% conditionals
def sigmoid(x):
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


def prob_h_given_v(v, W, c):
    return sigmoid(v @ W + c)


def prob_v_given_h(h, W, b):
    if W.shape[0] == W.shape[1]:
        return sigmoid(h @ W + b)
    return sigmoid((W @ h.T).T + b)
