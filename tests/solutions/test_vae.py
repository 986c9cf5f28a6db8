"""The reference VAE against independent computations: torch.distributions, Monte Carlo,
analytic derivatives and PyTorch's own binary cross-entropy."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from solutions.vae import Decoder, Encoder, gaussian_kl, negative_elbo, reparameterize, train_vae


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny models train fastest on one thread, and do not slow down on a busy machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def gaussian_params(n: int, k: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    mu = 1.5 * torch.randn(n, k, generator=g, dtype=torch.float64)
    logvar = 2.0 * torch.randn(n, k, generator=g, dtype=torch.float64)
    return mu, logvar


def digits01() -> np.ndarray:
    from sklearn.datasets import load_digits

    return load_digits().data / 16.0


# --- the KL term -------------------------------------------------------------------------


@pytest.mark.parametrize("n,k", [(1, 1), (5, 2), (7, 16)])
def test_gaussian_kl_matches_torch_distributions(n, k):
    mu, logvar = gaussian_params(n, k, seed=n * k)
    kl = gaussian_kl(mu, logvar)
    q = Normal(mu, torch.exp(0.5 * logvar))
    expected = kl_divergence(q, Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(dim=1)
    assert kl.shape == (n,)
    torch.testing.assert_close(kl, expected, rtol=1e-12, atol=1e-12)


def test_gaussian_kl_matches_monte_carlo():
    # KL(q ‖ p) = E_q[log q(z) − log p(z)], estimated with independent samples from q.
    mu, logvar = gaussian_params(3, 2, seed=1)
    mu, logvar = mu / 2, logvar / 2
    sigma = torch.exp(0.5 * logvar)
    g = torch.Generator().manual_seed(2)
    m = 400_000
    z = mu + sigma * torch.randn(m, *mu.shape, generator=g, dtype=torch.float64)
    log_q = (-0.5 * ((z - mu) / sigma) ** 2 - torch.log(sigma) - 0.5 * math.log(2 * math.pi)).sum(-1)
    log_p = (-0.5 * z**2 - 0.5 * math.log(2 * math.pi)).sum(-1)
    terms = log_q - log_p                                      # (m, 3)
    estimate, stderr = terms.mean(0), terms.std(0) / math.sqrt(m)
    assert torch.all((gaussian_kl(mu, logvar) - estimate).abs() < 5 * stderr + 1e-6)


def test_gaussian_kl_is_zero_only_at_the_prior():
    zeros = torch.zeros(4, 3, dtype=torch.float64)
    torch.testing.assert_close(gaussian_kl(zeros, zeros), torch.zeros(4, dtype=torch.float64))
    mu, logvar = gaussian_params(50, 3, seed=3)
    assert torch.all(gaussian_kl(mu, logvar) > 0)


def test_gaussian_kl_gradients_match_the_formula():
    # ∂KL/∂μ = μ and ∂KL/∂(log σ²) = ½ (σ² − 1), per example.
    mu, logvar = gaussian_params(4, 3, seed=4)
    mu.requires_grad_(True)
    logvar.requires_grad_(True)
    gaussian_kl(mu, logvar).sum().backward()
    torch.testing.assert_close(mu.grad, mu.detach())
    torch.testing.assert_close(logvar.grad, 0.5 * (logvar.detach().exp() - 1))


# --- the reparameterisation trick --------------------------------------------------------


def test_reparameterize_gradients_are_analytic():
    mu, logvar = gaussian_params(6, 3, seed=5)
    mu.requires_grad_(True)
    logvar.requires_grad_(True)
    z = reparameterize(mu, logvar, torch.Generator().manual_seed(0))
    assert z.shape == mu.shape and z.dtype == torch.float64
    z.sum().backward()
    sigma = torch.exp(0.5 * logvar.detach())
    eps = (z.detach() - mu.detach()) / sigma                   # the noise that was drawn
    torch.testing.assert_close(mu.grad, torch.ones_like(mu))                     # ∂z/∂μ = 1
    torch.testing.assert_close(logvar.grad, 0.5 * eps * sigma)                   # ∂z/∂logvar = εσ/2


def test_reparameterize_samples_have_the_right_moments():
    mu = torch.tensor([[0.5, -2.0, 3.0]], dtype=torch.float64).expand(200_000, 3)
    logvar = torch.tensor([[0.0, math.log(0.25), math.log(4.0)]], dtype=torch.float64).expand(200_000, 3)
    z = reparameterize(mu, logvar, torch.Generator().manual_seed(1))
    torch.testing.assert_close(z.mean(0), mu[0], atol=0.02, rtol=0)
    torch.testing.assert_close(z.var(0), logvar[0].exp(), atol=0.03, rtol=0.02)
    assert abs(torch.corrcoef(z.T)[0, 1]) < 0.01                # independent coordinates


def test_reparameterize_is_reproducible_with_a_generator():
    mu, logvar = gaussian_params(5, 2, seed=6)
    a = reparameterize(mu, logvar, torch.Generator().manual_seed(7))
    b = reparameterize(mu, logvar, torch.Generator().manual_seed(7))
    c = reparameterize(mu, logvar, torch.Generator().manual_seed(8))
    assert torch.equal(a, b) and not torch.equal(a, c)


# --- the negative ELBO -------------------------------------------------------------------


def elbo_inputs(n: int, d: int, k: int, seed: int):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, d, generator=g, dtype=torch.float64)
    x[: n // 2] = (x[: n // 2] > 0.5).double()                 # some binary, some soft targets
    logits = 3 * torch.randn(n, d, generator=g, dtype=torch.float64)
    mu, logvar = gaussian_params(n, k, seed)
    return x, logits, mu, logvar


@pytest.mark.parametrize("n,d,k", [(1, 1, 1), (8, 64, 2), (5, 10, 4)])
def test_negative_elbo_matches_pytorch_bce(n, d, k):
    x, logits, mu, logvar = elbo_inputs(n, d, k, seed=n + d + k)
    loss = negative_elbo(x, logits, mu, logvar)
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / n
    kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum() / n
    assert loss.dim() == 0
    torch.testing.assert_close(loss, bce + kl, rtol=1e-12, atol=1e-12)


def test_negative_elbo_matches_the_bernoulli_log_likelihood():
    x, logits, mu, logvar = elbo_inputs(4, 6, 2, seed=9)
    p = torch.sigmoid(logits)
    log_lik = (x * torch.log(p) + (1 - x) * torch.log1p(-p)).sum(1)
    kl = (0.5 * (mu**2 + logvar.exp() - logvar - 1)).sum(1)
    torch.testing.assert_close(negative_elbo(x, logits, mu, logvar), (kl - log_lik).mean())


def test_negative_elbo_reduction_sums_pixels_and_latents_and_averages_examples():
    x, logits, mu, logvar = elbo_inputs(6, 5, 3, seed=10)
    loss = negative_elbo(x, logits, mu, logvar)
    # Repeating the batch changes nothing: a mean over examples.
    torch.testing.assert_close(negative_elbo(x.repeat(3, 1), logits.repeat(3, 1),
                                             mu.repeat(3, 1), logvar.repeat(3, 1)), loss)
    # Repeating every pixel doubles the reconstruction term; repeating every latent
    # dimension doubles the KL term: both are sums.
    zero_kl = negative_elbo(x, logits, torch.zeros_like(mu), torch.zeros_like(logvar))
    doubled_pixels = negative_elbo(x.repeat(1, 2), logits.repeat(1, 2), mu, logvar)
    torch.testing.assert_close(doubled_pixels, loss + zero_kl)
    doubled_latents = negative_elbo(x, logits, mu.repeat(1, 2), logvar.repeat(1, 2))
    torch.testing.assert_close(doubled_latents, 2 * loss - zero_kl)
    # Each example's term is its own: the per-example losses average to the batch loss.
    singles = torch.stack([negative_elbo(x[i:i + 1], logits[i:i + 1], mu[i:i + 1], logvar[i:i + 1])
                           for i in range(6)])
    torch.testing.assert_close(singles.mean(), loss)


def test_negative_elbo_is_stable_for_extreme_logits():
    x = torch.tensor([[1.0, 0.0, 1.0, 0.0]], dtype=torch.float64)
    logits = torch.tensor([[200.0, -200.0, -200.0, 200.0]], dtype=torch.float64)
    zeros = torch.zeros(1, 2, dtype=torch.float64)
    torch.testing.assert_close(negative_elbo(x, logits, zeros, zeros),
                               torch.tensor(400.0, dtype=torch.float64))


# --- the networks and training -----------------------------------------------------------


def test_encoder_and_decoder_shapes():
    torch.manual_seed(0)
    encoder, decoder = Encoder(64, 32, 3), Decoder(3, 32, 64)
    mu, logvar = encoder(torch.rand(7, 64))
    assert mu.shape == logvar.shape == (7, 3)
    assert decoder(mu).shape == (7, 64)


def test_training_reduces_the_loss_and_is_deterministic():
    X = digits01()
    encoder, decoder, history = train_vae(X, latent_dim=2, epochs=6, seed=0)
    assert len(history) == 6 and all(math.isfinite(h) for h in history)
    assert history[-1] < 0.8 * history[0]
    _, _, again = train_vae(X, latent_dim=2, epochs=6, seed=0)
    assert again == history
    _, _, other = train_vae(X, latent_dim=2, epochs=1, seed=1)
    assert other[0] != history[0]
    # The trained model's loss, recomputed on the whole set, agrees with the history.
    data = torch.as_tensor(X, dtype=torch.float32)
    with torch.no_grad():
        mu, logvar = encoder(data)
        z = reparameterize(mu, logvar, torch.Generator().manual_seed(0))
        final = negative_elbo(data, decoder(z), mu, logvar).item()
    assert final < history[0] and abs(final - history[-1]) < 0.1 * history[-1]


def test_training_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train_vae(digits01()[:64], epochs=1)
    assert torch.equal(torch.rand(3), expected)
