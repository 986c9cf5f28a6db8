"""Convention slip: the values are right, but everything is computed and returned in float64 (float32 in, float64 out)."""

# %% conditionals
def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x))))


def prob_h_given_v(v, W, c):
    return sigmoid(v.astype(np.float64) @ W.astype(np.float64) + c)


def prob_v_given_h(h, W, b):
    return sigmoid(h.astype(np.float64) @ W.T.astype(np.float64) + b)
