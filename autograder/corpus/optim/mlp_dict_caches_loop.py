"""The deeper network with one dict of caches keyed by layer and name, the penalty added in the backward loop, and grads built as a new dict. Off: none expected."""
# %% deep_mlp
class FullyConnectedNet:
    """{affine – [batch norm] – ReLU – [dropout]} × (L − 1) – affine – softmax cross-entropy."""

    def __init__(self, hidden_dims, input_dim=64, num_classes=10, dropout=0.0, normalization=None, reg=0.0, seed=0):
        if normalization not in (None, "batchnorm"):
            raise ValueError(f"unknown normalization {normalization!r}")
        rng = np.random.default_rng(seed)
        dims = [input_dim, *hidden_dims, num_classes]
        self.num_layers = len(dims) - 1
        self.normalization = normalization
        self.reg = reg
        self.params = {}
        self.bn_params = []
        for layer, (fan_in, fan_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
            self.params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)
            self.params[f"b{layer}"] = np.zeros(fan_out)
            if normalization == "batchnorm" and layer < self.num_layers:
                self.params[f"gamma{layer}"] = np.ones(fan_out)
                self.params[f"beta{layer}"] = np.zeros(fan_out)
                self.bn_params.append({"mode": "train", "running_mean": np.zeros(fan_out), "running_var": np.ones(fan_out)})
        self.dropout_param = {"mode": "train", "p": dropout, "seed": np.random.default_rng(seed + 1)}

    def loss(self, X, y=None):
        mode = "train" if y is not None else "test"
        self.dropout_param["mode"] = mode
        for bp in self.bn_params:
            bp["mode"] = mode
        use_bn = self.normalization == "batchnorm"
        use_dropout = self.dropout_param["p"] > 0
        cache = {}
        h = X
        for i in range(1, self.num_layers):
            h, cache[i, "fc"] = affine_forward(h, self.params["W%d" % i], self.params["b%d" % i])
            if use_bn:
                h, cache[i, "bn"] = batchnorm_forward(h, self.params["gamma%d" % i], self.params["beta%d" % i],
                                                      self.bn_params[i - 1])
            h, cache[i, "relu"] = relu_forward(h)
            if use_dropout:
                h, cache[i, "drop"] = dropout_forward(h, self.dropout_param)
        L = self.num_layers
        scores, cache[L, "fc"] = affine_forward(h, self.params["W%d" % L], self.params["b%d" % L])
        if mode == "test":
            return scores

        loss, dout = softmax_cross_entropy(scores, y)
        grads = {}
        for i in range(L, 0, -1):
            if i < L:
                if use_dropout:
                    dout = dropout_backward(dout, cache[i, "drop"])
                dout = relu_backward(dout, cache[i, "relu"])
                if use_bn:
                    dout, grads["gamma%d" % i], grads["beta%d" % i] = batchnorm_backward(dout, cache[i, "bn"])
            dout, dW, grads["b%d" % i] = affine_backward(dout, cache[i, "fc"])
            W = self.params["W%d" % i]
            grads["W%d" % i] = dW + self.reg * W
            loss += 0.5 * self.reg * np.sum(W ** 2)
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
