"""Probes of the variational-autoencoder assignment (run inside the sandbox, beside the student's code).

Every probe starts from the same torch state whatever the student's cells set globally
(default dtype, grad mode, threads, seed), and hands back plain NumPy arrays.
"""

import os
import sys
from contextlib import contextmanager

import numpy as np
import torch

DISTRIBUTIONS = os.path.join(os.path.dirname(torch.__file__), "distributions") + os.sep


@contextmanager
def fresh_torch():
    """torch as a new process finds it: float32 default, gradients on, one thread, seed 0."""
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(False)
    torch.autograd.set_detect_anomaly(False)
    with torch.inference_mode(False), torch.enable_grad():
        yield


@contextmanager
def no_distributions(function):
    """Fail the case when ``function`` calls into torch.distributions, by whatever route."""
    called = []

    def watch(frame, event, arg):
        if event == "call" and (frame.f_code.co_filename.startswith(DISTRIBUTIONS)
                                or str(frame.f_globals.get("__name__", "")).startswith("torch.distributions")):
            called.append(frame.f_code.co_name)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        yield
    finally:
        intact = sys.getprofile() is watch
        sys.setprofile(previous)
    if called or not intact:
        raise RuntimeError(f"{function} used torch.distributions, which this assignment rules out")


def array(value, what):
    """A copy of a tensor's values as an ndarray; anything else is the student's error."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{what} must be a torch.Tensor, not {type(value).__name__}")
    return np.array(value.detach().cpu().numpy(), copy=True)


def grad(tensor):
    """The gradient autograd left on ``tensor``; none at all means the output ignores it."""
    return np.zeros_like(array(tensor, "an input")) if tensor.grad is None else array(tensor.grad, "a gradient")


def leaf(values):
    return torch.tensor(values, requires_grad=True)


def _load(net, weights, name):
    if not isinstance(net, torch.nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module")
    net.to(torch.from_numpy(next(iter(weights.values()))).dtype)  # the notebook's float32
    net.load_state_dict({key: torch.from_numpy(value) for key, value in weights.items()})


def encoder(ns, emit, x, input_dim, hidden_dim, latent_dim, **weights):
    with fresh_torch():
        net = ns["Encoder"](input_dim, hidden_dim, latent_dim)
        _load(net, weights, "Encoder")
        out = net(torch.from_numpy(x))
        if not (isinstance(out, tuple) and len(out) == 2):
            raise TypeError("Encoder.forward must return a pair (mu, logvar)")
        emit("mu", array(out[0], "mu"))
        emit("logvar", array(out[1], "logvar"))


def decoder(ns, emit, z, latent_dim, hidden_dim, output_dim, **weights):
    with fresh_torch():
        net = ns["Decoder"](latent_dim, hidden_dim, output_dim)
        _load(net, weights, "Decoder")
        emit("logits", array(net(torch.from_numpy(z)), "the logits"))


def reparameterize(ns, emit, mu, logvar, upstream):
    with fresh_torch():
        sample = ns["reparameterize"]
        m, lv = leaf(mu), leaf(logvar)
        z = sample(m, lv)
        emit("z", array(z, "z"))
        torch.autograd.backward(z, torch.from_numpy(upstream))
        emit("dmu", grad(m))
        emit("dlogvar", grad(lv))
        m, lv = m.detach(), lv.detach()
        emit("z_again", array(sample(m, lv), "z"))
        for key in ("z_seeded", "z_seeded_again"):
            emit(key, array(sample(m, lv, torch.Generator().manual_seed(7)), "z"))


def kl(ns, emit, mu, logvar, upstream):
    with fresh_torch():
        m, lv = leaf(mu), leaf(logvar)
        with no_distributions("gaussian_kl"):
            value = ns["gaussian_kl"](m, lv)
        emit("kl", array(value, "the KL divergence"))
        torch.autograd.backward(value, torch.from_numpy(upstream))
        emit("dmu", grad(m))
        emit("dlogvar", grad(lv))


def elbo(ns, emit, x, logits, mu, logvar):
    with fresh_torch():
        ell, m, lv = leaf(logits), leaf(mu), leaf(logvar)
        with no_distributions("negative_elbo"):
            loss = ns["negative_elbo"](torch.from_numpy(x), ell, m, lv)
        emit("loss", array(loss, "the loss"))
        loss.backward()
        emit("dlogits", grad(ell))
        emit("dmu", grad(m))
        emit("dlogvar", grad(lv))


def train(ns, emit, X_train):
    """Emit the trained networks' weights; the grader runs them on held-out digits itself."""
    with fresh_torch():
        result = ns["train_vae"](X_train)
        if not (isinstance(result, tuple) and len(result) == 3):
            raise TypeError("train_vae must return (encoder, decoder, history)")
        try:
            history = np.array([float(value) for value in result[2]], dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError("train_vae's history must be a list of numbers, one loss per epoch") from None
        emit("history", history)
        for name, net in zip(("encoder", "decoder"), result[:2]):
            if not isinstance(net, torch.nn.Module):
                raise TypeError(f"train_vae must return the trained {name} as a torch.nn.Module")
            for key, value in net.state_dict().items():
                emit(f"{name}.{key}", array(value, key))
