"""Hidden tests of the convolution assignment: grader-chosen inputs, oracle-computed answers.

Shapes the visible tests do not use (a batch of one, one channel, non-square images and
kernels, strides 2 and 3, padding 0 to 2, kernels 1×1 to 5×5, odd sizes), float32 and
float64 inputs, ties in max pooling, and inputs with many output positions on which the lines
of Python a vectorised convolution runs are counted, as the visible test counts them. Nothing here enters the sandbox.
"""

import functools

import numpy as np

from autograder.checks import TRAIN_SECONDS, Case, Check, accuracy_verdict, close_all, trained_model
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.conv")

LIMITS = Limits(case_seconds=10.0)
# Vectorised: the lines of Python the fast forward and backward passes may run together (``python_steps``),
# as in the visible test. A loop over the kernel's offsets, channels or examples stays far below it.
MAX_STEPS = 500

# (title, (N, C, H, W), (F, HH, WW), stride, pad, dtype)
CONV_SHAPES = [
    ("batch of one, one channel, 1×1 kernel", (1, 1, 5, 5), (2, 1, 1), 1, 0, np.float64),
    ("non-square image and kernel, stride 2, padding 1", (2, 3, 7, 5), (4, 3, 2), 2, 1, np.float64),
    ("5×5 kernel, stride 3, padding 2, odd sizes", (2, 2, 9, 11), (3, 5, 5), 3, 2, np.float64),
    ("float32, 3×3 kernel, padding 1", (3, 2, 6, 6), (4, 3, 3), 1, 1, np.float32),
    ("kernel as large as the image", (1, 2, 4, 3), (2, 4, 3), 1, 0, np.float64),
    ("float32, 2×4 kernel, stride 2, no padding", (2, 1, 8, 8), (3, 2, 4), 2, 0, np.float32),
]

# (title, (N, C, H, W), pool_height, pool_width, stride, dtype, integer-valued inputs: many ties)
POOL_SHAPES = [
    ("2×2 windows, stride 2", (2, 3, 6, 6), 2, 2, 2, np.float64, False),
    ("overlapping 3×2 windows, stride 1", (1, 2, 5, 7), 3, 2, 1, np.float64, False),
    ("ties, 2×2 windows", (2, 2, 6, 6), 2, 2, 2, np.float64, True),
    ("ties, overlapping windows", (1, 1, 5, 5), 2, 2, 1, np.float64, True),
    ("float32, 2×3 windows, stride 3", (2, 1, 4, 6), 2, 3, 3, np.float32, False),
    ("one window covering the whole image", (1, 1, 3, 3), 3, 3, 1, np.float64, False),
]


TIE_RULES = {
    "every": "the gradient went to every tied maximum",
    "split": "the gradient was split among tied maxima",
    "last": "the gradient went to the last tied maximum",
}


def _tie_variants(x, dout, ph, pw, stride) -> dict:
    """dx under the other tie rules, each a convention slip (the rule: the first maximum, row-major)."""
    found = oracle.max_pool_tie_variants(x, dout, ph, pw, stride)
    rule = "; the rule: only the first maximum in row-major order"
    return {"dx": [("ties", found[name], TIE_RULES[name] + rule) for name in TIE_RULES]}


def conv_case(rng, kind: str, name: str, title: str, x_shape, filters, stride: int, pad: int, dtype) -> Case:
    (N, C, H, W), (F, HH, WW) = x_shape, filters
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, HH, WW)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
    dout = rng.standard_normal((N, F, H_out, W_out)).astype(dtype)
    params = {"forward": f"conv_forward_{kind}", "backward": f"conv_backward_{kind}", "stride": stride, "pad": pad}
    return Case(grade_id=f"test_conv_{kind}", name=name, title=title, probe="conv",
                inputs={"x": x, "w": w, "b": b, "dout": dout}, checks=close_all(oracle.conv(x, w, b, dout, stride, pad)),
                params=params)


def _conv_cases(rng: np.random.Generator, kind: str) -> list[Case]:
    return [conv_case(rng, kind, f"conv-{kind}-{i}", title, shape, filters, stride, pad, dtype)
            for i, (title, shape, filters, stride, pad, dtype) in enumerate(CONV_SHAPES)]


