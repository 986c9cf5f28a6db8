"""KL from sigma: sigma = exp(0.5 logvar), then 0.5 * sum(mu^2 + sigma^2 - log(sigma^2) - 1, dim=-1). Off: none (log(exp(.)) round trip only costs rounding)."""
# %% kl
def gaussian_kl(mu, logvar):
    sigma = torch.exp(0.5 * logvar)
    var = sigma * sigma
    return 0.5 * (mu * mu + var - torch.log(var) - 1.0).sum(dim=-1)
