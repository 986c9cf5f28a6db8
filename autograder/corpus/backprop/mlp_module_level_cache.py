"""MLP.loss that keeps its forward caches in a module-level list appended on every call and indexes it from the start. Off: state kept between calls: after the first call the backward pass reads caches of an earlier forward pass (wrong gradients, or a crash when shapes differ)."""
# %% mlp
_caches = []


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
        fwd, bwd = {
            "relu": (relu_forward, relu_backward),
            "tanh": (tanh_forward, tanh_backward),
            "sigmoid": (sigmoid_forward, sigmoid_backward),
        }[self.activation]
        L = self.num_layers
        a = X
        for l in range(1, L + 1):
            z, c1 = affine_forward(a, self.params[f"W{l}"], self.params[f"b{l}"])
            if l < L:
                a, c2 = fwd(z)
            else:
                c2 = None
            _caches.append((c1, c2))
        scores = z
        if y is None:
            return scores
        loss, d = softmax_cross_entropy(scores, y)
        grads = {}
        for l in range(L, 0, -1):
            c1, c2 = _caches[l - 1]
            if c2 is not None:
                d = bwd(d, c2)
            d, dW, db = affine_backward(d, c1)
            W = self.params[f"W{l}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{l}"] = dW + self.reg * W
            grads[f"b{l}"] = db
        return loss, grads