def vectorised(positions: int) -> Check:
    """At most MAX_STEPS lines of Python in the student's forward and backward passes together,
    as the visible test counts them: the same count on a busy machine as on an idle one."""
    def judge(outputs) -> tuple:
        steps = outputs["python_steps"]
        if steps.shape != () or steps.dtype.kind not in "iu":
            return 0.0, "python_steps: not a count of lines"
        if steps < 0:
            return 0.0, "vectorised: the grader's line counter was switched off while your code ran"
        if steps > MAX_STEPS:
            return 0.0, (f"vectorised: {int(steps)} lines of Python on {positions} output positions (allowed "
                         f"{MAX_STEPS}): remove the loops over output positions")
        return 1.0, f"vectorised: {int(steps)} lines of Python on {positions} output positions (allowed {MAX_STEPS})"

    return Check("vectorised", judge, weight=4.0, keys=("python_steps",))


def _speed_cases(rng: np.random.Generator) -> list[Case]:
    """Values, and the lines of Python run, on inputs with many output positions: many images,
    then one wide image with stride 2 (a loop over the positions runs thousands of lines)."""
    cases = []
    for name, (N, C, H, W), (F, HH, WW), stride, pad in [
            ("conv-fast-many-positions", (4, 3, 32, 32), (8, 5, 5), 1, 2),
            ("conv-fast-wide-image", (1, 3, 40, 70), (4, 3, 3), 2, 1)]:
        x, w, b = rng.standard_normal((N, C, H, W)), rng.standard_normal((F, C, HH, WW)), rng.standard_normal(F)
        H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
        dout = rng.standard_normal((N, F, H_out, W_out))
        params = {"forward": "conv_forward_fast", "backward": "conv_backward_fast", "stride": stride, "pad": pad,
                  "max_steps": MAX_STEPS}
        title = (f"{N} image{'s' if N > 1 else ''} {C}×{H}×{W}, {F} filters {HH}×{WW}, stride {stride}, padding {pad}: "
                 f"values, and at most {MAX_STEPS} lines of Python")
        checks = close_all(oracle.conv(x, w, b, dout, stride, pad)) + [vectorised(H_out * W_out)]
        cases.append(Case(grade_id="test_conv_fast", name=name, title=title, probe="conv_vectorised",
                          inputs={"x": x, "w": w, "b": b, "dout": dout}, checks=checks, params=params, repeat=False))
    return cases


