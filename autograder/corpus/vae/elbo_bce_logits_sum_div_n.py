"""Loss as BCE-with-logits summed over everything, divided by the batch size, plus the mean of the per-example KL. Off: none."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    batch_size = x.shape[0]
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / batch_size
    kl = gaussian_kl(mu, logvar).mean()
    return recon + kl
