"""BCE via softplus: softplus(l) - x*l, i.e. -log p(x|z) from log-sigmoids; KL from gaussian_kl; batch mean. Off: none."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    nll = (F.softplus(logits) - x * logits).sum(-1)
    return (nll + gaussian_kl(mu, logvar)).mean()
