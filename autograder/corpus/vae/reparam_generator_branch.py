"""reparameterize with randn_like when no generator is given and torch.randn(..., generator=) otherwise, dtype taken from std. Off: none."""
# %% reparameterize
def reparameterize(mu, logvar, generator=None):
    std = torch.exp(0.5 * logvar)
    if generator is None:
        eps = torch.randn_like(std)
    else:
        eps = torch.randn(std.size(), generator=generator, dtype=std.dtype, device=std.device)
    z = mu + std * eps
    return z
