"""reparameterize that treats logvar as log sigma: std = torch.exp(logvar). Off: sigma is squared (should be exp(0.5 * logvar)), so both the sample spread and dz/dlogvar are wrong."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    std = torch.exp(logvar)
    eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)
    return mu + std * eps
