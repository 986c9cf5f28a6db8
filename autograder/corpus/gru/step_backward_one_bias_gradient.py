"""GRU step backward that computes one bias gradient and returns it for both bx and bh ("they enter the same sum"). Off: true for r and z, but b_hn is scaled by r, so dbh's n block must be Σ da_n ⊙ r."""
# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hn = cache
    dan = dnext_h * (1 - z) * (1 - n ** 2)
    daz = dnext_h * (prev_h - n) * z * (1 - z)
    dar = dan * hn * r * (1 - r)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    db = np.sum(gx, axis=0)
    return gx @ Wx.T, gh @ Wh.T + dnext_h * z, x.T @ gx, prev_h.T @ gh, db, db
