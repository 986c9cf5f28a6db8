"""Correct: persistent CD with np.mean on each phase and an explicit copy of the chain before stepping."""

# %% pcd
def pcd_gradient(v_data, chain, W, b, c, k, rng):
    fantasy = chain.copy()
    for _ in range(k):
        _, fantasy = gibbs_step(fantasy, W, b, c, rng)
    pos = prob_h_given_v(v_data, W, c)
    neg = prob_h_given_v(fantasy, W, c)
    dW = np.mean(v_data[:, :, None] * pos[:, None, :], axis=0) - np.mean(fantasy[:, :, None] * neg[:, None, :], axis=0)
    db = v_data.mean(0) - fantasy.mean(0)
    dc = pos.mean(0) - neg.mean(0)
    return dW, db, dc, fantasy
