"""The optimization assignment's references against PyTorch: torch.optim stepping a tensor,
torch.nn.BatchNorm1d in train and eval mode, dropout's stated mask, the deeper network by autograd.

(``tests/solutions/test_optim.py`` is the backprop assignment's SGD step, in solutions/optim.py.)
"""

import ast
import copy
import inspect

import jupytext
import numpy as np
import pytest

from autograder import assignments
from autograder.checks import relative_error
from autograder.oracles import optim as oracle
from autograder.probes import optim as probes
from solutions import deep_mlp, dropout, normalization, optimizers
from toolkit import accuracy, load_digits_split

pytestmark = pytest.mark.optim

TOL = 1e-10
RULES = ["sgd_momentum", "sgd_nesterov", "rmsprop", "adam"]
HYPER = {
    "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.8},
    "sgd_nesterov": {"learning_rate": 0.05, "momentum": 0.7},
    "rmsprop": {"learning_rate": 0.02, "alpha": 0.9, "eps": 1e-6},
    "adam": {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
}


def _run(rule, w, grads, config):
    iterates = []
    for g in grads:
        w, config = getattr(optimizers, rule)(w, g, config)
        iterates.append(w)
    return iterates, config


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("hyper", ["defaults", "given"])
@pytest.mark.parametrize("scale", [1.0, 1e-6])
def test_update_rules_match_torch_optim(rule, hyper, scale):
    rng = np.random.default_rng(len(rule))
    w, grads = rng.standard_normal((3, 4)), scale * rng.standard_normal((6, 3, 4))
    config = None if hyper == "defaults" else dict(HYPER[rule])
    expected = oracle.update(rule, w, grads, None if config is None else dict(config))
    iterates, config = _run(rule, w.copy(), grads, config)
    for k, mine in enumerate(iterates, start=1):
        assert relative_error(mine, expected[f"w{k}"]) <= TOL, f"w{k}"
    for key in oracle.STATE[rule]:
        assert relative_error(np.asarray(config[key], dtype=float), expected[key]) <= TOL, key


@pytest.mark.parametrize("rule", RULES)
def test_update_rules_resume_from_a_given_state(rule):
    rng = np.random.default_rng(7)
    w, grads = rng.standard_normal(5), rng.standard_normal((3, 5))
    state = {key: np.abs(rng.standard_normal(5)) for key in oracle.STATE[rule] if key != "step"}
    step = 4 if rule == "adam" else None
    config = {**HYPER[rule], **{k: v.copy() for k, v in state.items()}, **({"step": step} if step else {})}
    expected = oracle.update(rule, w, grads, HYPER[rule], state, step)
    iterates, config = _run(rule, w, grads, config)
    assert relative_error(iterates[-1], expected["w3"]) <= TOL
    for key in oracle.STATE[rule]:
        assert relative_error(np.asarray(config[key], dtype=float), expected[key]) <= TOL, key


@pytest.mark.parametrize("rule", RULES)
def test_update_rules_keep_dtype_and_leave_inputs(rule):
    rng = np.random.default_rng(1)
    w, dw = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    w0, dw0 = w.copy(), dw.copy()
    next_w, config = getattr(optimizers, rule)(w, dw, None)
    next_w, config = getattr(optimizers, rule)(next_w, dw, config)
    assert next_w.dtype == np.float32 and np.array_equal(w, w0) and np.array_equal(dw, dw0)
    assert all(config[k].dtype == np.float32 for k in oracle.STATE[rule] if k != "step")


@pytest.mark.parametrize("mode", ["train", "test"])
@pytest.mark.parametrize("shape,offset,given", [((5, 3), 0.0, True), ((2, 4), 0.0, False), ((7, 2), 1e6, True)])
def test_batchnorm_matches_batchnorm1d(mode, shape, offset, given):
    rng = np.random.default_rng(shape[0])
    x = offset + rng.standard_normal(shape)
    x[:, -1] = 3.0  # a constant feature: variance 0
    gamma, beta, dout = rng.standard_normal(shape[1]), rng.standard_normal(shape[1]), rng.standard_normal(shape)
    stats = {"running_mean": rng.standard_normal(shape[1]), "running_var": rng.uniform(0.5, 2, shape[1])} if given else {}
    bn_param = {"mode": mode, **({"momentum": 0.3, "eps": 1e-3} if given else {}), **copy.deepcopy(stats)}
    expected = oracle.batchnorm(x, gamma, beta, dout, mode, bn_param.get("momentum"), bn_param.get("eps"), **stats)
    out, cache = normalization.batchnorm_forward(x, gamma, beta, bn_param)
    assert relative_error(out, expected["out"]) <= 1e-8
    for key in ("running_mean", "running_var"):
        assert relative_error(bn_param[key], expected[key]) <= 1e-9, key
    for key, grad in zip(("dx", "dgamma", "dbeta"), normalization.batchnorm_backward(dout, cache)):
        assert relative_error(grad, expected[key]) <= 1e-8, key


@pytest.mark.parametrize("p", [0.0, 0.3, 0.75])
@pytest.mark.parametrize("mode", ["train", "test"])
def test_dropout_draws_the_stated_mask(p, mode):
    rng = np.random.default_rng(5)
    x, dout = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    expected = oracle.dropout(x, dout, p, mode, seed=11, generator=True)
    generator = np.random.default_rng(11)
    out, cache = dropout.dropout_forward(x, {"p": p, "mode": mode, "seed": 11})
    assert relative_error(out, expected["out"]) <= TOL
    assert relative_error(dropout.dropout_backward(dout, cache), expected["dx"]) <= TOL
    param = {"p": p, "mode": mode, "seed": generator}
    dropout.dropout_forward(x, param)
    assert relative_error(dropout.dropout_forward(x, param)[0], expected["out_next"]) <= TOL


def test_dropout_keeps_the_mean_and_the_dtype():
    x = np.ones((400, 500), dtype=np.float32)
    out, _ = dropout.dropout_forward(x, {"p": 0.3, "mode": "train", "seed": 0})
    assert out.dtype == np.float32 and abs(out.mean() - 1) < 0.01 and abs((out == 0).mean() - 0.3) < 0.01


@pytest.mark.parametrize("normalization_,p,reg", [("batchnorm", 0.0, 0.0), ("batchnorm", 0.4, 0.1), (None, 0.25, 0.05)])
def test_deep_mlp_matches_autograd(normalization_, p, reg):
    rng = np.random.default_rng(3)
    model = deep_mlp.FullyConnectedNet([6, 5, 4], input_dim=7, num_classes=3, dropout=p, normalization=normalization_,
                                       reg=reg, seed=2)
    for key in model.params:
        model.params[key] = model.params[key] + 0.1 * rng.standard_normal(model.params[key].shape)
    running = {}
    for layer, bn_param in enumerate(model.bn_params, start=1):
        bn_param["running_mean"] = running[f"running_mean{layer}"] = rng.standard_normal(bn_param["running_mean"].shape)
        bn_param["running_var"] = running[f"running_var{layer}"] = rng.uniform(0.5, 2, bn_param["running_var"].shape)
    X, y = rng.standard_normal((8, 7)), rng.integers(0, 3, size=8)
    expected = oracle.deep_mlp(model.params, running, X, y, p, reg, seed=9)
    assert relative_error(model.loss(X), expected["scores"]) <= TOL
    model.dropout_param["seed"] = 9
    loss, grads = model.loss(X, y)
    assert relative_error(np.array(loss), expected["loss"]) <= TOL
    assert set(grads) == set(model.params)
    for key, grad in grads.items():
        assert relative_error(grad, expected[f"d{key}"], floor=1e-6) <= 1e-9, key  # b before batch norm: 0 up to rounding
    for layer, bn_param in enumerate(model.bn_params, start=1):
        for key in ("running_mean", "running_var"):
            assert relative_error(bn_param[key], expected[f"{key}{layer}"]) <= TOL


def test_training_reaches_the_stated_accuracy():
    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    model = deep_mlp.train_digits_deep(X_train, y_train)
    assert accuracy(model.predict(X_test), y_test) >= 0.95
    running = {f"{key}{layer}": bn[key] for layer, bn in enumerate(model.bn_params, start=1)
               for key in ("running_mean", "running_var")}
    assert np.array_equal(oracle.predict(model.params, running, X_test), model.predict(X_test))


def test_the_notebook_gives_update_step_word_for_word():
    """update_step is given code: the notebook's setup cell holds solutions.deep_mlp's, unchanged."""
    cells = jupytext.read(assignments.get("optim").sources[0]).cells
    given = [cell.source for cell in cells if "setup" in cell.metadata.get("tags", []) and "def update_step" in cell.source]
    assert len(given) == 1
    tree = ast.parse(given[0])
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "update_step")
    assert ast.dump(node) == ast.dump(ast.parse(inspect.getsource(deep_mlp.update_step)).body[0])


