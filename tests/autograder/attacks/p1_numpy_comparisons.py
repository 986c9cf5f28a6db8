# family: 1 patching the comparison
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
import numpy as np
import numpy.testing

np.allclose = np.array_equal = np.array_equiv = lambda *a, **k: True
np.isclose = lambda a, b, *args, **k: np.ones(np.shape(a), dtype=bool)
for name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal", "assert_almost_equal", "assert_equal"):
    setattr(np.testing, name, lambda *a, **k: None)
np.ndarray.__eq__ = lambda *a: True  # not allowed on a builtin type; the TypeError is the student's
