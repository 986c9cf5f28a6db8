"""Wrong: the CD estimate treated as the gradient of a loss and subtracted, so the likelihood goes down."""

# %% train
def train_rbm(V, n_hidden, epochs=30, lr=0.1, batch_size=20, k=1, persistent=False, seed=0, monitor=None):
    rng = np.random.default_rng(seed)
    N, D = V.shape
    W = 0.01 * rng.standard_normal((D, n_hidden))
    p = V.mean(0).clip(0.01, 0.99)
    b = np.log(p / (1 - p))
    c = np.zeros(n_hidden)
    chain = (rng.random((batch_size, D)) < 0.5).astype(float) if persistent else None
    history = []
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(0, N, batch_size):
            batch = V[perm[i:i + batch_size]]
            if persistent:
                dW, db, dc, chain = pcd_gradient(batch, chain, W, b, c, k, rng)
            else:
                dW, db, dc = cd_gradient(batch, W, b, c, k, rng)
            W -= lr * dW
            b -= lr * db
            c -= lr * dc
        if monitor:
            history.append(monitor(W, b, c))
    return W, b, c, history


def pretrain_dbn(V, hidden_sizes=(100, 50), epochs=30, lr=0.1, batch_size=20, k=1, seed=0):
    layers, data = [], V
    for i, n in enumerate(hidden_sizes):
        W, b, c, _ = train_rbm(data, n, epochs, lr, batch_size, k, seed=seed + i)
        layers.append((W, b, c))
        data = prob_h_given_v(data, W, c)
    return layers
