"""Loss computed correctly but returned as loss.item() "to print it". Off: returns a Python float, not a tensor, so there is nothing to backpropagate."""
# %% elbo
def negative_elbo(x, logits, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
    loss = torch.mean(bce + gaussian_kl(mu, logvar))
    return loss.item()
