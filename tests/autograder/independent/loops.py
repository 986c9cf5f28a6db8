"""Independent solution A: explicit Python loops over examples and entries, activations chosen by if/elif."""
# %% affine
def affine_forward(x, w, b):
    n = x.shape[0]
    flat = x.reshape(n, -1)
    out = np.zeros((n, w.shape[1]), dtype=x.dtype)
    for i in range(n):
        out[i] = flat[i].dot(w) + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    n = x.shape[0]
    flat = x.reshape(n, -1)
    dflat = np.zeros_like(flat)
    dw = np.zeros_like(w)
    db = np.zeros_like(dout[0])
    for i in range(n):
        dflat[i] = w.dot(dout[i])
        dw += np.outer(flat[i], dout[i])
        db += dout[i]
    return dflat.reshape(x.shape), dw, db

# %% relu
def relu_forward(x):
    out = x.copy()
    out[out < 0] = 0
    return out, x


def relu_backward(dout, cache):
    grad = np.array(dout, copy=True)
    grad[cache <= 0] = 0
    return grad

# %% sigmoid
def sigmoid_forward(x):
    flat = x.ravel()
    out = np.empty_like(flat)
    for i, v in enumerate(flat):
        if v >= 0:
            out[i] = 1.0 / (1.0 + np.exp(-v))
        else:
            e = np.exp(v)
            out[i] = e / (1.0 + e)
    out = out.reshape(x.shape)
    return out, out


def sigmoid_backward(dout, cache):
    s = cache
    grad = np.empty_like(dout)
    for idx in np.ndindex(dout.shape):
        grad[idx] = dout[idx] * s[idx] * (1.0 - s[idx])
    return grad

# %% tanh
def tanh_forward(x):
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, cache):
    return dout * (1.0 - cache * cache)

# %% losses
def softmax_cross_entropy(scores, y):
    n = scores.shape[0]
    total = 0.0
    grad = np.zeros_like(scores)
    for i in range(n):
        row = scores[i] - np.max(scores[i])
        log_z = np.log(np.sum(np.exp(row)))
        total -= row[y[i]] - log_z
        probs = np.exp(row - log_z)
        probs[y[i]] -= 1
        grad[i] = probs / n
    return total / n, grad


def mse_loss(pred, target):
    count = pred.size
    err = pred - target
    loss = 0.0
    for e in err.ravel():
        loss += float(e) ** 2
    return loss / count, err * (2.0 / count)

# %% mlp
def loss(self, X, y=None):
    L = self.num_layers
    hidden = [X]
    pre = []
    for l in range(1, L + 1):
        W = self.params["W" + str(l)]
        b = self.params["b" + str(l)]
        z = hidden[-1].dot(W) + b
        pre.append(z)
        if l < L:
            if self.activation == "relu":
                hidden.append(relu_forward(z)[0])
            elif self.activation == "tanh":
                hidden.append(tanh_forward(z)[0])
            else:
                hidden.append(sigmoid_forward(z)[0])
    if y is None:
        return pre[-1]
    loss, delta = softmax_cross_entropy(pre[-1], y)
    grads = {}
    for l in range(L, 0, -1):
        W = self.params["W" + str(l)]
        grads["W" + str(l)] = hidden[l - 1].T.dot(delta) + self.reg * W
        grads["b" + str(l)] = delta.sum(axis=0)
        loss += 0.5 * self.reg * (W * W).sum()
        if l > 1:
            delta = delta.dot(W.T)
            h = hidden[l - 1]
            if self.activation == "relu":
                delta = delta * (pre[l - 2] > 0)
            elif self.activation == "tanh":
                delta = delta * (1 - h * h)
            else:
                delta = delta * h * (1 - h)
    return loss, grads

# %% sgd
def sgd_step(params, grads, learning_rate):
    for k, g in grads.items():
        p = params[k]
        np.subtract(p, learning_rate * g, out=p)

# %% train_digits
def train_digits_mlp(X_train, y_train):
    net = MLP([64, 100, 10], activation="tanh", reg=1e-3, seed=3)
    for epoch in range(25):
        train(net, sgd_step, X_train, y_train, epochs=1, batch_size=50, learning_rate=0.05, seed=epoch)
    return net
