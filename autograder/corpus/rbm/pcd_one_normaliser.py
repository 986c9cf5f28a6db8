"""Wrong: both phases divided by the number of data rows M, although there are P chains."""

# %% pcd
def pcd_gradient(v_data, chain, W, b, c, k, rng):
    v = chain
    for _ in range(k):
        _, v = gibbs_step(v, W, b, c, rng)
    pd, pm = prob_h_given_v(v_data, W, c), prob_h_given_v(v, W, c)
    M = v_data.shape[0]
    dW = (v_data.T @ pd - v.T @ pm) / M
    db = (v_data.sum(0) - v.sum(0)) / M
    dc = (pd.sum(0) - pm.sum(0)) / M
    return dW, db, dc, v
