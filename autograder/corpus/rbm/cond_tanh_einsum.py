"""Correct: σ(x) = ½(1 + tanh(x/2)), which never overflows, and einsum for the products."""

# %% conditionals
def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def prob_h_given_v(v, W, c):
    return sigmoid(np.einsum("nd,dh->nh", v, W) + c)


def prob_v_given_h(h, W, b):
    return sigmoid(np.einsum("nh,dh->nd", h, W) + b)
