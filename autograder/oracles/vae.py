"""PyTorch float64 versions of the VAE assignment's pieces, written independently of solutions/.

The KL divergence comes from ``torch.distributions``; the reconstruction term is written
from log-sigmoids; the networks are ``F.linear`` calls on the weights by name.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from autograder.oracles.autograd import tensor, to_numpy


def _w(weights: dict[str, np.ndarray], key: str) -> torch.Tensor:
    return torch.tensor(np.asarray(weights[key], dtype=np.float64))


def encode(weights: dict[str, np.ndarray], x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """μ and log σ² of q(z | x): h = relu(x W₁ᵀ + b₁), then two linear heads (PyTorch weight layout)."""
    h = torch.relu(F.linear(x, _w(weights, "hidden.weight"), _w(weights, "hidden.bias")))
    mu = F.linear(h, _w(weights, "mu_head.weight"), _w(weights, "mu_head.bias"))
    return mu, F.linear(h, _w(weights, "logvar_head.weight"), _w(weights, "logvar_head.bias"))


def decode(weights: dict[str, np.ndarray], z: torch.Tensor) -> torch.Tensor:
    """The logits of p(x | z): relu(z W₁ᵀ + b₁) W₂ᵀ + b₂."""
    h = torch.relu(F.linear(z, _w(weights, "hidden.weight"), _w(weights, "hidden.bias")))
    return F.linear(h, _w(weights, "out.weight"), _w(weights, "out.bias"))


def _kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    q = Normal(mu, torch.exp(0.5 * logvar))
    return kl_divergence(q, Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(dim=-1)


def _nelbo(x: torch.Tensor, logits: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    log_px = x * F.logsigmoid(logits) + (1 - x) * F.logsigmoid(-logits)
    return (-log_px.sum(dim=1) + _kl(mu, logvar)).mean()


def kl(mu: np.ndarray, logvar: np.ndarray, upstream: np.ndarray) -> dict[str, np.ndarray]:
    """KL(N(μ, σ²) ‖ N(0, I)) per row, and its gradients for upstream gradient ``upstream``."""
    tm, tl = tensor(mu), tensor(logvar)
    value = _kl(tm, tl)
    value.backward(tensor(upstream, grad=False))
    return _cast({"kl": to_numpy(value), "dmu": to_numpy(tm.grad), "dlogvar": to_numpy(tl.grad)}, mu.dtype)


def elbo(x: np.ndarray, logits: np.ndarray, mu: np.ndarray, logvar: np.ndarray) -> dict[str, np.ndarray]:
    """The batch-mean negative ELBO and its gradients with respect to the logits, μ and log σ²."""
    tl, tm, tv = tensor(logits), tensor(mu), tensor(logvar)
    loss = _nelbo(tensor(x, grad=False), tl, tm, tv)
    loss.backward()
    return _cast({"loss": to_numpy(loss), "dlogits": to_numpy(tl.grad), "dmu": to_numpy(tm.grad), "dlogvar": to_numpy(tv.grad)},
                 logits.dtype)


def networks(kind: str, weights: dict[str, np.ndarray], inputs: np.ndarray) -> dict[str, np.ndarray]:
    """The encoder's (μ, log σ²) or the decoder's logits for ``inputs``."""
    with torch.no_grad():
        if kind == "encoder":
            mu, logvar = encode(weights, tensor(inputs, grad=False))
            return {"mu": to_numpy(mu), "logvar": to_numpy(logvar)}
        return {"logits": to_numpy(decode(weights, tensor(inputs, grad=False)))}


def held_out_nelbo(encoder: dict[str, np.ndarray], decoder: dict[str, np.ndarray], X: np.ndarray,
                   eps: np.ndarray) -> float:
    """The negative ELBO per image of X, averaged over the codes z = μ + σ ε for each ε in ``eps`` (S, N, K)."""
    with torch.no_grad():
        x = tensor(X, grad=False)
        mu, logvar = encode(encoder, x)
        values = [_nelbo(x, decode(decoder, mu + torch.exp(0.5 * logvar) * tensor(e, grad=False)), mu, logvar)
                  for e in eps]
    return float(torch.stack(values).mean())


def _cast(arrays: dict[str, np.ndarray], dtype: np.dtype) -> dict[str, np.ndarray]:
    return {key: np.asarray(value).astype(dtype) for key, value in arrays.items()}
