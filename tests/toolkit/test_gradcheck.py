"""Centred differences and the relative error."""

import numpy as np
import pytest

from toolkit.gradcheck import numerical_gradient, numerical_gradient_array, rel_error


def test_numerical_gradient_of_a_known_function():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    grad = numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x.copy())
    np.testing.assert_allclose(grad, np.cos(x) * x + np.sin(x), rtol=1e-8)


def test_centred_difference_error_is_second_order():
    f, x0, exact = np.exp, np.array([0.7]), np.exp(0.7)
    errors = [abs(numerical_gradient(lambda v: float(f(v)[0]), x0.copy(), h)[0] - exact) for h in (1e-2, 1e-3)]
    assert 50 < errors[0] / errors[1] < 200  # h ten times smaller: error about a hundred times smaller


def test_numerical_gradient_array_is_a_vector_jacobian_product():
    rng = np.random.default_rng(0)
    A, x, dout = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(3)
    np.testing.assert_allclose(numerical_gradient_array(lambda v: A @ v, x, dout), A.T @ dout, rtol=1e-7)


def test_point_is_restored():
    x = np.arange(4.0)
    numerical_gradient(lambda v: float(v.sum()), x)
    np.testing.assert_array_equal(x, np.arange(4.0))


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert rel_error(np.zeros(2), np.zeros(2)) == 0.0
    with pytest.raises(ValueError, match="shapes differ"):
        rel_error(np.ones(2), np.ones(3))
