"""Hidden tests of the recurrent assignment: grader-chosen inputs, PyTorch-computed answers.

Sequence lengths 1 and 50, a batch of one, hidden sizes different from the input size,
nonzero initial states, and pre-activations in the thousands (a naive sigmoid overflows).
Every gradient is its own check. Nothing here enters the sandbox.
"""

import numpy as np

from autograder.checks import Case, close_all
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.rnn")

LIMITS = Limits(case_seconds=10.0)


def _case(expected: dict[str, np.ndarray], **case) -> Case:
    """Inputs all in one dtype (the first input's); answers in that dtype."""
    dtype = next(iter(case["inputs"].values())).dtype
    case["inputs"] = {k: v.astype(dtype) for k, v in case["inputs"].items()}
    return Case(checks=close_all(expected, dtype), **case)


def _weights(rng, D, H, gates, scale=1.0):
    G = gates * H
    return {"Wx": scale * rng.standard_normal((D, G)) / np.sqrt(D), "Wh": scale * rng.standard_normal((H, G)) / np.sqrt(H),
            "b": rng.standard_normal(G)}


def step_cases(rng, i, title, N, D, H, scale, dtype, prefix="") -> list[Case]:
    """One Elman RNN step case and one LSTM step case on the same inputs."""
    w = {k: v.astype(dtype) for k, v in _weights(rng, D, H, 1, scale).items()}
    x, prev_h, dnext_h = (rng.standard_normal(shape).astype(dtype) for shape in ((N, D), (N, H), (N, H)))
    inputs = {"x": x, "prev_h": prev_h, **w, "dnext_h": dnext_h}
    cases = [_case(oracle.rnn_step(x, prev_h, w["Wx"], w["Wh"], w["b"], dnext_h), grade_id="test_rnn_step",
                   name=f"{prefix}rnn-step-{i}", title=title, probe="rnn_step", inputs=inputs)]
    w = {k: v.astype(dtype) for k, v in _weights(rng, D, H, 4, scale).items()}
    prev_c, dnext_c = (rng.standard_normal((N, H)).astype(dtype) for _ in range(2))
    inputs = {"x": x, "prev_h": prev_h, "prev_c": prev_c, **w, "dnext_h": dnext_h, "dnext_c": dnext_c}
    return cases + [_case(oracle.lstm_step(x, prev_h, prev_c, w["Wx"], w["Wh"], w["b"], dnext_h, dnext_c),
                          grade_id="test_lstm_step", name=f"{prefix}lstm-step-{i}", title=title, probe="lstm_step",
                          inputs=inputs)]


def sequence_cases(rng, i, title, N, T, D, H, dtype, prefix="", scale=1.0) -> list[Case]:
    """One Elman RNN and one LSTM case over a whole sequence."""
    x, h0, c0, dh = (rng.standard_normal(shape).astype(dtype) for shape in ((N, T, D), (N, H), (N, H), (N, T, H)))
    w = {k: v.astype(dtype) for k, v in _weights(rng, D, H, 1, scale).items()}
    cases = [_case(oracle.rnn(x, h0, w["Wx"], w["Wh"], w["b"], dh), grade_id="test_rnn_sequence",
                   name=f"{prefix}rnn-{i}", title=title, probe="rnn", inputs={"x": x, "h0": h0, **w, "dh": dh})]
    w = {k: v.astype(dtype) for k, v in _weights(rng, D, H, 4, scale).items()}
    return cases + [_case(oracle.lstm(x, h0, c0, w["Wx"], w["Wh"], w["b"], dh), grade_id="test_lstm_sequence",
                          name=f"{prefix}lstm-{i}", title=title, probe="lstm", inputs={"x": x, "h0": h0, "c0": c0, **w, "dh": dh})]


def _step_cases(rng) -> list[Case]:
    configs = [("batch of one, hidden larger than input", 1, 3, 5, 1.0, np.float64),
               ("four examples, hidden 2", 4, 6, 2, 1.0, np.float64),
               ("pre-activations in the thousands", 3, 4, 3, 1000.0, np.float64),
               ("float32", 2, 3, 4, 1.0, np.float32)]
    return [case for i, config in enumerate(configs) for case in step_cases(rng, i, *config)]


def _sequence_cases(rng) -> list[Case]:
    configs = [("a sequence of one step", 3, 1, 2, 4, np.float64), ("50 steps", 2, 50, 3, 4, np.float64),
               ("batch of one, 7 steps", 1, 7, 5, 3, np.float64), ("float32, 6 steps", 2, 6, 3, 2, np.float32),
               ("weights ×30: saturated units", 2, 5, 3, 3, np.float64, "", 30.0),
               ("float32, weights ×100: pre-activations in the hundreds", 2, 3, 3, 3, np.float32, "", 100.0)]
    return [case for i, config in enumerate(configs) for case in sequence_cases(rng, i, *config)]


def clip_case(rng, name, title, scale, max_norm, shapes=((3, 4), (4,), (2, 2, 2))) -> Case:
    grads = {f"g{k}": scale * rng.standard_normal(shape) for k, shape in enumerate(shapes)}
    return _case(oracle.clip(grads, max_norm), grade_id="test_clip", name=name, title=title, probe="clip", inputs=grads,
                 params={"max_norm": max_norm})


def _clip_cases(rng) -> list[Case]:
    return [clip_case(rng, f"clip-{i}", title, scale, max_norm)
            for i, (title, scale, max_norm) in enumerate([("norm above the threshold", 3.0, 1.0),
                                                          ("norm below the threshold", 0.1, 5.0)])]


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261130


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    rng = np.random.default_rng(seed)
    return _step_cases(rng) + _sequence_cases(rng) + _clip_cases(rng)


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: sizes, lengths, scales and dtypes from the contract."""
    found = _step_cases(rng) + _sequence_cases(rng) + _clip_cases(rng)  # the hidden tests' structure, new values
    for i in range(per_function):
        N, D, H, T = (int(v) for v in rng.integers(1, 6, size=4))
        dtype = [np.float64, np.float32][rng.integers(2)]
        scale = float([1.0, 1.0, 30.0, 1000.0][rng.integers(4)])
        title = f"battery: N {N}, D {D}, H {H}, weights ×{scale:g}, {np.dtype(dtype)}"
        found += step_cases(rng, i, title, N, D, H, scale, dtype, prefix="b-")
        found += sequence_cases(rng, i, f"{title}, T {T}", N, T, D, H, dtype, prefix="b-", scale=min(scale, 30.0))
        if i < per_function // 2:
            shapes = [tuple(int(v) for v in rng.integers(1, 5, size=rng.integers(1, 4))) for _ in range(rng.integers(1, 4))]
            max_norm = float(rng.uniform(0.1, 5))
            found.append(clip_case(rng, f"b-clip-{i}", f"battery: {len(shapes)} arrays, max_norm {max_norm:.2f}",
                                   float(rng.uniform(0.01, 3)), max_norm, shapes))
    return found
