"""sigma as logvar.exp().sqrt() and noise from torch.normal(zeros, ones, generator=generator). Off: none."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    sigma = logvar.exp().sqrt()
    eps = torch.normal(torch.zeros_like(mu), torch.ones_like(mu), generator=generator)
    return mu + sigma * eps
