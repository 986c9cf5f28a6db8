"""Correct: rng.uniform(size=...) (the same numbers as rng.random) and np.where for the coin flips."""

# %% gibbs
def gibbs_step(v, W, b, c, rng):
    N, D = v.shape
    H = W.shape[1]
    ph = prob_h_given_v(v, W, c)
    h = np.where(rng.uniform(size=(N, H)) < ph, 1.0, 0.0).astype(v.dtype)
    pv = prob_v_given_h(h, W, b)
    v_new = np.where(rng.uniform(size=(N, D)) < pv, 1.0, 0.0).astype(v.dtype)
    return h, v_new
