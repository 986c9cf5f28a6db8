"""Wrong: the negative phase from the reconstruction probabilities p(v | h_{k-1}), not the sampled v_k."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    ph0 = prob_h_given_v(v0, W, c)
    v = v0
    for _ in range(k):
        h, v = gibbs_step(v, W, b, c, rng)
    v_recon = prob_v_given_h(h, W, b)
    phk = prob_h_given_v(v_recon, W, c)
    n = len(v0)
    dW = (v0.T @ ph0 - v_recon.T @ phk) / n
    db = (v0 - v_recon).mean(axis=0)
    dc = (ph0 - phk).mean(axis=0)
    return dW, db, dc
