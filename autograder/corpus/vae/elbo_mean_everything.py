"""Loss with the default reductions: F.binary_cross_entropy_with_logits(logits, x) (mean over pixels and batch) plus gaussian_kl(...).mean(). Off: the reconstruction term is averaged over the D pixels instead of summed."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    return F.binary_cross_entropy_with_logits(logits, x) + gaussian_kl(mu, logvar).mean()
