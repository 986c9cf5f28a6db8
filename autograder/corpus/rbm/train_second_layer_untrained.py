"""Wrong: the second RBM is built at its initial weights but never trained (epochs=0 passed by mistake for the upper layers)."""

# %% train
def train_rbm(V, n_hidden, epochs=30, lr=0.1, batch_size=20, k=1, persistent=False, seed=0, monitor=None):
    rng = np.random.default_rng(seed)
    N, D = V.shape
    W = 0.01 * rng.standard_normal((D, n_hidden))
    mean = np.clip(V.mean(axis=0), 0.01, 0.99)
    b = np.log(mean / (1 - mean))
    c = np.zeros(n_hidden)
    chain = (rng.random((batch_size, D)) < 0.5).astype(np.float64) if persistent else None
    history = []
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = V[order[start:start + batch_size]]
            if persistent:
                dW, db, dc, chain = pcd_gradient(batch, chain, W, b, c, k, rng)
            else:
                dW, db, dc = cd_gradient(batch, W, b, c, k, rng)
            W += lr * dW
            b += lr * db
            c += lr * dc
        if monitor is not None:
            history.append(monitor(W, b, c))
    return W, b, c, history


def pretrain_dbn(V, hidden_sizes=(100, 50), epochs=30, lr=0.1, batch_size=20, k=1, seed=0):
    layers = []
    data = V
    for layer, n_hidden in enumerate(hidden_sizes):
        W, b, c, _ = train_rbm(data, n_hidden, epochs if layer == 0 else 0, lr, batch_size, k, seed=seed + layer)
        layers.append((W, b, c))
        data = prob_h_given_v(data, W, c)
    return layers