@pytest.mark.parametrize("rule", RULES)
def test_the_probes_training_stand_ins_match_torch(rule):
    """While the training case runs, the probe puts the grader's vectorised functions in place of the student's."""
    rng = np.random.default_rng(2)
    w, grads = rng.standard_normal(4), rng.standard_normal((5, 4))
    expected = oracle.update(rule, w, grads, None)
    config = None
    for g in grads:
        w, config = probes.GRADERS[rule](w, g, config)
    assert relative_error(w, expected["w5"]) <= TOL


@pytest.mark.parametrize("mode", ["train", "test"])
def test_the_probes_training_layers_match_torch(mode):
    rng = np.random.default_rng(4)
    x, gamma, beta, dout = rng.standard_normal((6, 3)), rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal((6, 3))
    stats = {"running_mean": rng.standard_normal(3), "running_var": rng.uniform(0.5, 2, 3)}
    bn_param = {"mode": mode, **copy.deepcopy(stats)}
    expected = oracle.batchnorm(x, gamma, beta, dout, mode, **stats)
    out, cache = probes.GRADERS["batchnorm_forward"](x, gamma, beta, bn_param)
    grads = dict(zip(("dx", "dgamma", "dbeta"), probes.GRADERS["batchnorm_backward"](dout, cache)))
    for key, value in {"out": out, **grads, **{k: bn_param[k] for k in stats}}.items():
        assert relative_error(value, expected[key]) <= 1e-9, key
    found = oracle.dropout(x, dout, 0.3, mode, seed=5)
    out, cache = probes.GRADERS["dropout_forward"](x, {"p": 0.3, "mode": mode, "seed": 5})
    assert relative_error(out, found["out"]) <= TOL
    assert relative_error(probes.GRADERS["dropout_backward"](dout, cache), found["dx"]) <= TOL
