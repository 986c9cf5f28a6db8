"""The oracles' bridge to PyTorch autograd: float64 tensors in, NumPy arrays out."""

from collections.abc import Sequence

import numpy as np
import torch


def tensor(a: np.ndarray, grad: bool = True) -> torch.Tensor:
    """``a`` as a float64 tensor, a leaf of the graph unless ``grad`` is False."""
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def to_numpy(t: torch.Tensor | None) -> np.ndarray:
    """A NumPy copy of ``t``, detached from the graph (a leaf's ``.grad`` must have been computed)."""
    if t is None:
        raise ValueError("no gradient was computed for this tensor")
    return t.detach().numpy().copy()


def vjp(out: torch.Tensor, inputs: Sequence[torch.Tensor], dout: np.ndarray) -> list[np.ndarray]:
    """Gradients of ⟨out, dout⟩ with respect to ``inputs``."""
    return [to_numpy(g) for g in torch.autograd.grad(out, inputs, grad_outputs=tensor(dout, grad=False))]
