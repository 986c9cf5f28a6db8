"""Independent solution B: vectorised NumPy, dict caches, one-hot labels, the layer functions reused by the MLP."""
# %% affine
def affine_forward(x, w, b):
    x2d = np.reshape(x, (len(x), -1))
    out = np.dot(x2d, w) + b[np.newaxis, :]
    cache = {"x": x, "w": w}
    return out, cache


def affine_backward(dout, cache):
    x, w = cache["x"], cache["w"]
    x2d = np.reshape(x, (len(x), -1))
    dx = np.reshape(np.dot(dout, w.T), np.shape(x))
    dw = np.dot(x2d.T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db

# %% relu
def relu_forward(x):
    mask = x > 0
    out = x * mask
    return out, mask


def relu_backward(dout, cache):
    mask = cache
    return dout * mask

# %% sigmoid
def sigmoid_forward(x):
    s = 0.5 * (1.0 + np.tanh(0.5 * x))
    return s, s


def sigmoid_backward(dout, cache):
    ds = cache - cache ** 2
    return dout * ds

# %% tanh
def tanh_forward(x):
    sig, _ = sigmoid_forward(2 * x)
    out = 2 * sig - 1
    return out, out


def tanh_backward(dout, cache):
    return dout - dout * np.square(cache)

# %% losses
def softmax_cross_entropy(scores, y):
    N, C = scores.shape
    onehot = np.eye(C, dtype=scores.dtype)[y]
    m = np.max(scores, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(scores - m), axis=1, keepdims=True))
    logp = scores - lse
    loss = -np.sum(onehot * logp) / N
    dscores = (np.exp(logp) - onehot) / N
    return float(loss), dscores


def mse_loss(pred, target):
    r = (pred - target).ravel()
    P = r.size
    loss = r.dot(r) / P
    dpred = (2.0 / P) * (pred - target)
    return float(loss), dpred

# %% mlp
def loss(self, X, y=None):
    fwd = {"relu": relu_forward, "tanh": tanh_forward, "sigmoid": sigmoid_forward}[self.activation]
    bwd = {"relu": relu_backward, "tanh": tanh_backward, "sigmoid": sigmoid_backward}[self.activation]
    affine_caches, act_caches = [], []
    out = X
    for i in range(self.num_layers):
        out, c = affine_forward(out, self.params["W%d" % (i + 1)], self.params["b%d" % (i + 1)])
        affine_caches.append(c)
        if i < self.num_layers - 1:
            out, c = fwd(out)
            act_caches.append(c)
    if y is None:
        return out
    data_loss, dout = softmax_cross_entropy(out, y)
    reg_loss = 0.0
    grads = {}
    for i in reversed(range(self.num_layers)):
        if i < self.num_layers - 1:
            dout = bwd(dout, act_caches[i])
        dout, dW, db = affine_backward(dout, affine_caches[i])
        W = self.params["W%d" % (i + 1)]
        reg_loss += 0.5 * self.reg * np.sum(W ** 2)
        grads["W%d" % (i + 1)] = dW + self.reg * W
        grads["b%d" % (i + 1)] = db
    return data_loss + reg_loss, grads

# %% sgd
def sgd_step(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads[key]

# %% train_digits
def train_digits_mlp(X_train, y_train):
    model = MLP([X_train.shape[1], 128, 64, 10], reg=5e-4, seed=1)
    history = train(model, sgd_step, X_train, y_train, epochs=15, batch_size=16, learning_rate=0.05, seed=2)
    print("final loss", history[-1])
    return model
