"""Softmax with the per-row max shift, then loss = -mean(np.log(probs[range(N), y])). Off: when the true class scores far below the others (−1000 vs +1000) its probability underflows to 0 and the loss is inf (divide-by-zero warning); the gradient is right."""
# %% losses
def softmax_cross_entropy(scores, y):
    N = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(shifted)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[range(N), y])) / N
    dscores = probs.copy()
    dscores[range(N), y] -= 1
    dscores /= N
    return loss, dscores


def mse_loss(pred, target):
    diff = pred - target
    loss = np.sum(diff ** 2) / diff.size
    dpred = 2 * diff / diff.size
    return loss, dpred
