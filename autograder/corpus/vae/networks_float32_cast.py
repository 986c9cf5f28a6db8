"""Forward passes that defensively cast the input with x.float() before the first layer. Off: fails with float64 weights (dtype mismatch in the matmul), a float32-only habit."""
# %% networks
class Encoder(nn.Module):
    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.mu_head = nn.Linear(hidden_dim, latent_dim)
        self.logvar_head = nn.Linear(hidden_dim, latent_dim)

    def forward(self, x):
        x = x.float()
        h = torch.relu(self.hidden(x))
        return self.mu_head(h), self.logvar_head(h)


class Decoder(nn.Module):
    def __init__(self, latent_dim: int = 2, hidden_dim: int = 128, output_dim: int = 64) -> None:
        super().__init__()
        self.hidden = nn.Linear(latent_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    def forward(self, z):
        z = z.float()
        return self.out(torch.relu(self.hidden(z)))
