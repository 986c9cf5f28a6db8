"""The common pytorch-examples reparameterize: std = exp(0.5*logvar), eps = torch.randn_like(std). Off: the generator argument is ignored (torch.randn_like takes none), so seeded calls are not reproducible."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    std = torch.exp(0.5 * logvar)
    eps = torch.randn_like(std)
    return mu + eps * std
