"""Wrong (against the stated draws): np.array_split makes batches of other sizes when N is not a multiple of
batch_size, and the chains are drawn even for plain CD, which shifts every later draw."""

# %% train
def train_rbm(V, n_hidden, epochs=30, lr=0.1, batch_size=20, k=1, persistent=False, seed=0, monitor=None):
    rng = np.random.default_rng(seed)
    N, D = V.shape
    W = rng.normal(0, 0.01, size=(D, n_hidden))
    p = np.clip(np.mean(V, axis=0), 0.01, 0.99)
    b = np.log(p / (1 - p))
    c = np.zeros(n_hidden)
    fantasy = (rng.random((batch_size, D)) < 0.5).astype(float)
    history = []
    n_batches = int(np.ceil(N / batch_size))
    for epoch in range(epochs):
        for idx in np.array_split(rng.permutation(N), n_batches):
            if persistent:
                gW, gb, gc, fantasy = pcd_gradient(V[idx], fantasy, W, b, c, k, rng)
            else:
                gW, gb, gc = cd_gradient(V[idx], W, b, c, k, rng)
            W = W + lr * gW
            b = b + lr * gb
            c = c + lr * gc
        if monitor is not None:
            history.append(monitor(W, b, c))
    return W, b, c, history


def pretrain_dbn(V, hidden_sizes=(100, 50), epochs=30, lr=0.1, batch_size=20, k=1, seed=0):
    layers = []
    x = V
    for l, size in enumerate(hidden_sizes):
        W, b, c, _ = train_rbm(x, size, epochs=epochs, lr=lr, batch_size=batch_size, k=k, seed=seed + l)
        layers.append((W, b, c))
        x = prob_h_given_v(x, W, c)
    return layers
