"""Independent oracles: PyTorch computations in float64, sharing no code with solutions/.

The hidden tests take their expected values from here, and tests/solutions/ checks the
reference package against the same functions, so a mutated reference cannot pass.
"""

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The oracle module ``name``, imported (torch with it) only when first used.

    Grading workers load the hidden cases with their expected values already computed,
    so they never pay for importing torch.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no oracle module {name}")
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
