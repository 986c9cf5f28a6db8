"""eps = torch.randn(mu.shape, generator=generator) in the default float32; type promotion makes z float64 when mu is. Off: nothing visible in value or dtype; the noise only has float32 resolution."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    eps = torch.randn(mu.shape, generator=generator)
    return mu + eps * torch.exp(logvar / 2)
