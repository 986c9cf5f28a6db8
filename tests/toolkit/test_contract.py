"""The convention checks: each passes a function that keeps the rule and fails one that breaks it, naming the rule."""

import sys

import numpy as np
import pytest
import torch

from toolkit import check_cache_only, check_dtype, check_unchanged, python_steps, rel_error


def test_check_dtype_passes_outputs_of_the_inputs_dtype():
    x = np.ones((2, 3), dtype=np.float32)
    check_dtype("f", (x * 2, {"dw": x.T.copy()}, [x[0]], 1.5), x)  # nested results; a Python float is not an array
    check_dtype("f", np.zeros(2), np.float64)
    check_dtype("f", torch.zeros(2, dtype=torch.float32), torch.ones(1, dtype=torch.float32))


def test_check_dtype_names_the_rule_the_function_and_the_result():
    x = np.ones(3, dtype=np.float32)
    with pytest.raises(AssertionError, match=r"^dtype: a float32 input must give a float32 output; "
                                             r"conv_forward returned float64 \(result\[0\]\)"):
        check_dtype("conv_forward", (np.zeros(3), None), x)
    with pytest.raises(AssertionError, match=r"dtype: a float64 input .* grads returned float32 \(result\['W1'\]\)"):
        check_dtype("grads", {"W1": x}, np.float64)
    with pytest.raises(AssertionError, match="dtype: a float32 input must give a float32 output; loss returned float64"):
        check_dtype("loss", torch.zeros((), dtype=torch.float64), torch.ones(1))


def relu(x):
    return np.maximum(x, 0), x


def test_check_unchanged_passes_a_pure_function_and_returns_its_result():
    x = np.array([-1.0, 0.0, 2.0])
    out, cache = check_unchanged(relu, x)
    assert rel_error(out, np.array([0.0, 0.0, 2.0])) == 0 and cache is not x  # called on a copy
    # Caches may hold dicts and objects of any kind; only arrays, numbers and containers are compared.
    check_unchanged(lambda x, param: (x + param["pad"], (x, param, object())), x, {"pad": 1})
    check_unchanged(lambda t: t * 2, torch.ones(3, requires_grad=True))


def test_check_unchanged_fails_an_in_place_modification_and_names_the_argument():
    def relu_in_place(x):
        x[x < 0] = 0
        return x, x

    x = np.array([-1.0, 2.0])
    with pytest.raises(AssertionError, match=r"^inputs unchanged: relu_in_place must not modify its arguments in "
                                             r"place, but it changed x"):
        check_unchanged(relu_in_place, x)
    np.testing.assert_array_equal(x, [-1.0, 2.0])  # the caller's array is intact

    def backward(dout, cache):
        x = cache[0]
        x *= dout
        return x

    with pytest.raises(AssertionError, match=r"inputs unchanged: backward .* changed cache \(at cache\[0\]\)"):
        check_unchanged(backward, np.array([2.0]), (np.array([3.0]), {"stride": 1}))

    def scale_(t):
        return t.mul_(2)

    with pytest.raises(AssertionError, match="inputs unchanged: scale_ .* changed t"):
        check_unchanged(scale_, torch.ones(2))


def test_check_unchanged_fails_state_kept_between_calls():
    totals = {"dw": np.zeros(2)}

    def accumulating_backward(dout):
        totals["dw"] += dout  # an accumulator never reset
        return totals["dw"].copy()

    with pytest.raises(AssertionError, match=r"^repeatable: calling accumulating_backward twice with the same "
                                             r"inputs must give the same result, but its result differed"):
        check_unchanged(accumulating_backward, np.ones(2))

    calls = []

    def counting(x):
        calls.append(1)
        return x, float(len(calls))

    with pytest.raises(AssertionError, match=r"repeatable: .* result\[1\] differed the second time"):
        check_unchanged(counting, np.ones(2))

    last = []

    def clobbering(x):
        if last:
            last[0][:] = 0  # overwrites what the previous call returned
        out = 2 * x
        last[:] = [out]
        return out

    with pytest.raises(AssertionError, match="repeatable: a second call of clobbering changed what the first call returned"):
        check_unchanged(clobbering, np.ones(2))


def test_check_unchanged_allows_rounding_noise_but_not_real_differences():
    noise = iter([0.0, 1e-17])
    check_unchanged(lambda x: x + next(noise), np.ones(3))
    drift = iter([0.0, 1e-9])
    with pytest.raises(AssertionError, match="repeatable"):
        check_unchanged(lambda x: x + next(drift), np.ones(3))


def loop_sum(x):
    total = 0.0
    for value in x:
        total += value
    return total


def test_python_steps_counts_lines_of_this_file_only():
    x = np.arange(100.0)
    assert python_steps(loop_sum, x) >= 200  # two lines per element
    assert python_steps(np.sum, x) == 0
    assert python_steps(np.pad, x.reshape(10, 10), 1) == 0  # NumPy's own Python code does not count
    assert python_steps(rel_error, x, x) == 0  # nor does the toolkit's
    assert python_steps(lambda v: [2 * a for a in v], x[:50]) >= 50  # comprehensions count
    assert python_steps(loop_sum, x) == python_steps(loop_sum, x)  # the same count every time


def test_python_steps_separates_vectorised_from_loops_by_far():
    def vectorised(x):
        return (x * x).sum(axis=1)

    def over_positions(x):
        out = np.zeros(len(x))
        for i in range(len(x)):
            out[i] = x[i] @ x[i]
        return out

    x = np.ones((500, 3))
    assert python_steps(vectorised, x) <= 2
    assert python_steps(over_positions, x) >= 1000


def test_python_steps_stops_a_loop_past_stop_after():
    calls = []

    def endless():
        while True:
            calls.append(1)

    assert python_steps(endless, stop_after=100) == 101
    assert len(calls) <= 50  # stopped, not run to the end
    assert python_steps(loop_sum, np.arange(10.0), stop_after=1000) == python_steps(loop_sum, np.arange(10.0))


def test_python_steps_restores_the_previous_trace_function():
    def tracer(frame, event, arg):
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        python_steps(loop_sum, np.ones(3))
        assert sys.gettrace() is tracer
        with pytest.raises(ZeroDivisionError):
            python_steps(lambda: 1 / 0)
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(previous)


def test_check_cache_only_passes_a_backward_pass_that_reads_its_cache():
    def forward(x):
        return 2 * x, x

    def backward(dout, cache):
        return dout * cache

    assert np.array_equal(check_cache_only(forward, (np.arange(3.0),), backward, np.ones(3)), np.arange(3.0))


def test_check_cache_only_fails_a_backward_pass_that_reads_module_state():
    last = {}

    def forward(x):
        last["x"] = x.copy()
        return 2 * x, None

    def backward(dout, cache):
        return dout * last["x"]

    with pytest.raises(AssertionError, match="repeatable: backward must compute from its cache alone"):
        check_cache_only(forward, (np.arange(3.0),), backward, np.ones(3))
