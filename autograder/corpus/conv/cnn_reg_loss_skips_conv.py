"""ThreeLayerConvNet.loss whose L2 term in the loss covers only W2 and W3 (the gradients include reg·W1). Off: the loss misses (reg/2)‖W1‖² whenever reg > 0."""
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
        c1, conv_cache = conv_forward_fast(X, p["W1"], p["b1"], self.conv_param)
        r1, r1_cache = relu_forward(c1)
        m1, pool_cache = max_pool_forward(r1, self.pool_param)
        a2, fc2_cache = affine_forward(m1, p["W2"], p["b2"])
        r2, r2_cache = relu_forward(a2)
        scores, fc3_cache = affine_forward(r2, p["W3"], p["b3"])
        if y is None:
            return scores
        data_loss, dscores = softmax_cross_entropy(scores, y)
        reg_loss = 0.5 * self.reg * (np.sum(p["W2"] ** 2) + np.sum(p["W3"] ** 2))
        dr2, dW3, db3 = affine_backward(dscores, fc3_cache)
        dm1, dW2, db2 = affine_backward(relu_backward(dr2, r2_cache), fc2_cache)
        dr1 = max_pool_backward(dm1, pool_cache)
        _, dW1, db1 = conv_backward_fast(relu_backward(dr1, r1_cache), conv_cache)
        grads = {
            "W1": dW1 + self.reg * p["W1"], "b1": db1,
            "W2": dW2 + self.reg * p["W2"], "b2": db2,
            "W3": dW3 + self.reg * p["W3"], "b3": db3,
        }
        return data_loss + reg_loss, grads
