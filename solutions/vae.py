"""Reference variational autoencoder (PyTorch) for binary-valued or [0, 1]-valued data.

The model, for an example x ∈ [0, 1]^D and a latent code z ∈ R^K:

    prior          p(z)     = N(0, I_K)
    decoder        p(x | z) = Π_d Bernoulli(x_d; σ(ℓ_d(z))),  ℓ(z) ∈ R^D the decoder's logits
    encoder        q(z | x) = N(μ(x), diag σ²(x)),  with the encoder returning μ and log σ²

Training minimises the negative evidence lower bound, averaged over a mini-batch:

    −ELBO(x) = −E_{q(z|x)}[log p(x | z)] + KL(q(z | x) ‖ p(z)),

with the expectation estimated from one reparameterised sample z = μ + σ ⊙ ε, ε ~ N(0, I).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    """The inference network: x ↦ (μ, log σ²) of q(z | x) = N(μ, diag σ²).

    One hidden ReLU layer, then two linear heads:
        h = relu(x W₁ + b₁),   μ = h W_μ + b_μ,   log σ² = h W_v + b_v.
    The head predicts log σ² rather than σ, so that it may take any real value.
    """

    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_dim, hidden_dim)
        self.mu_head = nn.Linear(hidden_dim, latent_dim)
        self.logvar_head = nn.Linear(hidden_dim, latent_dim)

    # Shown in exercises/vae/vae.md, cell networks
    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Args: x (N, D). Returns: mu (N, K) and logvar (N, K) = log σ²."""
        h = torch.relu(self.hidden(x))
        return self.mu_head(h), self.logvar_head(h)


class Decoder(nn.Module):
    """The generative network: z ↦ logits ℓ(z) of p(x | z) = Π_d Bernoulli(σ(ℓ_d)).

    One hidden ReLU layer: ℓ = relu(z W₁ + b₁) W₂ + b₂. It returns logits, not
    probabilities; σ(ℓ) is the mean image.
    """

    def __init__(self, latent_dim: int = 2, hidden_dim: int = 128, output_dim: int = 64) -> None:
        super().__init__()
        self.hidden = nn.Linear(latent_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, output_dim)

    # Shown in exercises/vae/vae.md, cell networks
    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """Args: z (N, K). Returns: logits (N, D)."""
        return self.out(torch.relu(self.hidden(z)))


# Shown in exercises/vae/vae.md, cell reparameterize
def reparameterize(
    mu: torch.Tensor, logvar: torch.Tensor, generator: torch.Generator | None = None
) -> torch.Tensor:
    """A sample z ~ N(μ, diag σ²) written as a differentiable function of μ and log σ²:

        z = μ + σ ⊙ ε,   σ = exp(½ log σ²),   ε ~ N(0, I) drawn independently of μ, σ.

    Hence ∂z/∂μ = 1 and ∂z/∂(log σ²) = ½ σ ε, elementwise.

    Args:
        mu: (N, K) means.
        logvar: (N, K) log-variances.
        generator: optional torch.Generator for ε, for reproducible samples.

    Returns:
        z: (N, K).
    """
    eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype, device=mu.device)
    return mu + torch.exp(0.5 * logvar) * eps


# Shown in exercises/vae/vae.md, cell kl
def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(μ, diag σ²) ‖ N(0, I)) for each example, summed over the latent dimensions:

        KL = ½ Σ_k (μ_k² + σ_k² − log σ_k² − 1)  ≥ 0,  zero exactly when μ = 0 and σ = 1.

    Args:
        mu: (N, K) means.
        logvar: (N, K) log-variances log σ².

    Returns:
        kl: (N,).
    """
    return 0.5 * torch.sum(mu.pow(2) + logvar.exp() - logvar - 1.0, dim=-1)


# Shown in exercises/vae/vae.md, cell elbo
def negative_elbo(
    x: torch.Tensor, logits: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor
) -> torch.Tensor:
    """The negative ELBO with a one-sample reconstruction term, averaged over the batch:

        L = (1/N) Σ_n [ Σ_d BCE(x_nd, ℓ_nd) + KL_n ],
        BCE(x, ℓ) = −x log σ(ℓ) − (1 − x) log(1 − σ(ℓ)) = −log p(x_d | z),

    summed over the D pixels and the K latent dimensions, averaged over the N examples.
    The BCE is evaluated from the logits in the numerically stable form
    max(ℓ, 0) − xℓ + log(1 + e^{−|ℓ|}).

    Args:
        x: (N, D) targets in [0, 1].
        logits: (N, D) decoder logits ℓ for a sample z from q(z | x).
        mu, logvar: (N, K) parameters of q(z | x).

    Returns:
        A scalar tensor.
    """
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
    return (reconstruction + gaussian_kl(mu, logvar)).mean()


# Shown in exercises/vae/vae.md, cell train
def train_vae(
    X: np.ndarray | torch.Tensor,
    latent_dim: int = 2,
    hidden_dim: int = 128,
    epochs: int = 100,
    batch_size: int = 128,
    lr: float = 3e-3,
    seed: int = 0,
) -> tuple[Encoder, Decoder, list[float]]:
    """Train a VAE with Adam on mini-batches, one reparameterised sample per example.

    Deterministic for a given seed (on CPU): the initial weights, the shuffling and every
    ε come from seeded generators, and the global torch RNG is left untouched.

    Args:
        X: (N, D) data in [0, 1].
        latent_dim: K, the size of z.
        hidden_dim: width of the encoder's and the decoder's hidden layer.
        epochs, batch_size, lr: the schedule (Adam's learning rate).
        seed: seed of the initialisation, the shuffling and the noise.

    Returns:
        encoder, decoder (in eval mode) and history: the mean negative ELBO over the
        training set for each epoch, as it was computed during that epoch.
    """
    from toolkit import progress_bar  # given: here, as the notebook's import cell does not name it

    data = torch.as_tensor(X, dtype=torch.float32)
    n, d = data.shape  # given
    with torch.random.fork_rng():
        torch.manual_seed(seed)  # given
        encoder = Encoder(d, hidden_dim, latent_dim)
        decoder = Decoder(latent_dim, hidden_dim, d)
    generator = torch.Generator().manual_seed(seed)  # given
    optimizer = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=lr)
    history = []  # given
    for _ in progress_bar(range(epochs), desc="epochs"):  # given
        total = 0.0
        for idx in torch.randperm(n, generator=generator).split(batch_size):
            x = data[idx]
            mu, logvar = encoder(x)
            z = reparameterize(mu, logvar, generator)
            loss = negative_elbo(x, decoder(z), mu, logvar)
            optimizer.zero_grad()  # given
            loss.backward()  # given
            optimizer.step()  # given
            total += loss.item() * len(idx)
        history.append(total / n)
    encoder.eval()
    decoder.eval()
    return encoder, decoder, history  # given
