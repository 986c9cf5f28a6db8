"""Hidden tests of the optimization assignment: grader-chosen inputs, PyTorch-computed answers.

Update rules are stepped up to six times and compared, iterate by iterate and then their
state, with ``torch.optim`` stepping a tensor with the same gradients: from ``config=None``,
from given hyperparameters, resumed from a given state, with gradients of 1e-6 (where ε's
place shows), in float32 and float64. Batch normalization is compared with
``torch.nn.BatchNorm1d`` in train and eval mode: a batch of two, a constant feature,
features offset by 10⁶ (E[x²] − E[x]² cancels), the running averages' start, momentum and
unbiased variance. Dropout: the mask the notebook states, for p from 0 to 0.75, an int seed
and a Generator. The deeper network: its test-mode scores, one training-mode loss with its
gradients and running averages. Nothing here enters the sandbox.
"""

import functools
import re
from typing import Any

import numpy as np

from autograder.checks import TRAIN_SECONDS, Case, Check, accuracy_verdict, close, close_all, relative_error, trained_model
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.optim")

LIMITS = Limits(case_seconds=10.0)
RULES = ("sgd_momentum", "sgd_nesterov", "rmsprop", "adam")
GRADE_IDS = {"sgd_momentum": "test_sgd_momentum", "sgd_nesterov": "test_nesterov", "rmsprop": "test_rmsprop",
             "adam": "test_adam"}
# The state each rule keeps in its config (PyTorch's names), as the notebook states.
STATE = {"sgd_momentum": ("momentum_buffer",), "sgd_nesterov": ("momentum_buffer",), "rmsprop": ("square_avg",),
         "adam": ("exp_avg", "exp_avg_sq", "step")}
DEFAULT_LR = {"sgd_momentum": 1e-2, "sgd_nesterov": 1e-2, "rmsprop": 1e-2, "adam": 1e-3}


def explained(check: Check, known: list[tuple[np.ndarray, str]]) -> Check:
    """``check``, whose feedback on wrong values names a known mistake when the values are that mistake's."""
    key = check.keys[0]

    def judge(outputs) -> tuple:
        fraction, text, *slips = check.judge(outputs)
        if fraction == 0 and "wrong values" in text:
            actual = outputs[key]
            for value, what in known:
                if actual.shape == value.shape and relative_error(actual, value, 1e-4) <= 1e-4:
                    return 0.0, f"{text} — {what}"
        return (fraction, text, *slips)

    return Check(check.label, judge, check.weight, check.keys)


def update_case(rule: str, name: str, title: str, w: np.ndarray, grads: np.ndarray, hyper: dict | None = None,
                state: dict[str, np.ndarray] | None = None, step: int | None = None) -> Case:
    """``rule`` stepped through grads from w; every iterate and the final state judged in w's dtype."""
    expected = oracle.update(rule, w.astype(np.float64), grads.astype(np.float64), None if hyper is None else dict(hyper),
                             state, step)
    arrays = {k: v for k, v in expected.items() if k != "step"}
    variants = None
    if rule in ("sgd_momentum", "sgd_nesterov"):  # the buffer kept as Sutskever's velocity v = −η b
        lr = (hyper or {}).get("learning_rate", DEFAULT_LR[rule])
        variants = {"momentum_buffer": [("momentum buffer", (-lr * expected["momentum_buffer"]).astype(w.dtype),
                                         "momentum_buffer holds Sutskever's velocity v = μv − η∇ (−η·b); "
                                         "the rule is PyTorch's buffer b = μb + ∇")]}
    checks = close_all(arrays, w.dtype, variants=variants)
    if "step" in expected:
        checks.append(close("step", expected["step"], 1e-12))
    inputs = {"w": w, "grads": grads, **{f"state_{k}": v.astype(w.dtype) for k, v in (state or {}).items()}}
    params = {"rule": rule, "hyper": hyper, "state_keys": list(STATE[rule]), **({"step": step} if step is not None else {})}
    return Case(grade_id=GRADE_IDS[rule], name=name, title=title, probe="update", inputs=inputs, checks=checks,
                params=params)


# Hyperparameters other than the defaults, by rule.
HYPER = {
    "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.5},
    "sgd_nesterov": {"learning_rate": 0.05, "momentum": 0.7},
    "rmsprop": {"learning_rate": 0.02, "alpha": 0.9, "eps": 1e-4},
    "adam": {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.95, "eps": 1e-5},
}


