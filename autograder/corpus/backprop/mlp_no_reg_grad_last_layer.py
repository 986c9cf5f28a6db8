"""MLP.loss that adds the L2 penalty of every layer to the loss but forgets reg·W in the gradient of the output layer. Off: dW of the last layer is wrong whenever reg > 0."""
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
        fwd = {"relu": relu_forward, "tanh": tanh_forward, "sigmoid": sigmoid_forward}[self.activation]
        bwd = {"relu": relu_backward, "tanh": tanh_backward, "sigmoid": sigmoid_backward}[self.activation]
        L = self.num_layers
        cache = {}
        out = X
        for i in range(1, L):
            out, cache[f"fc{i}"] = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            out, cache[f"act{i}"] = fwd(out)
        scores, cache[f"fc{L}"] = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores
        loss, d = softmax_cross_entropy(scores, y)
        grads = {}
        d, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(d, cache[f"fc{L}"])
        for i in range(L - 1, 0, -1):
            d = bwd(d, cache[f"act{i}"])
            d, dW, grads[f"b{i}"] = affine_backward(d, cache[f"fc{i}"])
            grads[f"W{i}"] = dW + self.reg * self.params[f"W{i}"]
        for i in range(1, L + 1):
            loss += 0.5 * self.reg * np.sum(self.params[f"W{i}"] * self.params[f"W{i}"])
        return loss, grads
