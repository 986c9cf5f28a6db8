"""Forward passes that build nn.ReLU() on the fly and chain calls in one expression (encoder flattens its input with view first). Off: none."""
# %% networks
class Encoder(nn.Module):
    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.mu_head = nn.Linear(hidden_dim, latent_dim)
        self.logvar_head = nn.Linear(hidden_dim, latent_dim)

    def forward(self, x):
        h = nn.ReLU()(self.hidden(x.view(x.size(0), -1)))
        return (self.mu_head(h), self.logvar_head(h))


class Decoder(nn.Module):
    def __init__(self, latent_dim: int = 2, hidden_dim: int = 128, output_dim: int = 64) -> None:
        super().__init__()
        self.hidden = nn.Linear(latent_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    def forward(self, z):
        return self.out(nn.ReLU()(self.hidden(z)))
