"""Wrong: the negative phase uses the sampled h_k of the last Gibbs step instead of p(h | v_k)."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    ph0 = prob_h_given_v(v0, W, c)
    vk = v0
    for _ in range(k):
        hk, vk = gibbs_step(vk, W, b, c, rng)
    hk = (rng.random(ph0.shape) < prob_h_given_v(vk, W, c)).astype(v0.dtype)
    n = v0.shape[0]
    return (v0.T @ ph0 - vk.T @ hk) / n, (v0 - vk).mean(axis=0), (ph0 - hk).mean(axis=0)
