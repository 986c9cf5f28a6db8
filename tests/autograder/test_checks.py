"""Trusted judging: outputs are read as plain arrays and every failure is explained."""

import os

import numpy as np
import pytest

from autograder.checks import Outputs, close, relative_error


def _save(folder, key, value, allow_pickle=False):
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / f"{key}.npy", value, allow_pickle=allow_pickle)


def test_close_accepts_the_right_answer(tmp_path):
    _save(tmp_path, "dw", np.arange(6.0).reshape(2, 3))
    assert close("dw", np.arange(6.0).reshape(2, 3)).run(Outputs(tmp_path)) == (1.0, "dw: correct", ())


@pytest.mark.parametrize(
    "value,message",
    [
        (np.arange(6.0).reshape(3, 2), "shape (3, 2), expected (2, 3)"),
        (np.arange(6, dtype=np.int64).reshape(2, 3), "dtype int64, expected float64"),
        (np.arange(6, dtype=np.float16).reshape(2, 3), "dtype float16, expected float64"),
        (np.full((2, 3), np.nan), "nan or inf"),
        (np.arange(6.0).reshape(2, 3) * 1.001, "wrong values, off by 1.0e-03"),
    ],
)
def test_close_says_what_is_wrong(tmp_path, value, message):
    _save(tmp_path, "dw", value)
    fraction, text, slips = close("dw", np.arange(6.0).reshape(2, 3)).run(Outputs(tmp_path))
    assert fraction == 0.0 and message in text and not slips


def test_missing_output_carries_the_students_error(tmp_path):
    fraction, text, _ = close("out", np.zeros(2)).run(Outputs(tmp_path, note="ValueError: boom"))
    assert fraction == 0.0 and text == "out: not computed — ValueError: boom"


def test_pickled_objects_links_and_pipes_are_refused(tmp_path):
    _save(tmp_path, "obj", np.array([object()]), allow_pickle=True)
    (tmp_path / "secret.txt").write_text("x")
    os.symlink(tmp_path / "secret.txt", tmp_path / "link.npy")
    os.mkfifo(tmp_path / "fifo.npy")
    (tmp_path / "junk.npy").write_bytes(b"\x93NUMPY garbage")
    for key in ("obj", "link", "fifo", "junk"):
        fraction, text, _ = close(key, np.zeros(1)).run(Outputs(tmp_path))
        assert fraction == 0.0 and key in text


def test_a_huge_header_is_refused_before_reading(tmp_path):
    with open(tmp_path / "big.npy", "wb") as f:
        np.lib.format.write_array_header_1_0(f, {"descr": "<f8", "fortran_order": False, "shape": (10**9, 10**3)})
    fraction, text, _ = close("big", np.zeros(1)).run(Outputs(tmp_path))
    assert fraction == 0.0 and "not a readable numeric array" in text


def test_a_float64_answer_for_float32_inputs_is_a_convention_slip(tmp_path):
    expected = np.linspace(-1, 1, 6, dtype=np.float32)
    _save(tmp_path, "out", expected.astype(np.float64))
    verdict = close("out", expected).run(Outputs(tmp_path))
    assert verdict == (1.0, "out: values correct; dtype float64, expected float32 (the dtype of the inputs)", ("dtype",))
    _save(tmp_path, "out", expected.astype(np.float64) + 0.01)
    assert close("out", expected).run(Outputs(tmp_path)).fraction == 0.0


def test_a_variant_is_a_slip_of_its_convention_and_only_that(tmp_path):
    expected, variant = np.array([0.0, 2.0]), np.array([1.0, 2.0])
    check = close("dx", expected, variants=[("ReLU'(0)", variant, "ReLU'(0) taken as 1")])
    _save(tmp_path, "dx", variant)
    assert check.run(Outputs(tmp_path)) == (1.0, "dx: correct but for a convention; ReLU'(0) taken as 1", ("ReLU'(0)",))
    _save(tmp_path, "dx", np.array([0.5, 2.0]))
    assert check.run(Outputs(tmp_path)).fraction == 0.0


def test_a_second_call_that_differs_fails_the_check(tmp_path):
    _save(tmp_path / "first", "out", np.ones(3))
    _save(tmp_path / "again", "out", 2 * np.ones(3))
    verdict = close("out", np.ones(3)).run(Outputs(tmp_path / "first"), Outputs(tmp_path / "again"))
    assert verdict.fraction == 0.0 and "a second call with the same inputs gave wrong values" in verdict.text


def test_relative_error_is_scaled_by_the_largest_expected_entry():
    assert relative_error(np.array([1.0, 1e-9]), np.array([1.0, 0.0])) == pytest.approx(1e-9)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1e-20]), np.zeros(1)) > 1e6


@pytest.mark.parametrize("steps, earned, says", [
    (np.array(40), 1.0, "vectorised: 40 lines"),
    (np.array(501), 0.0, "remove the loops over output positions"),
    (np.array(-1), 0.0, "switched off"),
    (np.array([3]), 0.0, "not a count"),
    (np.array(2.5), 0.0, "not a count"),
])
def test_vectorised_is_judged_by_the_lines_counted(tmp_path, steps, earned, says):
    from autograder.hidden.conv import vectorised

    _save(tmp_path, "python_steps", steps)
    verdict = vectorised(1024).run(Outputs(tmp_path))
    assert verdict.fraction == earned and says in verdict.text
