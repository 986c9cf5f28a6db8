"""Hand-rolled training loop with randperm batches and a seeded generator. Off: history records the sum of the batch losses per epoch, not the mean negative ELBO per image."""
# %% train
def train_vae(X, latent_dim=2, hidden_dim=128, epochs=100, batch_size=128, lr=3e-3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    data = torch.as_tensor(X, dtype=torch.float32)
    n = data.shape[0]
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        enc = Encoder(data.shape[1], hidden_dim, latent_dim)
        dec = Decoder(latent_dim, hidden_dim, data.shape[1])
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=lr)
    history = []
    for epoch in range(epochs):
        perm = torch.randperm(n, generator=gen)
        epoch_loss = 0.0
        for start in range(0, n, batch_size):
            xb = data[perm[start:start + batch_size]]
            mu, logvar = enc(xb)
            loss = negative_elbo(xb, dec(reparameterize(mu, logvar, gen)), mu, logvar)
            opt.zero_grad()
            loss.backward()
            opt.step()
            epoch_loss += loss.item()
        history.append(epoch_loss)
    enc.eval()
    dec.eval()
    return enc, dec, history
