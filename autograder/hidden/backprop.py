"""Hidden tests of the backprop assignment: grader-chosen inputs, oracle-computed answers.

Shapes differ from the visible tests (batch of one, one feature, inputs with extra axes,
deeper networks), float32 inputs, and inputs real code gets wrong: scores of ±1000 with
the true class far below the others, rows of negative scores, exact zeros for ReLU.
Every layer and loss is called twice (state kept between calls shows) and its arguments
are watched for changes. Conventions (dtype, ReLU'(0)) are judged apart from values.
Nothing here enters the sandbox.
"""

import numpy as np

from autograder.checks import TOLERANCE, Case, Check, Outputs, accuracy_verdict, close
from autograder.oracles import backprop as oracle
from autograder.sandbox import Limits

# Ten seconds per case (the reference needs milliseconds); the training case gets a minute.
LIMITS = Limits(case_seconds=10.0)
TRAIN_SECONDS = 60.0


def _close_all(expected: dict[str, np.ndarray], variants: dict | None = None) -> list[Check]:
    return [close(key, value, variants=(variants or {}).get(key)) for key, value in expected.items()]


def _in(dtype, expected: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The oracle's float64 answers in the dtype the student's outputs must have."""
    return {key: value.astype(dtype) for key, value in expected.items()}


def _affine_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    shapes = [("4-D input", (3, 2, 2, 3), 4, np.float64), ("batch of one, one feature", (1, 1), 7, np.float64),
              ("wide layer", (5, 40), 3, np.float64), ("float32, 3-D input", (4, 3, 5), 6, np.float32)]
    for i, (title, x_shape, m, dtype) in enumerate(shapes):
        x = rng.standard_normal(x_shape).astype(dtype)
        d = int(np.prod(x_shape[1:]))
        w, b = rng.standard_normal((d, m)).astype(dtype), rng.standard_normal(m).astype(dtype)
        dout = rng.standard_normal((x_shape[0], m)).astype(dtype)
        inputs = {"x": x, "w": w, "b": b, "dout": dout}
        cases.append(Case("test_affine", f"affine-{i}", title, "affine", inputs,
                          _close_all(_in(dtype, oracle.affine(**inputs)))))
    return cases


def _activation_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for name in ("relu", "sigmoid", "tanh"):
        plain = rng.standard_normal((6, 5))
        extreme = np.array([[-1000.0, -40.0, -1.0, -1e-300, 1e-300, 1.0, 40.0, 1000.0]])
        with_zeros = np.where(rng.random((3, 4, 2)) < 0.3, 0.0, rng.standard_normal((3, 4, 2)))
        single = rng.standard_normal((2, 7)).astype(np.float32)
        inputs = (("random input", plain), ("extreme inputs (±1000)", extreme), ("exact zeros, 3-D", with_zeros),
                  ("float32", single))
        for i, (title, x) in enumerate(inputs):
            dout = rng.standard_normal(x.shape).astype(x.dtype)
            params = {"forward": f"{name}_forward", "backward": f"{name}_backward"}
            variants = {}
            if name == "relu":  # the derivative at exactly 0 taken as 1
                variants = {"dx": [("ReLU'(0)", (dout * (x >= 0)).astype(x.dtype),
                                    "dx at x = 0 is dout, so ReLU'(0) was taken as 1; the rule is ReLU'(0) = 0")]}
            cases.append(Case(f"test_{name}", f"{name}-{i}", title, "layer", {"x": x, "dout": dout},
                              _close_all(_in(x.dtype, oracle.activation(name, x, dout)), variants), params))
    return cases


def _large_margin(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Scores near +1000 everywhere except the true class, near −1000: -log(softmax) underflows."""
    scores = 1000 + rng.standard_normal((5, 4))
    y = rng.integers(0, 4, size=5)
    scores[np.arange(5), y] = -1000 + rng.standard_normal(5)
    return scores, y


def _loss_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    margin_scores, margin_y = _large_margin(rng)
    for i, (title, scores, y) in enumerate(
        [
            ("batch of 8, 6 classes", rng.standard_normal((8, 6)), None),
            ("batch of one", rng.standard_normal((1, 3)), None),
            ("scores near ±1000", 1000 * np.sign(rng.standard_normal((4, 5))) + rng.standard_normal((4, 5)), None),
            ("true class at −1000, the others at +1000", margin_scores, margin_y),
            ("every score negative, rows far apart", -np.array([[1.0], [500.0], [900.0]]) + rng.standard_normal((3, 4)), None),
            ("float32 scores", (5 * rng.standard_normal((6, 3))).astype(np.float32), None),
        ]
    ):
        y = rng.integers(0, scores.shape[1], size=scores.shape[0]) if y is None else y
        expected = oracle.softmax_cross_entropy(scores, y)
        checks = [close("loss", expected["loss"], TOLERANCE[scores.dtype]),  # a number: any float type
                  close("grad", expected["grad"].astype(scores.dtype))]
        inputs = {"pred": scores, "target": y}
        cases.append(Case("test_softmax_cross_entropy", f"softmax-ce-{i}", title, "loss", inputs, checks,
                          {"function": "softmax_cross_entropy"}))
    for i, (title, shape, dtype) in enumerate([("batch of 5, 3 outputs", (5, 3), np.float64), ("one entry", (1, 1), np.float64),
                                               ("3-D", (2, 3, 4), np.float64), ("float32", (4, 2), np.float32)]):
        pred, target = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)
        expected = oracle.mse(pred, target)
        checks = [close("loss", expected["loss"], TOLERANCE[np.dtype(dtype)]), close("grad", expected["grad"].astype(dtype))]
        cases.append(Case("test_mse", f"mse-{i}", title, "loss", {"pred": pred, "target": target}, checks,
                          {"function": "mse_loss"}))
    return cases


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    configs = [
        ("two layers, ReLU, no regularisation", [5, 7, 3], "relu", 0.0, 4),
        ("three layers, tanh, batch of one", [4, 6, 5, 3], "tanh", 0.1, 1),
        ("four layers, sigmoid", [3, 4, 4, 4, 2], "sigmoid", 0.05, 6),
    ]
    for i, (title, sizes, activation, reg, n) in enumerate(configs):
        params = {}
        for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
            params[f"b{layer}"] = 0.1 * rng.standard_normal(fan_out)
        X, y = rng.standard_normal((n, sizes[0])), rng.integers(0, sizes[-1], size=n)
        expected = oracle.mlp(params, activation, reg, X, y)
        cases.append(Case("test_mlp", f"mlp-{i}", title, "mlp", {"X": X, "y": y, **params},
                          _close_all(expected), {"sizes": sizes, "activation": activation, "reg": reg}))
    return cases


