"""The reference SGD step against torch.optim.SGD."""

import numpy as np
import pytest
import torch

from solutions.optim import sgd_step

pytestmark = pytest.mark.backprop


def test_sgd_step_matches_torch_and_updates_in_place():
    rng = np.random.default_rng(0)
    params = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(4)}
    grads = {k: rng.standard_normal(v.shape) for k, v in params.items()}
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    for k, t in tensors.items():
        t.grad = torch.tensor(grads[k])
    torch.optim.SGD(tensors.values(), lr=0.05).step()
    originals = {k: v for k, v in params.items()}
    sgd_step(params, grads, 0.05)
    for k in params:
        assert params[k] is originals[k]
        np.testing.assert_allclose(params[k], tensors[k].detach().numpy(), rtol=1e-12, atol=0)
