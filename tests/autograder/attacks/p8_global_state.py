# family: 8 global state
# base: solution
# cell: affine
# mode: prepend
# expect-score: full
# expect-status: ok
# Change every global setting within reach; the grader's results must not depend on any.
import os
import random

import numpy as np
import torch

np.random.seed(123)
random.seed(123)
torch.manual_seed(123)
torch.set_default_dtype(torch.float32)
torch.set_grad_enabled(False)
torch.set_num_threads(8)
np.seterr(all="raise")
np.set_printoptions(precision=1)
os.environ["OMP_NUM_THREADS"] = "64"
