"""The hidden layers in the order affine – ReLU – batch norm – dropout, as some blog posts recommend. Off: not the architecture the notebook states (batch norm before ReLU): wrong values."""
# %% deep_mlp
class FullyConnectedNet:
    """{affine – [batch norm] – ReLU – [dropout]} × (L − 1) – affine – softmax cross-entropy."""

    def __init__(self, hidden_dims, input_dim=64, num_classes=10, dropout=0.0, normalization=None, reg=0.0, seed=0):
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
        mode = "test" if y is None else "train"
        for bn_param in self.bn_params:
            bn_param["mode"] = mode
        self.dropout_param["mode"] = mode
        L = self.num_layers
        caches = []
        a = X
        for layer in range(1, L):
            a, fc = affine_forward(a, self.params[f"W{layer}"], self.params[f"b{layer}"])
            a, rc = relu_forward(a)
            bc = None
            if self.normalization == "batchnorm":
                a, bc = batchnorm_forward(a, self.params[f"gamma{layer}"], self.params[f"beta{layer}"], self.bn_params[layer - 1])
            a, dc = dropout_forward(a, self.dropout_param)
            caches.append((fc, rc, bc, dc))
        scores, fc = affine_forward(a, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores
        loss, d = softmax_cross_entropy(scores, y)
        grads = {}
        d, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(d, fc)
        for layer in range(L - 1, 0, -1):
            fc, rc, bc, dc = caches[layer - 1]
            d = dropout_backward(d, dc)
            if bc is not None:
                d, grads[f"gamma{layer}"], grads[f"beta{layer}"] = batchnorm_backward(d, bc)
            d = relu_backward(d, rc)
            d, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(d, fc)
        for layer in range(1, L + 1):
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{layer}"] = grads[f"W{layer}"] + self.reg * W
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
