"""Independent solution D: compact expressions (matmul, heaviside, logaddexp, put_along_axis), a tape of layers."""
# %% affine
def affine_forward(x, w, b):
    return np.matmul(x.reshape(x.shape[0], w.shape[0]), w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    flat = x.reshape(len(x), -1)
    return np.matmul(dout, w.T).reshape(*x.shape), np.matmul(flat.T, dout), dout.sum(axis=0)

# %% relu
def relu_forward(x):
    out = (x + np.abs(x)) / 2
    return out, out


def relu_backward(dout, cache):
    return dout * np.heaviside(cache, 0)

# %% sigmoid
def sigmoid_forward(x):
    out = np.exp(-np.logaddexp(0, -x))
    return out, out


def sigmoid_backward(dout, cache):
    return dout * (cache - cache * cache)

# %% tanh
def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    return dout / np.cosh(np.clip(cache, -300, 300)) ** 2

# %% losses
def softmax_cross_entropy(scores, y):
    n = len(scores)
    logits = scores - scores.max(1)[:, np.newaxis]
    log_probs = logits - np.log(np.exp(logits).sum(1))[:, np.newaxis]
    picked = np.take_along_axis(log_probs, y[:, None], axis=1)
    target = np.zeros_like(scores)
    np.put_along_axis(target, y[:, None], 1, axis=1)
    return float(-picked.sum() / n), (np.exp(log_probs) - target) / n


def mse_loss(pred, target):
    return float(((pred - target) ** 2).sum() / pred.size), (pred - target) * 2 / pred.size

# %% mlp
def loss(self, X, y=None):
    act_f = globals()[self.activation + "_forward"]
    act_b = globals()[self.activation + "_backward"]
    tape = []
    a = X
    for i in range(1, self.num_layers + 1):
        a, c_aff = affine_forward(a, self.params["W" + str(i)], self.params["b" + str(i)])
        c_act = None
        if i < self.num_layers:
            a, c_act = act_f(a)
        tape.append((i, c_aff, c_act))
    if y is None:
        return a
    loss, up = softmax_cross_entropy(a, y)
    grads = {}
    for i, c_aff, c_act in tape[::-1]:
        if c_act is not None:
            up = act_b(up, c_act)
        up, dW, db = affine_backward(up, c_aff)
        W = self.params["W" + str(i)]
        grads["W" + str(i)], grads["b" + str(i)] = dW + self.reg * W, db
        loss = loss + self.reg * np.sum(np.square(W)) / 2
    return loss, grads

# %% sgd
def sgd_step(params, grads, learning_rate):
    for p, g in zip(params.values(), [grads[k] for k in params]):
        p -= g * learning_rate

# %% train_digits
def train_digits_mlp(X_train, y_train):
    best = None
    for width in (32, 64):
        candidate = MLP([64, width, 10], "relu", 1e-3, width)
        train(candidate, sgd_step, X_train, y_train, epochs=12, batch_size=128, learning_rate=0.3, seed=width)
        acc = accuracy(candidate.predict(X_train), y_train)
        if best is None or acc > best[0]:
            best = (acc, candidate)
    return best[1]
