"""The partial copier's own work: the small cells, written apart from every other solution here."""
# %% relu
def relu_forward(x):
    out = np.where(x > 0, x, np.zeros_like(x))
    return out, x


def relu_backward(dout, cache):
    dx = np.zeros_like(dout)
    np.copyto(dx, dout, where=cache > 0)
    return dx

# %% sigmoid
def sigmoid_forward(x):
    t = np.exp(-np.abs(x))
    numerator = np.where(x < 0, t, np.ones_like(t))
    out = numerator / (1 + t)
    return out, out


def sigmoid_backward(dout, cache):
    return np.multiply(dout, cache) * (1 - cache)

# %% tanh
def tanh_forward(x):
    out = np.tanh(x)
    return out, {"tanh": out}


def tanh_backward(dout, cache):
    t = cache["tanh"]
    return dout * (1 + t) * (1 - t)

# %% sgd
def sgd_step(params, grads, learning_rate):
    for name, grad in grads.items():
        params[name] -= grad * learning_rate

# %% train_digits
def train_digits_mlp(X_train, y_train):
    model = MLP([64, 96, 10], activation="relu", reg=2e-4, seed=11)
    train(model, sgd_step, X_train, y_train, epochs=18, batch_size=24, learning_rate=0.08, seed=11)
    return model
