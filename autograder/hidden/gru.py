"""Hidden tests of the GRU assignment: grader-chosen inputs, answers from torch.nn.GRUCell and nn.GRU.

Sequence lengths 1 and 50, a batch of one, hidden sizes different from the input size,
nonzero initial states, both biases random (so that b_hn inside the reset gate shows), and
pre-activations in the thousands (a naive sigmoid overflows). Every output and every
gradient is its own check. Nothing here enters the sandbox.
"""

import numpy as np

from autograder.checks import Case, close_all
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.gru")

LIMITS = Limits(case_seconds=10.0)


def _case(expected: dict[str, np.ndarray], **case) -> Case:
    """Inputs all in one dtype (the first input's); answers in that dtype."""
    dtype = next(iter(case["inputs"].values())).dtype
    case["inputs"] = {k: v.astype(dtype) for k, v in case["inputs"].items()}
    return Case(checks=close_all(expected, dtype), **case)


def _weights(rng, D, H, scale, dtype) -> dict[str, np.ndarray]:
    """Wx (D, 3H), Wh (H, 3H) scaled like a default initialisation times ``scale``; both biases random."""
    w = {"Wx": scale * rng.standard_normal((D, 3 * H)) / np.sqrt(D), "Wh": scale * rng.standard_normal((H, 3 * H)) / np.sqrt(H),
         "bx": scale * rng.standard_normal(3 * H), "bh": scale * rng.standard_normal(3 * H)}
    return {k: v.astype(dtype) for k, v in w.items()}


def sigmoid_case(rng, name, title, shape, scale, dtype, extremes=()) -> Case:
    x = scale * rng.standard_normal(shape)
    flat = x.reshape(-1)
    flat[: len(extremes)] = extremes[: flat.size]
    x = x.astype(dtype)
    return _case(oracle.sigmoid(x), grade_id="test_sigmoid", name=name, title=title, probe="sigmoid", inputs={"x": x})


def _sigmoid_cases(rng) -> list[Case]:
    huge = (-1e4, -1000.0, -100.0, -30.0, 0.0, 30.0, 100.0, 1000.0, 1e4)
    return [sigmoid_case(rng, "sigmoid-0", "values around 0", (3, 4), 2.0, np.float64),
            sigmoid_case(rng, "sigmoid-1", "inputs of ±1000 and beyond", (3, 5), 500.0, np.float64, huge),
            sigmoid_case(rng, "sigmoid-2", "float32, inputs of ±1000", (2, 3, 4), 300.0, np.float32, huge),
            sigmoid_case(rng, "sigmoid-3", "a 1-D array of one entry", (1,), 1.0, np.float64)]


def step_cases(rng, i, title, N, D, H, scale, dtype, prefix="") -> list[Case]:
    """A forward case and a backward case of one GRU step, on the same inputs."""
    w = _weights(rng, D, H, scale, dtype)
    x, prev_h, dnext_h = (rng.standard_normal(shape).astype(dtype) for shape in ((N, D), (N, H), (N, H)))
    expected = oracle.gru_step(x, prev_h, w["Wx"], w["Wh"], w["bx"], w["bh"], dnext_h)
    inputs = {"x": x, "prev_h": prev_h, **w}
    forward = _case({"next_h": expected["next_h"]}, grade_id="test_gru_step_forward", name=f"{prefix}gru-step-forward-{i}",
                    title=title, probe="gru_step_forward", inputs=inputs)
    grads = {key: expected[key] for key in ("dx", "dprev_h", "dWx", "dWh", "dbx", "dbh")}
    backward = _case(grads, grade_id="test_gru_step_backward", name=f"{prefix}gru-step-{i}", title=title, probe="gru_step",
                     inputs={**inputs, "dnext_h": dnext_h})
    return [forward, backward]


def _step_cases(rng) -> list[Case]:
    configs = [("batch of one, hidden larger than input", 1, 3, 5, 1.0, np.float64),
               ("four examples, hidden 2", 4, 6, 2, 1.0, np.float64),
               ("pre-activations in the thousands", 3, 4, 3, 1000.0, np.float64),
               ("float32", 2, 3, 4, 1.0, np.float32),
               ("float32, pre-activations in the thousands", 2, 4, 3, 1000.0, np.float32)]
    return [case for i, config in enumerate(configs) for case in step_cases(rng, i, *config)]


def sequence_case(rng, i, title, N, T, D, H, dtype, prefix="", scale=1.0) -> Case:
    """A GRU over a whole sequence from a nonzero h0, forward and backward."""
    x, h0, dh = (rng.standard_normal(shape).astype(dtype) for shape in ((N, T, D), (N, H), (N, T, H)))
    w = _weights(rng, D, H, scale, dtype)
    return _case(oracle.gru(x, h0, w["Wx"], w["Wh"], w["bx"], w["bh"], dh), grade_id="test_gru_sequence",
                 name=f"{prefix}gru-{i}", title=title, probe="gru", inputs={"x": x, "h0": h0, **w, "dh": dh})


def _sequence_cases(rng) -> list[Case]:
    configs = [("a sequence of one step", 3, 1, 2, 4, np.float64), ("50 steps", 2, 50, 3, 4, np.float64),
               ("batch of one, 7 steps", 1, 7, 5, 3, np.float64), ("float32, 6 steps", 2, 6, 3, 2, np.float32),
               ("weights ×30: saturated gates", 2, 5, 3, 3, np.float64, "", 30.0),
               ("float32, weights ×100: pre-activations in the hundreds", 2, 3, 3, 3, np.float32, "", 100.0)]
    return [sequence_case(rng, i, *config) for i, config in enumerate(configs)]


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261215


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    rng = np.random.default_rng(seed)
    return _sigmoid_cases(rng) + _step_cases(rng) + _sequence_cases(rng)


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: sizes, lengths, scales and dtypes from the contract."""
    found = _sigmoid_cases(rng) + _step_cases(rng) + _sequence_cases(rng)  # the hidden tests' structure, new values
    for i in range(per_function):
        N, D, H, T = (int(v) for v in rng.integers(1, 6, size=4))
        dtype = [np.float64, np.float32][rng.integers(2)]
        scale = float([1.0, 1.0, 30.0, 1000.0][rng.integers(4)])
        title = f"battery: N {N}, D {D}, H {H}, weights ×{scale:g}, {np.dtype(dtype)}"
        found += step_cases(rng, i, title, N, D, H, scale, dtype, prefix="b-")
        found.append(sequence_case(rng, i, f"{title}, T {T}", N, T, D, H, dtype, prefix="b-", scale=min(scale, 30.0)))
        if i < per_function // 2:
            shape = tuple(int(v) for v in rng.integers(1, 5, size=rng.integers(1, 4)))
            found.append(sigmoid_case(rng, f"b-sigmoid-{i}", f"battery: sigmoid of shape {shape}, ×{scale:g}, "
                                      f"{np.dtype(dtype)}", shape, scale, dtype))
    return found
