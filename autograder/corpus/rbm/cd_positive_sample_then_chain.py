"""Wrong: samples h0 for the positive phase with its own draw, then runs the chain from that h0 (other draws, sampled statistics)."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    ph0 = prob_h_given_v(v0, W, c)
    h0 = (rng.random(ph0.shape) < ph0).astype(v0.dtype)
    h = h0
    for _ in range(k):
        pv = prob_v_given_h(h, W, b)
        v = (rng.random(pv.shape) < pv).astype(v0.dtype)
        ph = prob_h_given_v(v, W, c)
        h = (rng.random(ph.shape) < ph).astype(v0.dtype)
    n = v0.shape[0]
    return (v0.T @ h0 - v.T @ ph) / n, (v0 - v).mean(0), (h0 - ph).mean(0)
