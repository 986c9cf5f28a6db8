"""Wrong: the 'persistent' chains are restarted from the data at every call, so this is CD-k, and the chain argument is unused."""

# %% pcd
def pcd_gradient(v_data, chain, W, b, c, k, rng):
    v = v_data
    for _ in range(k):
        _, v = gibbs_step(v, W, b, c, rng)
    pd, pm = prob_h_given_v(v_data, W, c), prob_h_given_v(v, W, c)
    m = len(v_data)
    return (v_data.T @ pd - v.T @ pm) / m, (v_data - v).mean(0), (pd - pm).mean(0), v
