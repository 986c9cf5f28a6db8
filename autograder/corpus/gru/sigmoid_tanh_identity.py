"""Sigmoid through the identity σ(x) = (1 + tanh(x/2)) / 2, which never exponentiates anything. Off: none."""
# %% sigmoid
def sigmoid(x):
    # tanh saturates at ±1 instead of overflowing, so this is stable for any x
    return 0.5 * (1.0 + np.tanh(0.5 * x))
