"""ThreeLayerConvNet.loss with a dict of caches, W/b unpacked into locals, reg loss and gradients added in one loop over the weight names. Off: none."""
# %% cnn
class ThreeLayerConvNet:
    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

    def __init__(self, input_dim=(1, 8, 8), num_filters=16, hidden_dim=64, num_classes=10, reg=0.0, seed=0):
        C, H, W = input_dim
        rng = np.random.default_rng(seed)
        flat = num_filters * (H // 2) * (W // 2)
        self.reg = reg
        self.params = {
            "W1": rng.standard_normal((num_filters, C, 3, 3)) * np.sqrt(2 / (C * 9)),
            "b1": np.zeros(num_filters),
            "W2": rng.standard_normal((flat, hidden_dim)) * np.sqrt(2 / flat),
            "b2": np.zeros(hidden_dim),
            "W3": rng.standard_normal((hidden_dim, num_classes)) * np.sqrt(2 / hidden_dim),
            "b3": np.zeros(num_classes),
        }

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)

    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        cache = {}
        h, cache["conv"] = conv_forward_fast(X, W1, b1, self.conv_param)
        h, cache["relu1"] = relu_forward(h)
        h, cache["pool"] = max_pool_forward(h, self.pool_param)
        h, cache["fc1"] = affine_forward(h, W2, b2)
        h, cache["relu2"] = relu_forward(h)
        scores, cache["fc2"] = affine_forward(h, W3, b3)
        if y is None:
            return scores
        loss, d = softmax_cross_entropy(scores, y)
        grads = {}
        d, grads["W3"], grads["b3"] = affine_backward(d, cache["fc2"])
        d = relu_backward(d, cache["relu2"])
        d, grads["W2"], grads["b2"] = affine_backward(d, cache["fc1"])
        d = max_pool_backward(d, cache["pool"])
        d = relu_backward(d, cache["relu1"])
        _, grads["W1"], grads["b1"] = conv_backward_fast(d, cache["conv"])
        for name in ["W1", "W2", "W3"]:
            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)
            grads[name] += self.reg * self.params[name]
        return loss, grads
