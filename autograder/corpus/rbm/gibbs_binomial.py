"""Wrong (against the stated draws): rng.binomial(1, p), a valid Bernoulli sampler, but other random numbers."""

# %% gibbs
def gibbs_step(v, W, b, c, rng):
    ph = prob_h_given_v(v, W, c)
    h = rng.binomial(1, ph).astype(v.dtype)
    pv = prob_v_given_h(h, W, b)
    v_new = rng.binomial(1, pv).astype(v.dtype)
    return h, v_new
