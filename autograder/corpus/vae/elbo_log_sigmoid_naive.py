"""Hand-written BCE through probabilities: p = sigmoid(logits), -(x log p + (1-x) log(1-p)). Off: not numerically stable; 1 - sigmoid(l) loses all precision for large logits (and is log(0) = -inf at ±30 in float32)."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    p = torch.sigmoid(logits)
    bce = -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(dim=1)
    kl = 0.5 * (mu ** 2 + logvar.exp() - logvar - 1).sum(dim=1)
    return (bce + kl).mean()