def _update_cases(rng: np.random.Generator, rule: str) -> list[Case]:
    def draw(shape, steps, scale=1.0, dtype=np.float64):
        return rng.standard_normal(shape).astype(dtype), (scale * rng.standard_normal((steps, *shape))).astype(dtype)

    state = {key: np.abs(rng.standard_normal(6)) for key in STATE[rule] if key != "step"}
    if rule in ("sgd_momentum", "sgd_nesterov"):
        state = {"momentum_buffer": rng.standard_normal(6)}
    configs = [
        ("defaults (config=None), 4 steps", (3, 4), 4, 1.0, np.float64, None, None, None),
        ("given hyperparameters, 5 steps, 3-D w", (2, 3, 2), 5, 1.0, np.float64, HYPER[rule], None, None),
        ("gradients of 1e-6, the defaults: ε's place shows", (5,), 3, 1e-6, np.float64, None, None, None),
        ("float32, a larger learning rate, 3 steps", (4, 3), 3, 1.0, np.float32,
         {**HYPER[rule], "learning_rate": 0.1}, None, None),
        ("resumed from a given state", (6,), 3, 1.0, np.float64, {"learning_rate": 0.05}, state, 7 if rule == "adam" else None),
        ("one step, one parameter, large gradients", (1,), 1, 100.0, np.float64, {"learning_rate": 0.1}, None, None),
    ]
    cases = []
    for i, (title, shape, steps, scale, dtype, hyper, given, step) in enumerate(configs):
        w, grads = draw(shape, steps, scale, dtype)
        cases.append(update_case(rule, f"{rule}-{i}", title, w, grads, hyper, given, step))
    return cases


def batchnorm_case(name: str, title: str, x: np.ndarray, mode: str, rng: np.random.Generator, momentum: float | None = None,
                   eps: float | None = None, running: bool = True) -> Case:
    """batchnorm_forward then batchnorm_backward; the running averages given (always in test mode) or left to start."""
    D = int(x.shape[1])
    gamma, beta = (1 + 0.5 * rng.standard_normal(D)).astype(x.dtype), rng.standard_normal(D).astype(x.dtype)
    dout = rng.standard_normal(x.shape).astype(x.dtype)
    stats = {"running_mean": rng.standard_normal(D).astype(x.dtype), "running_var": rng.uniform(0.5, 2, D).astype(x.dtype)}
    stats = stats if running or mode == "test" else {}
    expected = oracle.batchnorm(x.astype(np.float64), gamma, beta, dout, mode, momentum, eps, **stats)
    checks = close_all(expected, x.dtype)
    if mode == "train":  # feedback that names the usual mistakes in the running averages
        N, m = x.shape[0], 0.1 if momentum is None else momentum
        var = x.astype(np.float64).var(axis=0)
        start_mean, start_var = stats.get("running_mean", np.zeros(D)), stats.get("running_var", np.ones(D))
        mistakes = {
            "running_mean": [((m * start_mean + (1 - m) * x.mean(axis=0)).astype(x.dtype),
                              "the momentum is the weight of the NEW batch: (1 − m)·running + m·μ")],
            "running_var": [(((1 - m) * start_var + m * var).astype(x.dtype),
                             "running_var averages the UNBIASED batch variance, σ²·N/(N − 1), as BatchNorm1d does"),
                            ((m * start_var + (1 - m) * var * N / (N - 1)).astype(x.dtype),
                             "the momentum is the weight of the NEW batch: (1 − m)·running + m·σ²·N/(N − 1)")],
        }
        if "running_var" not in stats:
            mistakes["running_var"].append((((1 - m) * 0 + m * var * N / (N - 1)).astype(x.dtype),
                                            "the running variance starts at 1 (PyTorch's start), not 0"))
        checks = [explained(c, mistakes[c.keys[0]]) if c.keys[0] in mistakes else c for c in checks]
    params = {"mode": mode, **{k: v for k, v in (("momentum", momentum), ("eps", eps)) if v is not None}}
    return Case(grade_id="test_batchnorm" if mode == "train" else "test_batchnorm_eval", name=name, title=title,
                probe="batchnorm", inputs={"x": x, "gamma": gamma, "beta": beta, "dout": dout, **stats}, checks=checks,
                params=params)


