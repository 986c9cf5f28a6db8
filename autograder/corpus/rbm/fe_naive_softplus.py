"""Wrong: softplus as log(1 + e^x), which overflows to inf for pre-activations above 709 (88 in float32)."""

# %% free_energy
def softplus(x):
    return np.log(1 + np.exp(x))


def free_energy(v, W, b, c):
    wx_b = np.dot(v, W) + c
    vbias_term = np.dot(v, b)
    hidden_term = np.sum(softplus(wx_b), axis=1)
    return -hidden_term - vbias_term
