"""Wrong: the statistics summed over the mini-batch (the learning rate absorbs it, the student thought)."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    ph0 = prob_h_given_v(v0, W, c)
    v = v0
    for _ in range(k):
        _, v = gibbs_step(v, W, b, c, rng)
    phk = prob_h_given_v(v, W, c)
    return v0.T @ ph0 - v.T @ phk, np.sum(v0 - v, axis=0), np.sum(ph0 - phk, axis=0)
