"""Stable BCE written by hand from the docstring: clamp(l, min=0) - x*l + log1p(exp(-|l|)), summed per image, KL inline. Off: none."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    bce = torch.clamp(logits, min=0) - x * logits + torch.log1p(torch.exp(-torch.abs(logits)))
    rec = bce.sum(dim=1)
    kl = 0.5 * torch.sum(mu ** 2 + torch.exp(logvar) - logvar - 1, dim=1)
    return torch.mean(rec + kl)
