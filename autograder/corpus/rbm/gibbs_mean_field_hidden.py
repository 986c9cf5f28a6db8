"""Wrong: h is sampled and returned, but the visible layer is drawn from p(v | p(h | v)), the hidden probabilities."""

# %% gibbs
def gibbs_step(v, W, b, c, rng):
    ph = prob_h_given_v(v, W, c)
    h = (rng.random(ph.shape) < ph).astype(v.dtype)
    pv = prob_v_given_h(ph, W, b)
    v_new = (rng.random(pv.shape) < pv).astype(v.dtype)
    return h, v_new
