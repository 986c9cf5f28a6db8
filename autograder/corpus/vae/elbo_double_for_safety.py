"""Loss that converts everything to float64 "for precision" before the stable BCE. Off: convention slip, a float32 batch gets a float64 loss; values and gradients are right."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    x, logits, mu, logvar = x.double(), logits.double(), mu.double(), logvar.double()
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
    kl = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - logvar - 1, dim=1)
    return (rec + kl).mean()
