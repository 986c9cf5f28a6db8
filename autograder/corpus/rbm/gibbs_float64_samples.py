"""Convention slip: the samples are right but built as (u < p) * 1.0, always float64."""

# %% gibbs
def gibbs_step(v, W, b, c, rng):
    ph = prob_h_given_v(v, W, c)
    h = (rng.random(ph.shape) < ph) * 1.0
    pv = prob_v_given_h(h, W, b)
    v_new = (rng.random(pv.shape) < pv) * 1.0
    return h, v_new
