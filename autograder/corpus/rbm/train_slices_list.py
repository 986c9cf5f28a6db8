"""Correct: rng.normal(0, 0.01) for the weights (the same draws), the batches as a list of slices, updates as new arrays."""

# %% train
def train_rbm(V, n_hidden, epochs=30, lr=0.1, batch_size=20, k=1, persistent=False, seed=0, monitor=None):
    rng = np.random.default_rng(seed)
    N, D = V.shape
    W = rng.normal(0.0, 0.01, size=(D, n_hidden))
    freq = np.clip(V.mean(axis=0), 0.01, 0.99)
    b = np.log(freq / (1.0 - freq))
    c = np.zeros(n_hidden)
    if persistent:
        chains = np.where(rng.random((batch_size, D)) < 0.5, 1.0, 0.0)
    history = []
    for epoch in range(epochs):
        perm = rng.permutation(N)
        batches = [perm[i:i + batch_size] for i in range(0, N, batch_size)]
        for idx in batches:
            if persistent:
                grads = pcd_gradient(V[idx], chains, W, b, c, k, rng)
                chains = grads[3]
            else:
                grads = cd_gradient(V[idx], W, b, c, k, rng)
            W = W + lr * grads[0]
            b = b + lr * grads[1]
            c = c + lr * grads[2]
        if monitor is not None:
            history.append(monitor(W, b, c))
    return W, b, c, history


def pretrain_dbn(V, hidden_sizes=(100, 50), epochs=30, lr=0.1, batch_size=20, k=1, seed=0):
    layers = []
    inputs = V
    for depth, size in enumerate(hidden_sizes):
        W, b, c, _ = train_rbm(inputs, size, epochs, lr, batch_size, k, False, seed + depth)
        layers.append((W, b, c))
        inputs = prob_h_given_v(inputs, W, c)
    return layers
