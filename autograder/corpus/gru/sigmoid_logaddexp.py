"""Sigmoid as exp(-log(1 + e^-x)) with np.logaddexp, the log-sum-exp trick. Off: none."""
# %% sigmoid
def sigmoid(x: np.ndarray) -> np.ndarray:
    """sigma(x) = exp(-softplus(-x)); logaddexp(0, -x) = log(1 + exp(-x)) computed safely."""
    return np.exp(-np.logaddexp(0, -x))
