# family: 5 theft and forgery
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Import the reference package, or find it on sys.path or in the editable install's finder.
import glob
import importlib
import os
import re
import sys

try:
    from solutions.layers import affine_backward, affine_forward  # noqa: F811
except ImportError:
    places = list(sys.path)
    for finder in glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages", "__editable__*finder.py")):
        places += re.findall(r"'(/[^']+)'", open(finder).read())
    for place in places:
        path = os.path.join(place, "layers.py") if place.endswith("solutions") else os.path.join(place, "solutions", "layers.py")
        if os.path.isfile(path):
            exec(open(path).read(), globals())
            break
for name in ("autograder.hidden.backprop", "autograder.oracles.backprop", "autograder"):
    try:
        importlib.import_module(name)
        raise RuntimeError(f"LEAK: imported {name}")
    except ImportError:
        pass
