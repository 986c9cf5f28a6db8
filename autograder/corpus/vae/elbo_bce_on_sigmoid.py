"""pytorch-examples loss: F.binary_cross_entropy(torch.sigmoid(logits), x, reduction='sum') / N plus the KL. Off: BCE on probabilities, inexact for large logits (log clamped at -100, 1 - p rounded); the contract asks for the stable logits form."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    recon = torch.sigmoid(logits)
    BCE = F.binary_cross_entropy(recon, x, reduction="sum")
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (BCE + KLD) / x.size(0)
