"""KL with the constant 1 written as a float64 tensor built from NumPy (torch.from_numpy(np.ones(K))). Off: convention slip, a float32 input yields a float64 KL (and float64 is what flows back); values are right."""
# %% kl
def gaussian_kl(mu, logvar):
    one = torch.from_numpy(np.ones(mu.shape[-1]))
    return 0.5 * torch.sum(mu ** 2 + torch.exp(logvar) - logvar - one, dim=-1)