def _batchnorm_cases(rng: np.random.Generator) -> list[Case]:
    def constant_feature(shape):
        x = rng.standard_normal(shape)
        x[:, 2] = 1.5
        return x

    train = [
        ("8 × 5, momentum 0.2, ε 1e-3, given running averages", 2 * rng.standard_normal((8, 5)) + 1, 0.2, 1e-3, True),
        ("a batch of two, bn_param with the mode only (the running averages start at 0 and 1)",
         rng.standard_normal((2, 3)), None, None, False),
        ("a constant feature (variance 0)", constant_feature((6, 4)), None, None, True),
        ("features offset by 10⁶ (E[x²] − E[x]² cancels)", 1e6 + rng.standard_normal((16, 3)), 0.5, None, True),
        ("float32, 5 × 6", rng.standard_normal((5, 6)).astype(np.float32), None, 1e-4, False),
        ("50 examples, one feature", 10 * rng.standard_normal((50, 1)), 0.05, None, True),
    ]
    cases = [batchnorm_case(f"bn-train-{i}", title, x, "train", rng, m, eps, running)
             for i, (title, x, m, eps, running) in enumerate(train)]
    test: list[tuple[str, np.ndarray, float | None, float | None]] = [
        ("6 × 4, the running averages", rng.standard_normal((6, 4)), None, None),
        ("float32, ε 1e-2", rng.standard_normal((3, 5)).astype(np.float32), None, 1e-2),
        ("a batch of one", rng.standard_normal((1, 3)), None, None),
        ("a momentum given too (test mode ignores it)", 3 + rng.standard_normal((4, 2)), 0.5, None),
    ]
    return cases + [batchnorm_case(f"bn-test-{i}", title, x, "test", rng, m, eps)
                    for i, (title, x, m, eps) in enumerate(test)]


def dropout_case(name: str, title: str, x: np.ndarray, p: float, mode: str, rng: np.random.Generator,
                 seed: int | None = None, generator: bool = False) -> Case:
    dout = rng.standard_normal(x.shape).astype(x.dtype)
    expected = oracle.dropout(x, dout, p, mode, 0 if seed is None else seed, generator)
    params = {"p": p, "mode": mode, **({"seed": seed} if seed is not None else {}), "generator": generator}
    return Case(grade_id="test_dropout", name=name, title=title, probe="dropout", inputs={"x": x, "dout": dout},
                checks=close_all(expected, x.dtype), params=params)


def _dropout_cases(rng: np.random.Generator) -> list[Case]:
    def seed():
        return int(rng.integers(2**31))

    configs: list[tuple[str, np.ndarray, float, str, int | None, bool]] = [
        ("p = 0.3, an int seed", rng.standard_normal((4, 6)), 0.3, "train", seed(), False),
        ("p = 0.75, 3-D input", rng.standard_normal((2, 3, 4)), 0.75, "train", seed(), False),
        ("p = 0 (every unit kept)", rng.standard_normal(5), 0.0, "train", seed(), False),
        ("float32, p = 0.4", rng.standard_normal((6, 5)).astype(np.float32), 0.4, "train", seed(), False),
        ("a Generator as the seed, two calls: the stream continues", rng.standard_normal((3, 7)), 0.6, "train", seed(), True),
        ("test mode, no seed", rng.standard_normal((5, 4)), 0.5, "test", None, False),
        ("test mode, float32, p = 0.9", rng.standard_normal((2, 6)).astype(np.float32), 0.9, "test", seed(), False),
    ]
    return [dropout_case(f"dropout-{i}", title, x, p, mode, rng, s, g) for i, (title, x, p, mode, s, g) in enumerate(configs)]


