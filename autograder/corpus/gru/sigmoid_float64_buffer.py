"""Stable sigmoid that fills a np.zeros(x.shape) buffer branch by branch. Off: convention slip only, the buffer is float64, so float32 inputs get a float64 output (every value right)."""
# %% sigmoid
def sigmoid(x):
    result = np.zeros(x.shape)
    positive = x >= 0
    result[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    z = np.exp(x[~positive])
    result[~positive] = z / (1.0 + z)
    return result
