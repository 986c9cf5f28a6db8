"""Plausible mistakes in the optimization assignment; every one must lose points."""

from autograder.catalogue import Bug

BUGS = [
    # Momentum and Nesterov.
    Bug("momentum-dampened", "momentum", 'buffer = config["momentum"] * buffer + dw\n    next_w = w - config["learning_rate"] * buffer',
        'buffer = config["momentum"] * buffer + (1 - config["momentum"]) * dw\n    next_w = w - config["learning_rate"] * buffer',
        "momentum as an exponential average, μb + (1 − μ)∇: torch's dampening, which SGD's default leaves at 0"),
    Bug("momentum-buffer-not-kept", "momentum",
        'next_w = w - config["learning_rate"] * buffer\n    config["momentum_buffer"] = buffer\n',
        'next_w = w - config["learning_rate"] * buffer\n', "the new buffer never stored in config: every step starts from b = 0"),
    Bug("momentum-default-lr", "momentum", 'config.setdefault("learning_rate", 1e-2)\n    config.setdefault("momentum", 0.9)\n'
        '    buffer = config.get("momentum_buffer", np.zeros_like(w))\n    buffer = config["momentum"] * buffer + dw\n'
        '    next_w = w - config["learning_rate"] * buffer\n',
        'config.setdefault("learning_rate", 1e-3)\n    config.setdefault("momentum", 0.9)\n'
        '    buffer = config.get("momentum_buffer", np.zeros_like(w))\n    buffer = config["momentum"] * buffer + dw\n'
        '    next_w = w - config["learning_rate"] * buffer\n',
        "the default learning rate of torch.optim.SGD (1e-3) instead of the stated 1e-2"),
    Bug("nesterov-as-plain-momentum", "momentum", 'next_w = w - config["learning_rate"] * (dw + config["momentum"] * buffer)',
        'next_w = w - config["learning_rate"] * buffer', "Nesterov's look-ahead forgotten: the plain momentum step"),
    Bug("nesterov-old-buffer", "momentum",
        'buffer = config["momentum"] * buffer + dw\n    next_w = w - config["learning_rate"] * (dw + config["momentum"] * buffer)',
        'next_w = w - config["learning_rate"] * (dw + config["momentum"] * buffer)\n    buffer = config["momentum"] * buffer + dw',
        "the look-ahead term taken from the old buffer instead of the new one"),
    # RMSProp.
    Bug("rmsprop-eps-inside-sqrt", "rmsprop", "(np.sqrt(square_avg) + config[\"eps\"])", "np.sqrt(square_avg + config[\"eps\"])",
        "ε inside the square root, as some libraries do; PyTorch's RMSprop adds it outside"),
    Bug("rmsprop-alpha-swapped", "rmsprop", 'alpha * config.get("square_avg", np.zeros_like(w)) + (1 - alpha) * dw * dw',
        '(1 - alpha) * config.get("square_avg", np.zeros_like(w)) + alpha * dw * dw', "the decay weights swapped"),
    Bug("rmsprop-state-not-kept", "rmsprop", '    config["square_avg"] = square_avg\n', "",
        "the running average never stored: every step starts from s = 0"),
    Bug("rmsprop-default-alpha", "rmsprop", 'config.setdefault("alpha", 0.99)', 'config.setdefault("alpha", 0.9)',
        "the lecture's decay rate 0.9 as the default instead of PyTorch's 0.99"),
    # Adam.
    Bug("adam-no-bias-correction", "adam", "m_hat = m / (1 - beta1**t)\n    v_hat = v / (1 - beta2**t)",
        "m_hat = m\n    v_hat = v", "no bias correction: the first steps several times too long"),
    Bug("adam-eps-inside-sqrt", "adam", '(np.sqrt(v_hat) + config["eps"])', 'np.sqrt(v_hat + config["eps"])',
        "ε inside the square root"),
    Bug("adam-corrected-moments-stored", "adam", 'config["exp_avg"], config["exp_avg_sq"], config["step"] = m, v, t',
        'config["exp_avg"], config["exp_avg_sq"], config["step"] = m_hat, v_hat, t',
        "the bias-corrected moments stored as the state, so the correction compounds"),
    Bug("adam-step-never-incremented", "adam", 't = config.get("step", 0) + 1', 't = config.get("step", 1)',
        "the step count read but never incremented: every step corrected as the first"),
    Bug("adam-bias-correction-off-by-one", "adam", "m_hat = m / (1 - beta1**t)\n    v_hat = v / (1 - beta2**t)",
        "m_hat = m / (1 - beta1 ** (t + 1))\n    v_hat = v / (1 - beta2 ** (t + 1))", "the correction uses t + 1"),
    Bug("adam-default-beta2", "adam", 'config.setdefault("beta2", 0.999)', 'config.setdefault("beta2", 0.99)',
        "a wrong default for β₂"),
    # Batch normalization.
    Bug("bn-running-var-biased", "batchnorm", "momentum * var * N / (N - 1)", "momentum * var",
        "the running variance averages the biased batch variance (CS231n's convention), not BatchNorm1d's unbiased one"),
    Bug("bn-momentum-weights-old", "batchnorm",
        "running_mean = (1 - momentum) * running_mean + momentum * mean\n"
        "        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
        "running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var * N / (N - 1)",
        "the momentum taken as the weight of the old average (Keras's and CS231n's convention)"),
    Bug("bn-running-var-starts-at-zero", "batchnorm", 'bn_param.get("running_var", np.ones(D, dtype=x.dtype))',
        'bn_param.get("running_var", np.zeros(D, dtype=x.dtype))', "the running variance starting at 0 instead of 1"),
    Bug("bn-test-uses-batch-statistics", "batchnorm", "inv_std = 1 / np.sqrt(running_var + eps)\n        x_hat = (x - running_mean) * inv_std",
        "inv_std = 1 / np.sqrt(x.var(axis=0) + eps)\n        x_hat = (x - x.mean(axis=0)) * inv_std",
        "test mode normalising with the batch's statistics"),
    Bug("bn-test-updates-running", "batchnorm", "    out = gamma * x_hat + beta\n",
        "    out = gamma * x_hat + beta\n    if mode == \"test\":\n"
        "        running_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)\n",
        "test mode still moving the running mean"),
    Bug("bn-dx-without-statistics-paths", "batchnorm", "dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)",
        "dx = gamma * inv_std * dout", "dx as if μ and σ² were constants in training mode: the two paths through the statistics dropped"),
    Bug("bn-dx-without-variance-path", "batchnorm", "(N * dout - dbeta - x_hat * dgamma)", "(N * dout - dbeta)",
        "the path through the variance dropped from dx"),
    Bug("bn-dgamma-from-x", "batchnorm", "dgamma = (dout * x_hat).sum(axis=0)", "dgamma = dout.sum(axis=0)",
        "dγ summing dout alone instead of dout ⊙ x̂"),
    Bug("bn-test-backward-as-train", "batchnorm", "    else:\n        dx = gamma * inv_std * dout\n", "    else:\n"
        "        N = dout.shape[0]\n        dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n",
        "test mode's backward pass through batch statistics that test mode does not use"),
    # Dropout.
    Bug("dropout-p-as-keep", "dropout", "mask = ((rng.random(x.shape) < 1 - p) / (1 - p)).astype(x.dtype)",
        "mask = ((rng.random(x.shape) < p) / p).astype(x.dtype)", "p taken as the probability of keeping a unit"),
    Bug("dropout-not-inverted", "dropout", "mask = ((rng.random(x.shape) < 1 - p) / (1 - p)).astype(x.dtype)",
        "mask = (rng.random(x.shape) < 1 - p).astype(x.dtype)", "the kept units not rescaled by 1/(1 − p)"),
    Bug("dropout-drop-below-p", "dropout", "(rng.random(x.shape) < 1 - p)", "(rng.random(x.shape) >= p)",
        "units dropped where u < p: another mask than the one stated"),
    Bug("dropout-legacy-generator", "dropout", "rng = np.random.default_rng(dropout_param.get(\"seed\"))",
        "np.random.seed(dropout_param.get(\"seed\"))\n        rng = np.random",
        "the legacy np.random.seed stream instead of default_rng's"),
    Bug("dropout-test-scales", "dropout", "        mask = None\n        out = x\n", "        mask = None\n        out = x * (1 - p)\n",
        "test mode scaling by 1 − p, as non-inverted dropout does"),
    Bug("dropout-backward-ignores-mask", "dropout", "        return dout * mask\n", "        return dout\n",
        "the backward pass forgetting the mask"),
    # The deeper network.
    Bug("mlp-test-mode-never-set", "deep_mlp", '    mode = "test" if y is None else "train"\n', '    mode = "train"\n',
        "scores computed in training mode: batch statistics and dropout at prediction time"),
    Bug("mlp-bn-after-relu", "deep_mlp", "            bn_cache = None\n            if self.normalization",
        "            a, relu_cache = relu_forward(a)\n            bn_cache = None\n            if self.normalization",
        "ReLU before batch norm (and again after it)"),
    Bug("mlp-reg-on-everything", "deep_mlp",
        '        for layer in range(1, L + 1):  # given\n            W = self.params[f"W{layer}"]\n'
        '            loss += 0.5 * self.reg * float(np.sum(W * W))\n            grads[f"W{layer}"] = grads[f"W{layer}"] + self.reg * W\n',
        '        for name, value in self.params.items():\n            loss += 0.5 * self.reg * float(np.sum(value * value))\n'
        '            grads[name] = grads[name] + self.reg * value\n',
        "the L2 penalty on every parameter, biases, γ and β included"),
    Bug("mlp-no-dropout-backward", "deep_mlp", "da = relu_backward(dropout_backward(da, dropout_cache), relu_cache)",
        "da = relu_backward(da, relu_cache)", "the dropout mask left out of the backward pass"),
    Bug("mlp-bn-grads-dropped", "deep_mlp", 'da, grads[f"gamma{layer}"], grads[f"beta{layer}"] = batchnorm_backward(da, bn_cache)',
        'da = batchnorm_backward(da, bn_cache)[0]', "no gradients for γ and β"),
    Bug("mlp-seed-per-layer", "deep_mlp", "a, dropout_cache = dropout_forward(a, self.dropout_param)",
        "a, dropout_cache = dropout_forward(a, {**self.dropout_param, \"seed\": layer})",
        "each dropout layer given its own seed instead of the model's dropout_param"),
    # Training.
    Bug("train-too-short", "train_digits", "epochs=20", "epochs=1", "stopping training far too early"),
]
