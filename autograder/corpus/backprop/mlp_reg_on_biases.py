"""MLP.loss that regularises every parameter, biases included (loss and gradient loop over all of self.params). Off: the L2 term and the bias gradients are wrong whenever reg > 0 and the biases are non-zero."""
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
        forward = {"relu": relu_forward, "tanh": tanh_forward, "sigmoid": sigmoid_forward}[self.activation]
        backward = {"relu": relu_backward, "tanh": tanh_backward, "sigmoid": sigmoid_backward}[self.activation]
        L = self.num_layers
        stack = []
        a = X
        for l in range(1, L + 1):
            a, fc = affine_forward(a, self.params[f"W{l}"], self.params[f"b{l}"])
            act = None
            if l < L:
                a, act = forward(a)
            stack.append((fc, act))
        if y is None:
            return a
        loss, g = softmax_cross_entropy(a, y)
        grads = {}
        for l in range(L, 0, -1):
            fc, act = stack.pop()
            if act is not None:
                g = backward(g, act)
            g, grads[f"W{l}"], grads[f"b{l}"] = affine_backward(g, fc)
        for name, value in self.params.items():
            loss += 0.5 * self.reg * np.sum(value ** 2)
            grads[name] = grads[name] + self.reg * value
        return loss, grads
