"""Sigmoid written as e^x / (1 + e^x). Off: inf/inf = nan for inputs of +1000 (the other branch of a stable sigmoid is missing)."""
# %% sigmoid
def sigmoid(x):
    ex = np.exp(x)
    return ex / (1.0 + ex)
