"""Bernoulli log-likelihood from F.logsigmoid: -(x logsigmoid(l) + (1-x) logsigmoid(-l)), summed per image, plus KL, batch mean. Off: none."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    log_px = x * F.logsigmoid(logits) + (1 - x) * F.logsigmoid(-logits)
    rec = -log_px.sum(dim=1)
    return torch.mean(rec + gaussian_kl(mu, logvar))
