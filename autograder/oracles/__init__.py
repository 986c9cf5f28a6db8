"""Independent oracles: PyTorch computations in float64, sharing no code with solutions/.

The hidden tests take their expected values from here, and tests/solutions/ checks the
reference package against the same functions, so a mutated reference cannot pass.
"""

import importlib


class lazy:  # noqa: N801  (used as a module: ``oracle = lazy("autograder.oracles.backprop")``)
    """An oracle module, imported (torch with it) only when first used.

    Grading workers load the hidden cases with their expected values already computed;
    only a trained-model judge calls an oracle, so torch is imported there and then. The
    stand-in pickles as its module's name, never as the module.
    """

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self.name), attr)

    def __reduce__(self):
        return lazy, (self.name,)
