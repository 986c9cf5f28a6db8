"""Global-norm clipping done right in place, but it returns the norm after clipping. Off: the return value should be the norm before clipping."""
# %% clip
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
        norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
    return norm
