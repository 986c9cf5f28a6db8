"""ThreeLayerConvNet.loss that flattens the pooled maps itself before the affine layer and hands the flat gradient straight to max_pool_backward without reshaping it back to (N, F, H/2, W/2). Off: the backward pass crashes (scores are right)."""
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
        p = self.params
        N = X.shape[0]
        conv, conv_cache = conv_forward_fast(X, p["W1"], p["b1"], self.conv_param)
        a1, relu1_cache = relu_forward(conv)
        pooled, pool_cache = max_pool_forward(a1, self.pool_param)
        flat = pooled.reshape(N, -1)
        hidden, fc1_cache = affine_forward(flat, p["W2"], p["b2"])
        a2, relu2_cache = relu_forward(hidden)
        scores, fc2_cache = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dscores = softmax_cross_entropy(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(p[k] * p[k]) for k in ("W1", "W2", "W3"))
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, fc2_cache)
        dflat, grads["W2"], grads["b2"] = affine_backward(relu_backward(da2, relu2_cache), fc1_cache)
        da1 = max_pool_backward(dflat, pool_cache)
        _, grads["W1"], grads["b1"] = conv_backward_fast(relu_backward(da1, relu1_cache), conv_cache)
        for k in ("W1", "W2", "W3"):
            grads[k] += self.reg * p[k]
        return loss, grads
