"""ThreeLayerConvNet.loss built on the loop convolution (conv_forward_naive/backward) instead of the fast one; a small network trained for a few epochs on the digits. Off: none in values; training is slow (the digits training may run out of time)."""
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
        out, c_conv = conv_forward_naive(X, p["W1"], p["b1"], self.conv_param)
        out, c_r1 = relu_forward(out)
        out, c_pool = max_pool_forward(out, self.pool_param)
        out, c_fc1 = affine_forward(out, p["W2"], p["b2"])
        out, c_r2 = relu_forward(out)
        scores, c_fc2 = affine_forward(out, p["W3"], p["b3"])
        if y is None:
            return scores
        loss, dout = softmax_cross_entropy(scores, y)
        grads = {}
        dout, grads["W3"], grads["b3"] = affine_backward(dout, c_fc2)
        dout, grads["W2"], grads["b2"] = affine_backward(relu_backward(dout, c_r2), c_fc1)
        dout = relu_backward(max_pool_backward(dout, c_pool), c_r1)
        _, grads["W1"], grads["b1"] = conv_backward_naive(dout, c_conv)
        for k in ("W1", "W2", "W3"):
            loss += 0.5 * self.reg * np.sum(p[k] ** 2)
            grads[k] = grads[k] + self.reg * p[k]
        return loss, grads
# %% train_digits
def train_digits_cnn(X_train, y_train):
    model = ThreeLayerConvNet(input_dim=(1, 8, 8), num_filters=8, hidden_dim=32, reg=1e-4, seed=1)
    train(model, sgd_step, X_train, y_train, epochs=4, batch_size=32, learning_rate=0.1, seed=0)
    return model
