"""Pytorch-examples style decoder that ends in torch.sigmoid and returns probabilities. Off: the contract asks for logits, not probabilities."""
# %% networks
class Encoder(nn.Module):
    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.mu_head = nn.Linear(hidden_dim, latent_dim)
        self.logvar_head = nn.Linear(hidden_dim, latent_dim)

    def forward(self, x):
        h1 = F.relu(self.hidden(x))
        return self.mu_head(h1), self.logvar_head(h1)


class Decoder(nn.Module):
    def __init__(self, latent_dim: int = 2, hidden_dim: int = 128, output_dim: int = 64) -> None:
        super().__init__()
        self.hidden = nn.Linear(latent_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    def forward(self, z):
        h3 = F.relu(self.hidden(z))
        return torch.sigmoid(self.out(h3))
