"""Clipping each array by its own norm (like clipping every parameter separately), returning the global norm. Off: the contract asks for one global rescaling; per-tensor clipping changes the direction."""
# %% clip
def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    for k, g in grads.items():
        n = np.linalg.norm(g)
        if n > max_norm:
            g *= max_norm / n
    return total
