"""Figures used by the book and the assignments."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def plot_loss_curve(history: list[float], ax=None, smooth: int = 1, label: str | None = None):
    """Plot a training-loss history; ``smooth`` > 1 also draws a moving average."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    steps = np.arange(1, len(history) + 1)
    ax.plot(steps, history, alpha=0.35 if smooth > 1 else 1.0, label=None if smooth > 1 else label)
    if smooth > 1 and len(history) >= smooth:
        kernel = np.ones(smooth) / smooth
        ax.plot(steps[smooth - 1 :], np.convolve(history, kernel, mode="valid"), label=label)
    ax.set_xlabel("mini-batch")
    ax.set_ylabel("training loss")
    return ax


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray, ax=None, steps: int = 200
):
    """Colour the plane by ``predict`` and scatter the 2-D points X with labels y on top."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    pad = 0.5
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, steps)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, steps)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    zz = predict(grid).reshape(gx.shape)
    ax.contourf(gx, gy, zz, alpha=0.3, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=20)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
