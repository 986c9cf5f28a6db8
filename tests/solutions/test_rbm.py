"""The reference RBM against independent answers: enumeration over hidden states and over the joint,
autograd of the free-energy difference (PyTorch, float64), and chains reproduced from the stated draws."""

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.hidden import rbm as hidden
from autograder.oracles import rbm as oracle
from solutions import rbm

TOL = 1e-9
# (N, D, H): a batch of one, D < H, D > H, one hidden unit
SHAPES = [(1, 3, 5), (6, 5, 2), (4, 8, 12), (3, 4, 1)]


def _params(rng, D, H, scale=1.0):
    return (scale * rng.standard_normal((D, H)) / np.sqrt(D), scale * rng.standard_normal(D),
            scale * rng.standard_normal(H))


def _binary(rng, shape):
    return (rng.random(shape) < 0.5).astype(np.float64)


def _assert_close(got, expected):
    assert got.shape == expected.shape and relative_error(got, expected) <= TOL


@pytest.mark.parametrize("N,D,H", SHAPES)
@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_conditionals_and_free_energy_match_enumeration(N, D, H, scale):
    rng = np.random.default_rng(N * 100 + D * 10 + H)
    W, b, c = _params(rng, D, H, scale)
    v, h = _binary(rng, (N, D)), _binary(rng, (N, H))
    expected = oracle.conditionals(v, h, W, b, c)
    with np.errstate(over="raise", invalid="raise"):
        _assert_close(rbm.prob_h_given_v(v, W, c), expected["p_h"])
        _assert_close(rbm.prob_v_given_h(h, W, b), expected["p_v"])
        _assert_close(rbm.free_energy(v, W, b, c), oracle.free_energy(v, W, b, c)["free_energy"])


@pytest.mark.parametrize("N,D,H", SHAPES)
@pytest.mark.parametrize("k", [1, 3])
def test_gibbs_cd_and_pcd_match_the_oracle_chain(N, D, H, k):
    rng = np.random.default_rng(N + D + H + k)
    W, b, c = _params(rng, D, H)
    v0, chain = _binary(rng, (N, D)), _binary(rng, (N + 1, D))
    expected, _ = oracle.gibbs(v0, W, b, c, 11)
    h, v_new = rbm.gibbs_step(v0, W, b, c, np.random.default_rng(11))
    assert np.array_equal(h, expected["h"]) and np.array_equal(v_new, expected["v_new"])
    expected, _ = oracle.cd(v0, W, b, c, k, 12)
    for got, key in zip(rbm.cd_gradient(v0, W, b, c, k, np.random.default_rng(12)), ("dW", "db", "dc")):
        _assert_close(got, expected[key])
    expected, _ = oracle.pcd(v0, chain, W, b, c, k, 13)
    kept = chain.copy()
    for got, key in zip(rbm.pcd_gradient(v0, chain, W, b, c, k, np.random.default_rng(13)), ("dW", "db", "dc", "chain")):
        _assert_close(got, expected[key])
    assert np.array_equal(chain, kept)


@pytest.mark.parametrize("N,D,H", SHAPES)
@pytest.mark.parametrize("scale", [1.0, 200.0])
def test_log_partition_and_likelihood_match_the_joint(N, D, H, scale):
    rng = np.random.default_rng(7 * N + D + H)
    W, b, c = _params(rng, D, H, scale)
    V = _binary(rng, (N, D))
    expected = oracle.likelihood(V, W, b, c)
    assert abs(rbm.log_partition(W, b, c) - float(expected["log_Z"])) <= TOL * abs(float(expected["log_Z"])) + 1e-12
    assert abs(rbm.exact_log_likelihood(V, W, b, c) - float(expected["ll"])) <= TOL * max(1.0, abs(float(expected["ll"])))


def test_float32_in_float32_out():
    rng = np.random.default_rng(3)
    W, b, c = (a.astype(np.float32) for a in _params(rng, 5, 4, 100.0))
    v = _binary(rng, (3, 5)).astype(np.float32)
    outputs = [rbm.prob_h_given_v(v, W, c), rbm.prob_v_given_h(rbm.prob_h_given_v(v, W, c), W, b),
               rbm.free_energy(v, W, b, c), *rbm.gibbs_step(v, W, b, c, np.random.default_rng(0)),
               *rbm.cd_gradient(v, W, b, c, 2, np.random.default_rng(0)),
               *rbm.pcd_gradient(v, v, W, b, c, 1, np.random.default_rng(0))]
    assert all(o.dtype == np.float32 and np.all(np.isfinite(o)) for o in outputs)


def test_the_pretrained_dbn_earns_full_marks_on_held_out_digits():
    V_train, V_test = hidden.binarized_digits(seed=1)
    (W1, b1, c1), (W2, b2, c2) = rbm.pretrain_dbn(V_train)
    assert W1.shape == (64, 100) and W2.shape == (100, 50)
    assert hidden.pseudo_log_likelihood(V_test, W1, b1, c1) >= hidden.FULL_PLL + 0.5
    codes_train, codes_test = (rbm.prob_h_given_v(V, W1, c1) for V in (V_train, V_test))
    assert hidden.reconstruction_gain(codes_train, codes_test, W2, b2, c2) >= hidden.FULL_GAIN + 2
    # the baselines fail: independent pixels, and a second layer left untrained
    p = V_train.mean(axis=0).clip(0.01, 0.99)
    assert hidden.pseudo_log_likelihood(V_test, np.zeros((64, 1)), np.log(p / (1 - p)), np.zeros(1)) < hidden.HALF_PLL
    q = codes_train.mean(axis=0)
    assert hidden.reconstruction_gain(codes_train, codes_test, np.zeros((100, 1)), np.log(q / (1 - q)),
                                      np.zeros(1)) < hidden.HALF_GAIN


@pytest.mark.parametrize("persistent,k,binary_data", [(False, 1, True), (True, 2, True), (False, 1, False)])
def test_training_runs_match_the_oracle_recipe(persistent, k, binary_data):
    rng = np.random.default_rng(k + 10 * persistent + 100 * binary_data)
    V = _binary(rng, (11, 4)) if binary_data else rng.random((11, 4))
    settings = {"n_hidden": 3, "epochs": 3, "lr": 0.3, "batch_size": 4, "k": k, "persistent": persistent}
    expected, _ = oracle.train(V, seed=5, **settings)
    W, b, c, history = rbm.train_rbm(V, seed=5, monitor=lambda W, b, c: float(W.sum() + b.sum() + c.sum()), **settings)
    for got, key in zip((W, b, c, np.array(history)), ("W", "b", "c", "history")):
        _assert_close(got, expected[key])
