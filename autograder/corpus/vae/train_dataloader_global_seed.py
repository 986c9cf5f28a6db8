"""Training with a TensorDataset/DataLoader(shuffle=True), torch.manual_seed(seed) for everything, history as the unweighted mean of the batch losses. Off: it reseeds the global torch RNG (the docstring asks to leave it untouched); otherwise none."""
# %% train
def train_vae(X, latent_dim=2, hidden_dim=128, epochs=100, batch_size=128, lr=3e-3, seed=0):
    torch.manual_seed(seed)
    X = torch.tensor(np.asarray(X), dtype=torch.float32)
    encoder = Encoder(X.shape[1], hidden_dim, latent_dim)
    decoder = Decoder(latent_dim, hidden_dim, X.shape[1])
    params = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(params, lr=lr)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X), batch_size=batch_size, shuffle=True)
    history = []
    for epoch in range(epochs):
        encoder.train()
        decoder.train()
        losses = []
        for (batch,) in loader:
            optimizer.zero_grad()
            mu, logvar = encoder(batch)
            z = reparameterize(mu, logvar)
            loss = negative_elbo(batch, decoder(z), mu, logvar)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        history.append(sum(losses) / len(losses))
    encoder.eval()
    decoder.eval()
    return encoder, decoder, history
