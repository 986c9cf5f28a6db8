"""Hidden tests of the backprop assignment: grader-chosen inputs, oracle-computed answers.

Shapes differ from the visible tests (batch of one, one feature, inputs with extra axes,
deeper networks), float32 inputs, and inputs real code gets wrong: scores of ±1000 with
the true class far below the others, rows of negative scores, exact zeros for ReLU.
Every layer and loss is called twice (state kept between calls shows) and its arguments
are watched for changes. Conventions (dtype, ReLU'(0)) are judged apart from values.
Nothing here enters the sandbox.
"""

import functools
from collections.abc import Callable

import numpy as np

from autograder.checks import TOLERANCE, TRAIN_SECONDS, Case, accuracy_verdict, close, close_all, trained_model
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.backprop")

# Ten seconds per case (the reference needs milliseconds); the training case gets a minute.
LIMITS = Limits(case_seconds=10.0)


def affine_case(name: str, title: str, x: np.ndarray, m: int, rng: np.random.Generator) -> Case:
    d = int(np.prod(x.shape[1:]))
    w, b = rng.standard_normal((d, m)).astype(x.dtype), rng.standard_normal(m).astype(x.dtype)
    inputs = {"x": x, "w": w, "b": b, "dout": rng.standard_normal((x.shape[0], m)).astype(x.dtype)}
    return Case(grade_id="test_affine", name=name, title=title, probe="affine", inputs=inputs,
                checks=close_all(oracle.affine(**inputs), x.dtype))


def activation_case(function: str, name: str, title: str, x: np.ndarray, rng: np.random.Generator) -> Case:
    dout = rng.standard_normal(x.shape).astype(x.dtype)
    variants = {}
    if function == "relu":  # the derivative at exactly 0 taken as 1
        variants = {"dx": [("ReLU'(0)", (dout * (x >= 0)).astype(x.dtype),
                            "dx at x = 0 is dout, so ReLU'(0) was taken as 1; the rule is ReLU'(0) = 0")]}
    params = {"forward": f"{function}_forward", "backward": f"{function}_backward"}
    return Case(grade_id=f"test_{function}", name=name, title=title, probe="layer", inputs={"x": x, "dout": dout},
                checks=close_all(oracle.activation(function, x, dout), x.dtype, variants=variants), params=params)


def loss_case(function: str, name: str, title: str, pred: np.ndarray, target: np.ndarray) -> Case:
    """Softmax cross-entropy (target: labels) or MSE; the loss is a number, so any float type is accepted."""
    grade_id, oracle_fn = {"softmax_cross_entropy": ("test_softmax_cross_entropy", oracle.softmax_cross_entropy),
                           "mse_loss": ("test_mse", oracle.mse)}[function]
    expected = oracle_fn(pred, target)
    checks = [close("loss", expected["loss"], TOLERANCE[pred.dtype]), close("grad", expected["grad"].astype(pred.dtype))]
    return Case(grade_id=grade_id, name=name, title=title, probe="loss", inputs={"pred": pred, "target": target},
                checks=checks, params={"function": function})


