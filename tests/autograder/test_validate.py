"""Every assignment's hidden tests, proved through the real command: the reference earns full
marks, the untouched release 0, every bug of its catalogue loses points, and on the corpus of
realistic implementations the hidden tests agree with the audit battery in both directions."""

import json

import pytest

from autograder import assignments
from autograder.validate import format_report
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", assignments.known())
def test_reference_release_and_bug_catalogue(tmp_path, assignment):
    minimum = assignments.get(assignment)
    result = run_cli("validate", assignment, "--out", str(tmp_path), check=False)
    report = json.loads((tmp_path / "validation.json").read_text())
    print(format_report(report))
    assert report["reference_score"] == report["max_score"] > 0
    assert report["release_score"] == 0
    assert report["bugs"] >= minimum.minimum_bugs and report["missed"] == []
    assert report["corpus"] >= minimum.minimum_corpus
    assert report["false_negatives"] == 0 and report["false_positives"] == 0, report["disagreements"]
    assert report["corpus_classes"].get("wrong", 0) >= 5 and report["corpus_classes"].get("correct", 0) >= 5
    assert result.returncode == 0
