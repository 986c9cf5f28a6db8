"""Global norm from np.linalg.norm of all gradients flattened and concatenated; rebinds the dict entries to new arrays (grads[k] = g * scale) instead of scaling them in place. Off: the arrays themselves are not modified, only the dict entries replaced."""
# %% clip
def clip_grad_norm(grads, max_norm):
    flat = np.concatenate([g.ravel() for g in grads.values()])
    norm = np.linalg.norm(flat)
    if norm > max_norm:
        for k in list(grads.keys()):
            grads[k] = grads[k] * (max_norm / (norm + 1e-12))
    return norm
