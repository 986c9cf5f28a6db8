# family: 5 theft and forgery
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok | time limit
# Walk the whole visible filesystem for reference code, hidden tests, gradebooks and other hand-ins
# (Debian's own files skipped, to finish on a busy machine; either way nothing may be found).
import os

SYSTEM = {"/proc", "/sys", "/dev", "/usr/share", "/usr/include", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
          "/usr/libexec", "/usr/src"}
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in SYSTEM]
    for name in files:
        path = os.path.join(root, name)
        if name.endswith((".db", ".ipynb", ".csv")) or "hidden" in root or "solutions" in root:
            try:
                text = open(path, errors="replace").read(200_000)
            except OSError:
                continue
            if "def affine_backward" in text and "np.zeros" not in text:
                exec(text[text.index("def affine_forward"):].split("\ndef relu")[0], globals())
