"""Stable sigmoid with a boolean mask and np.empty_like, each branch computed only where it is safe. Off: none."""
# %% sigmoid
def sigmoid(x):
    out = np.empty_like(x)
    pos = x >= 0
    neg = ~pos
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    ex = np.exp(x[neg])
    out[neg] = ex / (1 + ex)
    return out
