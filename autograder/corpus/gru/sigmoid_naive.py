"""The textbook sigmoid 1/(1+np.exp(-x)). Off: np.exp overflows (RuntimeWarning) at large negative inputs, though 1/(1+inf) still gives the right 0 — the notebook asks for no overflow, the values are right."""
# %% sigmoid
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