def _sgd_cases(rng: np.random.Generator) -> list[Case]:
    W, b = rng.standard_normal((3, 4)), rng.standard_normal(4)
    gW, gb = rng.standard_normal((3, 4)), rng.standard_normal(4)
    lr = 0.05
    inputs = {"W": W, "b": b, "grad_W": gW, "grad_b": gb}
    expected = {"W": W - lr * gW, "b": b - lr * gb}
    return [Case("test_sgd", "sgd-0", "one step", "sgd", inputs, _close_all(expected), {"learning_rate": lr})]


def _accuracy_judge(X_test: np.ndarray, y_test: np.ndarray):
    def judge(outputs: Outputs) -> tuple[float, str]:
        keys = outputs.keys()
        if "activation" not in keys or "W1" not in keys:
            return 0.0, "no trained model" + (f" — {outputs.note}" if outputs.note else "")
        code = outputs["activation"]
        if code.shape != () or code.dtype.kind not in "iu" or not 0 <= int(code) < 3:
            return 0.0, "the model's activation is not relu, tanh or sigmoid"
        activation = ("relu", "tanh", "sigmoid")[int(code)]
        num_layers = sum(1 for k in keys if k.startswith("W"))
        params, fan_in = {}, X_test.shape[1]
        for layer in range(1, num_layers + 1):
            W, b = outputs[f"W{layer}"], outputs[f"b{layer}"]
            if W.ndim != 2 or W.shape[0] != fan_in or b.shape != (W.shape[1],) or W.dtype.kind != "f":
                return 0.0, f"W{layer}, b{layer}: shapes {W.shape}, {b.shape} do not make a network"
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
                return 0.0, f"W{layer}, b{layer}: contain nan or inf"
            params[f"W{layer}"], params[f"b{layer}"], fan_in = W, b, W.shape[1]
        if fan_in != 10:
            return 0.0, f"the network has {fan_in} outputs, expected 10"
        acc = float(np.mean(oracle.predict(params, activation, X_test) == y_test))
        return accuracy_verdict(acc)

    return judge


def _train_cases() -> list[Case]:
    from toolkit.data import load_digits_split

    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    check = Check("held-out accuracy", _accuracy_judge(X_test, y_test))
    return [Case("test_train_digits", "train-digits", "train on digits", "train_digits",
                 {"X_train": X_train, "y_train": y_train}, [check], time_limit=TRAIN_SECONDS, repeat=False)]


def cases() -> list[Case]:
    """Every hidden case, the same for every student (fixed seeds)."""
    rng = np.random.default_rng(20261128)
    return (
        _affine_cases(rng) + _activation_cases(rng) + _loss_cases(rng) + _mlp_cases(rng)
        + _sgd_cases(rng) + _train_cases()
    )
