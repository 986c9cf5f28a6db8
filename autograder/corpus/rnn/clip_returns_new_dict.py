"""Functional style: builds a new dict of clipped copies and rebinds the local name, returning the norm. Off: the caller's gradients are never clipped (nothing happens in place)."""
# %% clip
def clip_grad_norm(grads, max_norm):
    norm = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads.values()]))
    coef = min(1.0, max_norm / norm)
    clipped = {k: v * coef for k, v in grads.items()}
    grads = clipped
    return norm
