# family: 3 interpreter hooks
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Swallow every exception, everywhere one can be intercepted.
import sys

sys.excepthook = lambda *a: None
get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)
get_ipython().showtraceback = lambda *a, **k: None
sys.tracebacklimit = 0
