"""Encoder/decoder forward with F.relu and named intermediate variables. Off: none."""
# %% networks
class Encoder(nn.Module):
    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.mu_head = nn.Linear(hidden_dim, latent_dim)
        self.logvar_head = nn.Linear(hidden_dim, latent_dim)

    def forward(self, x):
        hidden = F.relu(self.hidden(x))
        mu = self.mu_head(hidden)
        logvar = self.logvar_head(hidden)
        return mu, logvar


class Decoder(nn.Module):
    def __init__(self, latent_dim: int = 2, hidden_dim: int = 128, output_dim: int = 64) -> None:
        super().__init__()
        self.hidden = nn.Linear(latent_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    def forward(self, z):
        hidden = F.relu(self.hidden(z))
        logits = self.out(hidden)
        return logits
