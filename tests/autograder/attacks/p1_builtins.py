# family: 1 patching the comparison
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
import builtins

builtins.abs = lambda x: 0
builtins.max = lambda *a, **k: 0
builtins.all = lambda *a: True
builtins.float = lambda *a: 0.0
builtins.AssertionError = type("Silent", (Exception,), {})
