"""Convention slip: the values are right, but the caller's chain is overwritten in place and returned."""

# %% pcd
def pcd_gradient(v_data, chain, W, b, c, k, rng):
    for _ in range(k):
        _, new = gibbs_step(chain, W, b, c, rng)
        chain[...] = new
    pd, pm = prob_h_given_v(v_data, W, c), prob_h_given_v(chain, W, c)
    dW = v_data.T @ pd / len(v_data) - chain.T @ pm / len(chain)
    return dW, v_data.mean(0) - chain.mean(0), pd.mean(0) - pm.mean(0), chain