def large_margin(rng: np.random.Generator, n: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores near +1000 everywhere except the true class, near −1000: -log(softmax) underflows."""
    scores = 1000 + rng.standard_normal((n, c))
    y = rng.integers(0, c, size=n)
    scores[np.arange(n), y] = -1000 + rng.standard_normal(n)
    return scores, y


def mlp_case(name: str, title: str, sizes: list[int], activation: str, reg: float, n: int,
             rng: np.random.Generator) -> Case:
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
        params[f"b{layer}"] = 0.1 * rng.standard_normal(fan_out)
    X, y = rng.standard_normal((n, sizes[0])), rng.integers(0, sizes[-1], size=n)
    return Case(grade_id="test_mlp", name=name, title=title, probe="mlp", inputs={"X": X, "y": y, **params},
                checks=close_all(oracle.mlp(params, activation, reg, X, y)),
                params={"sizes": sizes, "activation": activation, "reg": reg})


def sgd_case(name: str, title: str, shapes: dict[str, tuple], lr: float, rng: np.random.Generator) -> Case:
    params = {k: rng.standard_normal(shape) for k, shape in shapes.items()}
    grads = {f"grad_{k}": rng.standard_normal(shape) for k, shape in shapes.items()}
    expected = {k: v - lr * grads[f"grad_{k}"] for k, v in params.items()}
    return Case(grade_id="test_sgd", name=name, title=title, probe="sgd", inputs={**params, **grads},
                checks=close_all(expected), params={"learning_rate": lr})


EXTREMES = np.array([-1000.0, -40.0, -1.0, -1e-300, 1e-300, 1.0, 40.0, 1000.0])


def _extremes(rng: np.random.Generator) -> np.ndarray:
    """Every magnitude of EXTREMES with both signs, each a few percent larger, in the seed's order."""
    return rng.permutation(EXTREMES * (1 + 0.05 * rng.random(EXTREMES.size)))[None, :]


def _with_zeros(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """Random values, about a third exact zeros, and at least the first and last whatever the draw."""
    x = np.where(rng.random(shape) < 0.3, 0.0, rng.standard_normal(shape))
    x.flat[0] = x.flat[-1] = 0.0
    return x


def _layer_cases(rng: np.random.Generator) -> list[Case]:
    cases = [affine_case(f"affine-{i}", title, rng.standard_normal(shape).astype(dtype), m, rng)
             for i, (title, shape, m, dtype) in enumerate([
                 ("4-D input", (3, 2, 2, 3), 4, np.float64), ("batch of one, one feature", (1, 1), 7, np.float64),
                 ("wide layer", (5, 40), 3, np.float64), ("float32, 3-D input", (4, 3, 5), 6, np.float32)])]
    for function in ("relu", "sigmoid", "tanh"):
        inputs = [
            ("random input", rng.standard_normal((6, 5))),
            ("extreme inputs (±1000)", _extremes(rng)),
            ("exact zeros, 3-D", _with_zeros(rng, (3, 4, 2))),
            ("float32", rng.standard_normal((2, 7)).astype(np.float32)),
        ]
        cases += [activation_case(function, f"{function}-{i}", title, x, rng) for i, (title, x) in enumerate(inputs)]
    return cases


def _loss_cases(rng: np.random.Generator) -> list[Case]:
    margin = large_margin(rng, 5, 4)
    scores = [
        ("batch of 8, 6 classes", rng.standard_normal((8, 6)), None),
        ("batch of one", rng.standard_normal((1, 3)), None),
        ("scores near ±1000", 1000 * np.sign(rng.standard_normal((4, 5))) + rng.standard_normal((4, 5)), None),
        ("true class at −1000, the others at +1000", *margin),
        ("every score negative, rows far apart", -np.array([[1.0], [500.0], [900.0]]) + rng.standard_normal((3, 4)), None),
        ("float32 scores", (5 * rng.standard_normal((6, 3))).astype(np.float32), None),
    ]
    cases = [loss_case("softmax_cross_entropy", f"softmax-ce-{i}", title, s,
                       rng.integers(0, s.shape[1], size=s.shape[0]) if y is None else y)
             for i, (title, s, y) in enumerate(scores)]
    shapes = [("batch of 5, 3 outputs", (5, 3), np.float64), ("one entry", (1, 1), np.float64),
              ("3-D", (2, 3, 4), np.float64), ("float32", (4, 2), np.float32)]
    cases += [loss_case("mse_loss", f"mse-{i}", title, rng.standard_normal(shape).astype(dtype),
                        rng.standard_normal(shape).astype(dtype)) for i, (title, shape, dtype) in enumerate(shapes)]
    return cases


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    configs = [
        ("two layers, ReLU, no regularisation", [5, 7, 3], "relu", 0.0, 4),
        ("three layers, tanh, batch of one", [4, 6, 5, 3], "tanh", 0.1, 1),
        ("four layers, sigmoid", [3, 4, 4, 4, 2], "sigmoid", 0.05, 6),
    ]
    cases = [mlp_case(f"mlp-{i}", *config, rng) for i, config in enumerate(configs)]
    return cases + [sgd_case("sgd-0", "one step", {"W": (3, 4), "b": (4,)}, 0.05, rng)]


PHI: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda a: np.maximum(a, 0.0), "tanh": np.tanh, "sigmoid": lambda a: 0.5 * (1.0 + np.tanh(0.5 * a))}


def _predict(params: dict[str, np.ndarray], activation: str, X: np.ndarray) -> np.ndarray:
    """The labels a trained MLP predicts: the grader's own forward pass in float64 (φ between layers)."""
    a = X.astype(np.float64)
    num_layers = len(params) // 2
    for layer in range(1, num_layers + 1):
        a = a @ params[f"W{layer}"].astype(np.float64) + params[f"b{layer}"]
        if layer < num_layers:
            a = PHI[activation](a)
    return a.argmax(axis=1)


def _accuracy(X_test: np.ndarray, y_test: np.ndarray):
    """The held-out accuracy of the emitted MLP (W1, b1, …, and its activation's code)."""
    def evaluate(arrays: dict[str, np.ndarray]):
        code = arrays["activation"]
        if code.shape != () or code.dtype.kind not in "iu" or not 0 <= int(code) < 3:
            return "the model's activation is not relu, tanh or sigmoid"
        activation = ("relu", "tanh", "sigmoid")[int(code)]
        num_layers = sum(1 for k in arrays if k.startswith("W"))
        params, fan_in = {}, X_test.shape[1]
        for layer in range(1, num_layers + 1):
            W, b = arrays.get(f"W{layer}"), arrays.get(f"b{layer}")
            if W is None or b is None or W.ndim != 2 or W.shape[0] != fan_in or b.shape != (W.shape[1],) \
                    or W.dtype.kind != "f":
                return f"W{layer}, b{layer}: shapes do not make a network"
            params[f"W{layer}"], params[f"b{layer}"], fan_in = W, b, W.shape[1]
        if fan_in != 10:
            return f"the network has {fan_in} outputs, expected 10"
        return accuracy_verdict(float(np.mean(_predict(params, activation, X_test) == y_test)))

    return evaluate


@functools.cache  # the same whatever the seed: a trained model is judged on held-out digits
def _train_cases() -> list[Case]:
    from toolkit.data import load_digits_split

    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    check = trained_model("held-out accuracy", ("activation", "W1"), _accuracy(X_test, y_test))
    return [Case(grade_id="test_train_digits", name="train-digits", title="train on digits", probe="train_digits",
                 inputs={"X_train": X_train, "y_train": y_train}, checks=[check], time_limit=TRAIN_SECONDS, repeat=False)]


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261128


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    rng = np.random.default_rng(seed)
    return _layer_cases(rng) + _loss_cases(rng) + _mlp_cases(rng) + _train_cases()


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: inputs drawn from each function's contract."""
    def dtype():
        return [np.float64, np.float32][rng.integers(2)]

    def shape(lo=1):
        return tuple(int(n) for n in rng.integers(lo, 5, size=rng.integers(1, 4)))

    def values(shape_, dt):
        x = rng.standard_normal(shape_) * [1.0, 5.0, 1000.0][rng.integers(3)]
        return np.where(rng.random(shape_) < 0.2, 0.0, x).astype(dt)

    found = _layer_cases(rng) + _loss_cases(rng) + _mlp_cases(rng)  # the hidden tests' structure, new values
    for i in range(per_function):
        dt, n = dtype(), int(rng.integers(1, 6))
        x = values((n, *shape()), dt)
        found.append(affine_case(f"b-affine-{i}", f"battery: x {x.shape} {x.dtype}", x, int(rng.integers(1, 6)), rng))
        for function in ("relu", "sigmoid", "tanh"):
            x = values(shape(), dtype())
            found.append(activation_case(function, f"b-{function}-{i}", f"battery: x {x.shape} {x.dtype}", x, rng))
        n, c, dt = int(rng.integers(1, 7)), int(rng.integers(2, 7)), dtype()
        scores, y = large_margin(rng, n, c) if rng.random() < 0.3 else (values((n, c), np.float64), None)
        scores = (scores - [0, 0, 800][rng.integers(3)]).astype(dt)  # sometimes every score negative
        y = rng.integers(0, c, size=n) if y is None else y
        found.append(loss_case("softmax_cross_entropy", f"b-softmax-{i}",
                               f"battery: scores {scores.shape} {scores.dtype}, largest |score| {np.abs(scores).max():.0f}",
                               scores, y))
        shape_, dt = shape(), dtype()
        found.append(loss_case("mse_loss", f"b-mse-{i}", f"battery: {shape_} {np.dtype(dt)}",
                               rng.standard_normal(shape_).astype(dt), rng.standard_normal(shape_).astype(dt)))
        if i < per_function // 3:
            sizes = [int(v) for v in rng.integers(1, 6, size=rng.integers(2, 5))]
            activation = ["relu", "tanh", "sigmoid"][rng.integers(3)]
            reg = float([0.0, 0.1, 1.0][rng.integers(3)])
            found.append(mlp_case(f"b-mlp-{i}", f"battery: sizes {sizes}, {activation}, reg {reg}", sizes, activation,
                                  reg, int(rng.integers(1, 6)), rng))
            found.append(sgd_case(f"b-sgd-{i}", "battery: one step", {"W": shape(), "b": shape()},
                                  float(rng.uniform(0.001, 1)), rng))
    return found
