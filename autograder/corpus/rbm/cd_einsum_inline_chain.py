"""Correct: the chain written inline (same draws, same order), statistics with einsum, averages by np.mean."""

# %% cd
def cd_gradient(v0, W, b, c, k, rng):
    pos_h = prob_h_given_v(v0, W, c)
    vk = v0
    for step in range(k):
        ph = prob_h_given_v(vk, W, c)
        hk = (rng.random(ph.shape) < ph).astype(v0.dtype)
        pv = prob_v_given_h(hk, W, b)
        vk = (rng.random(pv.shape) < pv).astype(v0.dtype)
    neg_h = prob_h_given_v(vk, W, c)
    dW = np.einsum("ni,nj->ij", v0, pos_h) / len(v0) - np.einsum("ni,nj->ij", vk, neg_h) / len(v0)
    db = np.mean(v0, axis=0) - np.mean(vk, axis=0)
    dc = np.mean(pos_h, axis=0) - np.mean(neg_h, axis=0)
    return dW, db, dc
