"""MLP.loss with the forward caches in a list of dicts and the activation picked by if/elif; L2 added in a separate loop. Off: none."""
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
        h = X
        for l in range(1, L + 1):
            W, b = self.params["W" + str(l)], self.params["b" + str(l)]
            z, fc_cache = affine_forward(h, W, b)
            entry = {"fc": fc_cache}
            if l < L:
                if self.activation == "relu":
                    h, entry["act"] = relu_forward(z)
                elif self.activation == "tanh":
                    h, entry["act"] = tanh_forward(z)
                else:
                    h, entry["act"] = sigmoid_forward(z)
            caches.append(entry)
        scores = z
        if y is None:
            return scores

        loss, dout = softmax_cross_entropy(scores, y)
        for l in range(1, L + 1):
            W = self.params["W" + str(l)]
            loss += 0.5 * self.reg * np.sum(W ** 2)

        grads = {}
        for l in reversed(range(1, L + 1)):
            entry = caches[l - 1]
            if "act" in entry:
                if self.activation == "relu":
                    dout = relu_backward(dout, entry["act"])
                elif self.activation == "tanh":
                    dout = tanh_backward(dout, entry["act"])
                else:
                    dout = sigmoid_backward(dout, entry["act"])
            dout, dW, db = affine_backward(dout, entry["fc"])
            grads["W" + str(l)] = dW + self.reg * self.params["W" + str(l)]
            grads["b" + str(l)] = db
        return loss, grads
