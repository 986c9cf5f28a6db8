"""MLP.loss with the penalty reg·Σ‖W‖² (no 1/2) and the matching gradient 2·reg·W: self-consistent, passes a gradient check, but not the stated (reg/2)·Σ‖W‖². Off: loss and dW differ from the contract when reg > 0."""
# %% mlp
class MLP:
    def __init__(self, sizes, activation="relu", reg=0.0, seed=0):
        if activation not in ("relu", "tanh", "sigmoid"):
            raise ValueError(f"unknown activation {activation!r}")
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output size")
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.activation = activation
        self.reg = reg
        self.params = {}
        for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            scale = np.sqrt(gain / fan_in)
            self.params[f"W{layer}"] = scale * rng.standard_normal((fan_in, fan_out))
            self.params[f"b{layer}"] = np.zeros(fan_out)

    @property
    def num_layers(self):
        return len(self.params) // 2

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)

    def loss(self, X, y=None):
        act = self.activation
        funcs = {
            "relu": (relu_forward, relu_backward),
            "tanh": (tanh_forward, tanh_backward),
            "sigmoid": (sigmoid_forward, sigmoid_backward),
        }
        forward, backward = funcs[act]
        L = self.num_layers
        fc_caches, act_caches = [], []
        h = X
        for l in range(1, L + 1):
            h, c = affine_forward(h, self.params["W%d" % l], self.params["b%d" % l])
            fc_caches.append(c)
            if l != L:
                h, c = forward(h)
                act_caches.append(c)
        if y is None:
            return h
        data_loss, dh = softmax_cross_entropy(h, y)
        reg_loss = sum(self.reg * np.sum(self.params["W%d" % l] ** 2) for l in range(1, L + 1))
        grads = {}
        for l in range(L, 0, -1):
            if l != L:
                dh = backward(dh, act_caches[l - 1])
            dh, dW, db = affine_backward(dh, fc_caches[l - 1])
            grads["W%d" % l] = dW + 2 * self.reg * self.params["W%d" % l]
            grads["b%d" % l] = db
        return data_loss + reg_loss, grads
