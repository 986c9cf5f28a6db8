"""The popular KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) with no dim. Off: sums over the batch too, returning a scalar instead of one value per example."""
# %% kl
def gaussian_kl(mu, logvar):
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return KLD
