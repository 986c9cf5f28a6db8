"""Reference deeper MLP: {affine – [batch norm] – ReLU – [dropout]} × (L − 1) – affine – softmax, trained with Adam."""

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from solutions.dropout import dropout_backward, dropout_forward
from solutions.layers import affine_backward, affine_forward, relu_backward, relu_forward
from solutions.losses import softmax_cross_entropy
from solutions.normalization import batchnorm_backward, batchnorm_forward
from solutions.optimizers import adam
from toolkit.train import train


class FullyConnectedNet:
    """{affine – [batch norm] – ReLU – [dropout]} × (L − 1) – affine – softmax cross-entropy.

    Hidden layer l = 1, …, L − 1 computes, in this order: z = a W_l + b_l; with
    ``normalization="batchnorm"``, z ← batchnorm(z; γ_l, β_l, bn_params[l − 1]); a = ReLU(z);
    with dropout, a ← dropout(a; dropout_param). The last affine layer gives the scores.

    Attributes:
        params: W1, b1, …, WL, bL; with batch norm also gamma1, beta1, …, gamma{L−1}, beta{L−1}.
        bn_params: one bn_param dict per hidden layer (with batch norm; else empty), holding its
            running averages, which the grader reads after training.
        dropout_param: the one dict given to every dropout layer: ``p``, ``mode`` and ``seed``
            (a np.random.Generator made from the constructor's seed, so training is reproducible).
        reg: L2 strength: the loss adds (reg / 2) Σ_l ‖W_l‖², on the weights W only (not on
            biases, γ or β).
    """

    def __init__(
        self,
        hidden_dims: Sequence[int],
        input_dim: int = 64,
        num_classes: int = 10,
        dropout: float = 0.0,
        normalization: str | None = None,
        reg: float = 0.0,
        seed: int = 0,
    ) -> None:
        """He-initialised weights (variance 2 / fan-in), zero biases, γ = 1, β = 0.

        Args:
            hidden_dims: the widths H_1, …, H_{L−1} of the hidden layers.
            input_dim, num_classes: D and C.
            dropout: p, the probability of dropping each hidden unit in training (0: no dropout).
            normalization: "batchnorm" or None.
            reg: the L2 strength.
            seed: seed of the initialisation and of the dropout masks.
        """
        if normalization not in (None, "batchnorm"):
            raise ValueError(f"unknown normalization {normalization!r}")
        rng = np.random.default_rng(seed)
        dims = [input_dim, *hidden_dims, num_classes]
        self.num_layers = len(dims) - 1
        self.normalization = normalization
        self.reg = reg
        self.params: dict[str, np.ndarray] = {}
        self.bn_params: list[dict[str, Any]] = []
        for layer, (fan_in, fan_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
            self.params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)
            self.params[f"b{layer}"] = np.zeros(fan_out)
            if normalization == "batchnorm" and layer < self.num_layers:
                self.params[f"gamma{layer}"] = np.ones(fan_out)
                self.params[f"beta{layer}"] = np.zeros(fan_out)
                self.bn_params.append({"mode": "train", "running_mean": np.zeros(fan_out), "running_var": np.ones(fan_out)})
        self.dropout_param: dict[str, Any] = {"mode": "train", "p": dropout, "seed": np.random.default_rng(seed + 1)}

    # Shown in exercises/optim/optim.md, cell deep_mlp
    def loss(self, X: np.ndarray, y: np.ndarray | None = None) -> np.ndarray | tuple[float, dict[str, np.ndarray]]:
        """Scores (N, C) in test mode when y is None; with labels, (loss, grads) in training mode.

        The mode is set in every bn_param and in dropout_param before the forward pass: "test"
        without y (batch norm uses its running averages, dropout is the identity), "train" with y
        (batch statistics, running averages updated once, dropout masks drawn).

        Args:
            X: (N, D) inputs.
            y: (N,) integer labels, or None.

        Returns:
            scores (N, C) if y is None, else (loss, grads) with grads keyed like params.
        """
        mode = "test" if y is None else "train"
        for bn_param in self.bn_params:
            bn_param["mode"] = mode
        self.dropout_param["mode"] = mode
        L = self.num_layers  # given
        caches = []
        a = X
        for layer in range(1, L):  # given
            a, affine_cache = affine_forward(a, self.params[f"W{layer}"], self.params[f"b{layer}"])
            bn_cache = None
            if self.normalization == "batchnorm":
                a, bn_cache = batchnorm_forward(a, self.params[f"gamma{layer}"], self.params[f"beta{layer}"],
                                                self.bn_params[layer - 1])
            a, relu_cache = relu_forward(a)
            a, dropout_cache = dropout_forward(a, self.dropout_param)
            caches.append((affine_cache, bn_cache, relu_cache, dropout_cache))
        scores, last_cache = affine_forward(a, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores  # given

        loss, dscores = softmax_cross_entropy(scores, y)
        grads: dict[str, np.ndarray] = {}
        da, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dscores, last_cache)
        for layer in range(L - 1, 0, -1):  # given
            affine_cache, bn_cache, relu_cache, dropout_cache = caches[layer - 1]
            da = relu_backward(dropout_backward(da, dropout_cache), relu_cache)
            if bn_cache is not None:
                da, grads[f"gamma{layer}"], grads[f"beta{layer}"] = batchnorm_backward(da, bn_cache)
            da, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(da, affine_cache)
        for layer in range(1, L + 1):  # given
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * float(np.sum(W * W))
            grads[f"W{layer}"] = grads[f"W{layer}"] + self.reg * W
        return loss, grads  # given

    def predict(self, X: np.ndarray) -> np.ndarray:
        """(N,) predicted labels, in test mode."""
        return np.argmax(self.loss(X), axis=1)


def update_step(update: Callable, **hyperparameters: Any) -> Callable[[dict, dict, float], None]:
    """A ``step`` for ``toolkit.train`` made from an update rule ``update(w, dw, config) -> (next_w, config)``.

    ``train`` calls ``step(model.params, grads, learning_rate)`` after every mini-batch; this
    step gives each parameter its own config (the ``hyperparameters`` given here, with the
    learning rate ``train`` passes), keeps the config each call returns for the next one, and
    puts next_w into ``params``. (Given in the notebook's setup cell, word for word.)
    """
    configs: dict[str, dict] = {}

    def step(params: dict, grads: dict, learning_rate: float) -> None:
        for name in params:
            config = configs.get(name, dict(hyperparameters))
            config["learning_rate"] = learning_rate
            params[name], configs[name] = update(params[name], grads[name], config)

    return step


# Shown in exercises/optim/optim.md, cell train_digits
def train_digits_deep(X_train: np.ndarray, y_train: np.ndarray) -> FullyConnectedNet:
    """Train a FullyConnectedNet with batch norm and dropout on the digits, with your Adam.

    The grader calls this on the standardised training split of scikit-learn's digits and
    judges the returned model (its params and its bn_params' running averages, in test mode)
    on held-out digits: full marks from 95 % test accuracy. It must finish within 60 s.

    Args:
        X_train: (N, 64) standardised pixels.
        y_train: (N,) labels 0–9.

    Returns:
        The trained :class:`FullyConnectedNet`.
    """
    model = FullyConnectedNet([128, 64], dropout=0.2, normalization="batchnorm", reg=1e-3, seed=0)
    train(model, update_step(adam), X_train, y_train, epochs=20, batch_size=32, learning_rate=1e-3, seed=0)
    return model  # given
