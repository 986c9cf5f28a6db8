"""Global-norm clipping with an explicit loop over the dict, in-place *= on every array. Off: none."""
# %% clip
def clip_grad_norm(grads, max_norm):
    total_sq = 0.0
    for name in grads:
        total_sq += np.sum(grads[name] ** 2)
    total_norm = np.sqrt(total_sq)
    if total_norm > max_norm:
        scale = max_norm / total_norm
        for name in grads:
            grads[name] *= scale
    return total_norm