def mlp_case(name: str, title: str, hidden_dims: list[int], D: int, C: int, N: int, normalization: str | None,
             dropout: float, reg: float, rng: np.random.Generator) -> Case:
    dims = [D, *hidden_dims, C]
    params, running = {}, {}
    for layer, (fan_in, fan_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
        params[f"b{layer}"] = 0.1 * rng.standard_normal(fan_out)
        if normalization == "batchnorm" and layer < len(dims) - 1:
            params[f"gamma{layer}"] = 1 + 0.2 * rng.standard_normal(fan_out)
            params[f"beta{layer}"] = 0.1 * rng.standard_normal(fan_out)
            running[f"running_mean{layer}"] = rng.standard_normal(fan_out)
            running[f"running_var{layer}"] = rng.uniform(0.5, 2, fan_out)
    X, y = rng.standard_normal((N, D)), rng.integers(0, C, size=N)
    seed = int(rng.integers(2**31))
    expected = oracle.deep_mlp(params, running, X, y, dropout, reg, seed)
    return Case(grade_id="test_deep_mlp", name=name, title=title, probe="deep_mlp",
                inputs={"X": X, "y": y, **params, **running}, checks=close_all(expected),
                params={"hidden_dims": hidden_dims, "dropout": dropout, "normalization": normalization, "reg": reg,
                        "seed": seed})


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    configs = [
        ("two hidden layers, batch norm, no dropout, no regularisation", [6, 5], 4, 3, 5, "batchnorm", 0.0, 0.0),
        ("three hidden layers, batch norm, dropout 0.3, reg 0.1", [5, 4, 6], 7, 4, 8, "batchnorm", 0.3, 0.1),
        ("no batch norm, dropout 0.5, reg 0.05", [8, 6], 5, 3, 6, None, 0.5, 0.05),
        ("a batch of two, batch norm, dropout 0.2", [3, 4], 3, 2, 2, "batchnorm", 0.2, 0.01),
    ]
    return [mlp_case(f"mlp-{i}", *config, rng) for i, config in enumerate(configs)]


def _accuracy(X_test: np.ndarray, y_test: np.ndarray):
    """The held-out accuracy of the emitted network in test mode, by the oracle's forward pass."""
    def evaluate(arrays: dict[str, np.ndarray]):
        layers = sum(1 for key in arrays if re.fullmatch(r"W\d+", key))
        batchnorm = "gamma1" in arrays
        params, running, fan_in = {}, {}, X_test.shape[1]
        for layer in range(1, layers + 1):
            W, b = arrays.get(f"W{layer}"), arrays.get(f"b{layer}")
            if W is None or b is None or W.ndim != 2 or W.shape[0] != fan_in or b.shape != (W.shape[1],) \
                    or W.dtype.kind != "f" or b.dtype.kind != "f":
                return f"W{layer}, b{layer}: shapes do not make a network"
            params[f"W{layer}"], params[f"b{layer}"], fan_in = W, b, W.shape[1]
            if batchnorm and layer < layers:
                found: dict[str, Any] = {key: arrays.get(f"{key}{layer}")  # None: checked just below
                                         for key in ("gamma", "beta", "running_mean", "running_var")}
                if any(v is None or v.shape != (fan_in,) or v.dtype.kind != "f" for v in found.values()):
                    return f"hidden layer {layer}: batch norm needs gamma, beta and the running averages, each ({fan_in},)"
                if np.any(found["running_var"] < 0):
                    return f"running_var{layer}: negative variances"
                params[f"gamma{layer}"], params[f"beta{layer}"] = found["gamma"], found["beta"]
                running[f"running_mean{layer}"], running[f"running_var{layer}"] = found["running_mean"], found["running_var"]
        if fan_in != 10:
            return f"the network has {fan_in} outputs, expected 10"
        return accuracy_verdict(float(np.mean(oracle.predict(params, running, X_test) == y_test)))

    return evaluate


@functools.cache  # the same whatever the seed: a trained model is judged on held-out digits
def _train_cases() -> list[Case]:
    from toolkit.data import load_digits_split

    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    check = trained_model("held-out accuracy", ("W1", "b1"), _accuracy(X_test, y_test), what="trained network")
    return [Case(grade_id="test_train_digits", name="train-digits", title="train on digits", probe="train_digits",
                 inputs={"X_train": X_train, "y_train": y_train}, checks=[check], time_limit=TRAIN_SECONDS, repeat=False)]


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261202


def _structure(rng: np.random.Generator) -> list[Case]:
    cases = [case for rule in RULES for case in _update_cases(rng, rule)]
    return cases + _batchnorm_cases(rng) + _dropout_cases(rng) + _mlp_cases(rng)


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    return _structure(np.random.default_rng(seed)) + _train_cases()


def battery(rng: np.random.Generator, per_function: int = 40) -> list[Case]:
    """A dense randomized battery for the audit: shapes, steps, scales, states, modes, p and dtypes from the contract."""
    found = _structure(rng)  # the hidden tests' structure, new values

    def dtype():
        return [np.float64, np.float32][rng.integers(2)]

    def shape(lo=1, hi=5, dims=3):
        return tuple(int(n) for n in rng.integers(lo, hi, size=rng.integers(1, dims + 1)))

    for i in range(per_function):
        for rule in RULES:
            dt, s, steps = dtype(), shape(), int(rng.integers(1, 7))
            scale = float([1.0, 1.0, 1e-6, 1e-3, 100.0][rng.integers(5)])
            w, grads = rng.standard_normal(s).astype(dt), (scale * rng.standard_normal((steps, *s))).astype(dt)
            hyper = None
            if rng.random() < 0.6:
                hyper = {"learning_rate": float(rng.choice([1e-3, 1e-2, 0.05, 0.1]) if dt == np.float64 else 0.1)}
                if rule in ("sgd_momentum", "sgd_nesterov") and rng.random() < 0.7:
                    hyper["momentum"] = float(rng.uniform(0, 0.99))
                if rule == "rmsprop" and rng.random() < 0.7:
                    hyper.update(alpha=float(rng.uniform(0.5, 0.999)), eps=float(rng.choice([1e-8, 1e-6, 1e-3])))
                if rule == "adam" and rng.random() < 0.7:
                    hyper.update(beta1=float(rng.uniform(0.5, 0.99)), beta2=float(rng.uniform(0.9, 0.9999)),
                                 eps=float(rng.choice([1e-8, 1e-6, 1e-3])))
            state, step = None, None
            if rng.random() < 0.3:
                state = {key: np.abs(rng.standard_normal(s)) for key in STATE[rule] if key != "step"}
                step = int(rng.integers(1, 20)) if rule == "adam" else None
                hyper = hyper or {}
            title = f"battery: {rule}, w {s} {np.dtype(dt)}, {steps} steps, |∇| ~ {scale:g}, " \
                    f"{'defaults' if hyper is None else hyper}" + (", resumed" if state else "")
            found.append(update_case(rule, f"b-{rule}-{i}", title, w, grads, hyper, state, step))
        for mode in ("train", "test"):
            dt = dtype()
            N, D = int(rng.integers(2 if mode == "train" else 1, 10)), int(rng.integers(1, 7))
            offset = float([0.0, 0.0, 5.0, 1e6 if dt == np.float64 else 10.0][rng.integers(4)])
            x = offset + float(rng.choice([0.1, 1.0, 10.0])) * rng.standard_normal((N, D))
            if rng.random() < 0.3:
                x[:, rng.integers(D)] = offset
            momentum = None if rng.random() < 0.5 else float(rng.uniform(0.01, 0.9))
            eps = None if rng.random() < 0.5 else float(rng.choice([1e-5, 1e-3, 1e-1]))
            running = bool(rng.random() < 0.6)
            title = f"battery: {mode}, x ({N}, {D}) {np.dtype(dt)}, offset {offset:g}, momentum {momentum}, eps {eps}" \
                    + ("" if running or mode == "test" else ", running averages from their start")
            found.append(batchnorm_case(f"b-bn-{mode}-{i}", title, x.astype(dt), mode, rng, momentum, eps, running))
        dt, mode = dtype(), ["train", "train", "test"][rng.integers(3)]
        p = float(rng.choice([0.0, 0.1, 0.25, 0.5, 0.6, 0.8, 0.95]))
        generator = mode == "train" and bool(rng.random() < 0.3)
        seed = None if mode == "test" and rng.random() < 0.5 else int(rng.integers(2**31))
        x = rng.standard_normal(shape()).astype(dt)
        found.append(dropout_case(f"b-dropout-{i}", f"battery: {mode}, x {x.shape} {np.dtype(dt)}, p {p:g}"
                                  + (", a Generator" if generator else ""), x, p, mode, rng, seed, generator))
        if i < per_function // 2:
            hidden = [int(v) for v in rng.integers(1, 7, size=rng.integers(1, 4))]
            normalization = [None, "batchnorm", "batchnorm"][rng.integers(3)]
            dropout, reg = float(rng.choice([0.0, 0.2, 0.5])), float(rng.choice([0.0, 0.01, 0.1]))
            D, C, N = int(rng.integers(1, 6)), int(rng.integers(2, 5)), int(rng.integers(2, 7))
            title = f"battery: hidden {hidden}, {normalization}, dropout {dropout:g}, reg {reg:g}, N {N}"
            found.append(mlp_case(f"b-mlp-{i}", title, hidden, D, C, N, normalization, dropout, reg, rng))
    return found
