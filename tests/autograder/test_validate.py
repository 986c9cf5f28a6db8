"""Every assignment's hidden tests, proved through the real command: the reference earns full
marks, the untouched release 0, every bug of its catalogue loses points, and on the corpus of
realistic implementations the hidden tests agree with the audit battery in both directions."""

import json

import pytest

from autograder.validate import format_report
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
MINIMUM_BUGS = {"backprop": 12, "conv": 15, "rnn": 15, "vae": 12}
MINIMUM_CORPUS = {"backprop": 30, "conv": 25, "rnn": 20, "vae": 20}


@pytest.mark.parametrize("assignment", sorted(MINIMUM_BUGS))
def test_reference_release_and_bug_catalogue(tmp_path, assignment):
    result = run_cli("validate", assignment, "--out", str(tmp_path), check=False)
    report = json.loads((tmp_path / "validation.json").read_text())
    print(format_report(report))
    assert report["reference_score"] == report["max_score"] > 0
    assert report["release_score"] == 0
    assert report["bugs"] >= MINIMUM_BUGS[assignment] and report["missed"] == []
    assert report["corpus"] >= MINIMUM_CORPUS[assignment]
    assert report["false_negatives"] == 0 and report["false_positives"] == 0, report["disagreements"]
    assert report["corpus_classes"].get("wrong", 0) >= 5 and report["corpus_classes"].get("correct", 0) >= 5
    assert result.returncode == 0
