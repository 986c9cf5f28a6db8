"""The Kingma-Welling appendix form -0.5 * sum(1 + logvar - mu^2 - exp(logvar)) per example (dim=1). Off: none."""
# %% kl
def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
