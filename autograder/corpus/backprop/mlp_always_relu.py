"""MLP.loss that always uses ReLU for the hidden layers (self.activation is never read), tidy otherwise. Off: wrong scores and gradients for tanh and sigmoid networks; right for ReLU."""
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
        L = self.num_layers
        caches = []
        out = X
        for l in range(1, L):
            out, fc_cache = affine_forward(out, self.params[f"W{l}"], self.params[f"b{l}"])
            out, relu_cache = relu_forward(out)
            caches.append((fc_cache, relu_cache))
        scores, last_cache = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores
        loss, dscores = softmax_cross_entropy(scores, y)
        grads = {}
        dh, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dscores, last_cache)
        for l in range(L - 1, 0, -1):
            fc_cache, relu_cache = caches[l - 1]
            dh, grads[f"W{l}"], grads[f"b{l}"] = affine_backward(relu_backward(dh, relu_cache), fc_cache)
        for l in range(1, L + 1):
            W = self.params[f"W{l}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{l}"] += self.reg * W
        return loss, grads
