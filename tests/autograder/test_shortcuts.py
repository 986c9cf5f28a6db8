"""The screen for shortcuts an assignment rules out: identifiers count, comments and text do not."""

from autograder.shortcuts import forbidden_uses, screen

NAMES = ["distributions", "kl_divergence"]


def test_identifiers_and_imports_are_found():
    assert forbidden_uses("return torch.distributions.Normal(mu, s)", NAMES) == ["distributions"]
    assert forbidden_uses("from torch.distributions import kl_divergence as k", NAMES) == NAMES
    assert forbidden_uses("import torch.distributions as D", NAMES) == ["distributions"]


def test_comments_strings_and_longer_names_are_not_uses():
    source = '"""Compare the distributions."""\n# not torch.distributions\nmy_distributions = 1\n'
    assert forbidden_uses(source, NAMES) == []


def test_unparsable_source_falls_back_to_whole_words():
    assert forbidden_uses("def f(:\n    torch.distributions", NAMES) == ["distributions"]


def test_a_cell_that_uses_a_forbidden_name_is_replaced_by_an_error_saying_so():
    sources = {"kl": "x = torch.distributions", "elbo": "y = 1"}
    kept = screen(sources, NAMES)
    assert kept["elbo"] == "y = 1"
    assert kept["kl"].startswith("raise RuntimeError(") and "distributions" in kept["kl"]
    assert screen(sources, []) == sources
