# family: 5 theft and forgery
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Walk the whole visible filesystem for reference code, hidden tests, gradebooks and other hand-ins.
import os

for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if not (root == "/" and d in ("proc", "sys", "dev"))]
    for name in files:
        path = os.path.join(root, name)
        if name.endswith((".db", ".ipynb", ".csv")) or "hidden" in root or "solutions" in root:
            try:
                text = open(path, errors="replace").read(200_000)
            except OSError:
                continue
            if "def affine_backward" in text and "np.zeros" not in text:
                exec(text[text.index("def affine_forward"):].split("\ndef relu")[0], globals())
