"""Correct: outer products accumulated example by example in dtype-aware zeros, as in a first loop version."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    N = v0.shape[0]
    v = v0.copy()
    for _ in range(k):
        h, v = gibbs_step(v, W, b, c, rng)
    p0 = prob_h_given_v(v0, W, c)
    pk = prob_h_given_v(v, W, c)
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    dc = np.zeros_like(c)
    for n in range(N):
        dW += np.outer(v0[n], p0[n]) - np.outer(v[n], pk[n])
        db += v0[n] - v[n]
        dc += p0[n] - pk[n]
    return dW / N, db / N, dc / N
