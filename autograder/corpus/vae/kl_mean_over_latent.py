"""KL written from the variance with torch.mean over the latent dimensions. Off: averages over K instead of summing (values K times too small)."""
# %% kl
def gaussian_kl(mu, logvar):
    var = torch.exp(logvar)
    return 0.5 * torch.mean(mu ** 2 + var - logvar - 1, dim=1)
