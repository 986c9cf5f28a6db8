"""GRU step whose backward sends the gradient to h only through the matrix products, CS231n style. Off: the direct term dh' ⊙ z of h' = (1 − z) ⊙ n + z ⊙ h is missing from dprev_h."""
# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hn = cache
    dn = dnext_h * (1 - z)
    dz = dnext_h * (prev_h - n)
    dan = dn * (1 - n * n)
    dar = dan * hn * r * (1 - r)
    daz = dz * z * (1 - z)
    gx = np.hstack((dar, daz, dan))
    gh = np.hstack((dar, daz, dan * r))
    dx = gx @ Wx.T
    dprev_h = gh @ Wh.T
    dWx = x.T @ gx
    dWh = prev_h.T @ gh
    return dx, dprev_h, dWx, dWh, gx.sum(axis=0), gh.sum(axis=0)
