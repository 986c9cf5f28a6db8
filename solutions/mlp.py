"""Reference multilayer perceptron built from the layers in :mod:`solutions.layers`."""

from collections.abc import Sequence

import numpy as np

from solutions.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from solutions.losses import softmax_cross_entropy
from solutions.optim import sgd_step
from toolkit.train import train


class MLP:
    """An L-layer perceptron for classification.

    Layers l = 1, ..., L compute z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾ with a⁽⁰⁾ = X; hidden layers apply
    the activation, a⁽ˡ⁾ = φ(z⁽ˡ⁾), and the last layer's z⁽ᴸ⁾ are the class scores. The
    loss is the softmax cross-entropy averaged over the batch plus the L2 penalty
    (reg / 2) Σ_l ‖W⁽ˡ⁾‖² on the weights (not on the biases).

    Attributes:
        params: ``W1, b1, ..., WL, bL``; Wl has shape (sizes[l−1], sizes[l]), bl (sizes[l],).
        activation: "relu", "tanh" or "sigmoid".
        reg: the L2 strength.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        reg: float = 0.0,
        seed: int = 0,
    ) -> None:
        """Initialise weights with He (ReLU) or LeCun (tanh, sigmoid) scale, biases with 0.

        W⁽ˡ⁾ entries are drawn from N(0, g / fan_in), g = 2 for ReLU and 1 otherwise.

        Args:
            sizes: layer widths (D, H_1, ..., H_{L−1}, C): input size, hidden sizes, classes.
            activation: the hidden-layer nonlinearity φ.
            reg: L2 regularisation strength.
            seed: seed of the weight initialisation.
        """
        if activation not in ("relu", "tanh", "sigmoid"):
            raise ValueError(f"unknown activation {activation!r}")
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output size")
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.activation = activation
        self.reg = reg
        self.params: dict[str, np.ndarray] = {}
        for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            scale = np.sqrt(gain / fan_in)
            self.params[f"W{layer}"] = scale * rng.standard_normal((fan_in, fan_out))
            self.params[f"b{layer}"] = np.zeros(fan_out)

    @property
    def num_layers(self) -> int:
        """L, the number of affine layers."""
        return len(self.params) // 2

    # Shown in exercises/backprop/backprop.md, cell mlp
    def loss(
        self, X: np.ndarray, y: np.ndarray | None = None
    ) -> np.ndarray | tuple[float, dict[str, np.ndarray]]:
        """Forward pass, and the backward pass when labels are given.

        Backward, with δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ (a gradient with respect to pre-activations):
        δ⁽ᴸ⁾ = (softmax(z⁽ᴸ⁾) − Y) / N; ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ + reg · W⁽ˡ⁾;
        ∂L/∂b⁽ˡ⁾ = Σ_n δ⁽ˡ⁾[n]; δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ φ'(z⁽ˡ⁻¹⁾).

        Args:
            X: (N, D) inputs.
            y: (N,) integer labels, or None.

        Returns:
            If y is None: scores, (N, C). Otherwise (loss, grads), where grads has the
            keys and shapes of ``params``.
        """
        act_forward, act_backward = {
            "relu": (relu_forward, relu_backward),
            "tanh": (tanh_forward, tanh_backward),
            "sigmoid": (sigmoid_forward, sigmoid_backward),
        }[self.activation]
        L = self.num_layers
        caches = []
        a = X
        for layer in range(1, L + 1):
            z, affine_cache = affine_forward(a, self.params[f"W{layer}"], self.params[f"b{layer}"])
            if layer == L:
                caches.append((affine_cache, None))
                scores = z
            else:
                a, act_cache = act_forward(z)
                caches.append((affine_cache, act_cache))
        if y is None:
            return scores  # given

        loss, delta = softmax_cross_entropy(scores, y)
        grads: dict[str, np.ndarray] = {}
        for layer in range(L, 0, -1):
            affine_cache, act_cache = caches[layer - 1]
            if act_cache is not None:
                delta = act_backward(delta, act_cache)
            delta, dw, db = affine_backward(delta, affine_cache)
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * float(np.sum(W * W))
            grads[f"W{layer}"] = dw + self.reg * W
            grads[f"b{layer}"] = db
        return loss, grads  # given

    def predict(self, X: np.ndarray) -> np.ndarray:
        """(N,) predicted labels, the argmax of the scores."""
        return np.argmax(self.loss(X), axis=1)


# Shown in exercises/backprop/backprop.md, cell train_digits
def train_digits_mlp(X_train: np.ndarray, y_train: np.ndarray) -> MLP:
    """Choose an architecture and a schedule, and train an MLP on the digits.

    The grader calls this on the standardised training split of scikit-learn's digits
    (about 1,350 images) and judges the returned model's parameters on held-out images:
    full marks from 95 % test accuracy. It must finish within the time limit (60 s).

    Args:
        X_train: (N, 64) standardised pixels.
        y_train: (N,) labels 0–9.

    Returns:
        The trained :class:`MLP`.
    """
    model = MLP([X_train.shape[1], 64, 10], activation="relu", reg=1e-4, seed=0)
    train(model, sgd_step, X_train, y_train, epochs=20, batch_size=32, learning_rate=0.1, seed=0)
    return model  # given
