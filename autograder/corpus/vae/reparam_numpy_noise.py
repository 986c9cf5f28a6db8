"""Noise drawn with NumPy (np.random.randn) and wrapped with torch.from_numpy. Off: ignores the generator, and eps is not reproducible from it; otherwise a valid standard normal."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    eps = torch.from_numpy(np.random.randn(*mu.shape)).to(mu.dtype)
    return mu + torch.exp(0.5 * logvar) * eps