def pool_case(rng, kind: str, name: str, title: str, shape, ph: int, pw: int, stride: int, dtype, ties: bool) -> Case:
    x = (rng.integers(0, 3, size=shape) if ties else rng.standard_normal(shape)).astype(dtype)
    if ties and max(ph, pw) > 1:  # whatever the draw, the first window's maximum is held twice
        r, c = (0, 1) if pw > 1 else (1, 0)
        x[..., 0, 0] = x[..., r, c] = 3
    out_shape = (*shape[:2], (shape[2] - ph) // stride + 1, (shape[3] - pw) // stride + 1)
    dout = rng.standard_normal(out_shape).astype(dtype)
    params = {"forward": f"{kind}_pool_forward", "backward": f"{kind}_pool_backward",
              "pool_height": ph, "pool_width": pw, "stride": stride}
    variants = _tie_variants(x, dout, ph, pw, stride) if kind == "max" and ties else None
    return Case(grade_id=f"test_{kind}_pool", name=name, title=title, probe="pool", inputs={"x": x, "dout": dout},
                checks=close_all(oracle.pool(kind, x, dout, ph, pw, stride), variants=variants), params=params)


def _pool_cases(rng: np.random.Generator, kind: str) -> list[Case]:
    return [pool_case(rng, kind, f"{kind}-pool-{i}", *config) for i, config in enumerate(POOL_SHAPES)]


def _cnn_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    configs = [
        ("digits-sized input, no regularisation", (3, 1, 8, 8), 4, 6, 10, 0.0),
        ("batch of one, two channels, non-square", (1, 2, 4, 6), 3, 5, 3, 0.1),
        ("three channels", (4, 3, 6, 4), 2, 7, 4, 0.05),
    ]
    for i, (title, (N, C, H, W), F, hidden, classes, reg) in enumerate(configs):
        flat = F * (H // 2) * (W // 2)
        params = {
            "W1": rng.standard_normal((F, C, 3, 3)) / 3, "b1": 0.1 * rng.standard_normal(F),
            "W2": rng.standard_normal((flat, hidden)) / np.sqrt(flat), "b2": 0.1 * rng.standard_normal(hidden),
            "W3": rng.standard_normal((hidden, classes)) / np.sqrt(hidden), "b3": 0.1 * rng.standard_normal(classes),
        }
        X, y = rng.standard_normal((N, C, H, W)), rng.integers(0, classes, size=N)
        expected = oracle.cnn(params, reg, X, y)
        cases.append(Case(grade_id="test_cnn", name=f"cnn-{i}", title=title, probe="cnn", inputs={"X": X, "y": y, **params},
                          checks=close_all(expected),
                          params={"reg": reg, "num_filters": F, "hidden_dim": hidden, "num_classes": classes}))
    return cases


def _accuracy(X_test: np.ndarray, y_test: np.ndarray):
    """The held-out accuracy of the emitted ThreeLayerConvNet, by the oracle's forward pass."""
    def evaluate(p: dict[str, np.ndarray]):
        F = p["W1"].shape[0] if p["W1"].ndim == 4 else -1
        valid = (
            all(p[k].dtype.kind == "f" for k in NAMES)
            and p["W1"].shape[1:] == (1, 3, 3) and p["b1"].shape == (F,)
            and p["W2"].ndim == 2 and p["W2"].shape[0] == F * 16 and p["b2"].shape == (p["W2"].shape[1],)
            and p["W3"].shape == (p["W2"].shape[1], 10) and p["b3"].shape == (10,)
        )
        if not valid:
            return "the parameters do not make a ThreeLayerConvNet for 8×8 digits with 10 classes"
        return accuracy_verdict(float(np.mean(oracle.cnn_predict({k: p[k] for k in NAMES}, X_test) == y_test)))

    return evaluate


NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


@functools.cache  # the same whatever the seed: a trained model is judged on held-out digits
def _train_cases() -> list[Case]:
    from toolkit.data import load_digits_split

    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    X_train, X_test = X_train.reshape(-1, 1, 8, 8), X_test.reshape(-1, 1, 8, 8)
    check = trained_model("held-out accuracy", NAMES, _accuracy(X_test, y_test), what="trained network")
    return [Case(grade_id="test_train_digits", name="train-digits", title="train on digits", probe="train_digits",
                 inputs={"X_train": X_train, "y_train": y_train}, checks=[check], time_limit=TRAIN_SECONDS, repeat=False)]


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261129


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    rng = np.random.default_rng(seed)
    return (
        _conv_cases(rng, "naive") + _conv_cases(rng, "fast")
        + _speed_cases(rng) + _pool_cases(rng, "max") + _pool_cases(rng, "avg") + _cnn_cases(rng)
        + _train_cases()
    )


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: shapes, strides, paddings, dtypes and ties from the contract."""
    found = []
    for i in range(per_function):
        for kind in ("naive", "fast"):
            N, C, F = (int(v) for v in rng.integers(1, 4, size=3))
            stride, pad = int(rng.integers(1, 4)), int(rng.integers(0, 3))
            H, W = (int(v) for v in rng.integers(1, 9, size=2))
            HH, WW = int(rng.integers(1, H + 2 * pad + 1)), int(rng.integers(1, W + 2 * pad + 1))
            dtype = [np.float64, np.float32][rng.integers(2)]
            title = f"battery: x ({N}, {C}, {H}, {W}) {np.dtype(dtype)}, w ({F}, {C}, {HH}, {WW}), stride {stride}, pad {pad}"
            found.append(conv_case(rng, kind, f"b-conv-{kind}-{i}", title, (N, C, H, W), (F, HH, WW), stride, pad, dtype))
        for kind in ("max", "avg"):
            ph, pw, stride = (int(v) for v in rng.integers(1, 4, size=3))
            if rng.random() < 0.5:  # non-overlapping square windows tiling the image: the usual layout
                pw = stride = ph = max(ph, 2)
            shape = (int(rng.integers(1, 3)), int(rng.integers(1, 4)), ph + int(rng.integers(0, 6)),
                     pw + int(rng.integers(0, 6)))
            dtype, ties = [np.float64, np.float32][rng.integers(2)], bool(rng.random() < 0.4)
            title = f"battery: x {shape} {np.dtype(dtype)}, {ph}×{pw} windows, stride {stride}" + (", ties" if ties else "")
            found.append(pool_case(rng, kind, f"b-{kind}-pool-{i}", title, shape, ph, pw, stride, dtype, ties))
    structural = _conv_cases(rng, "naive") + _conv_cases(rng, "fast") + _pool_cases(rng, "max") + _pool_cases(rng, "avg")
    return found + structural + _speed_cases(rng) + _cnn_cases(rng)
