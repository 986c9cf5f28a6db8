"""SGD with np.subtract(..., out=...) over sorted keys; a tanh MLP trained with its own schedule for the digits. Off: none."""
# %% sgd
def sgd_step(params, grads, learning_rate):
    for key in sorted(params.keys()):
        np.subtract(params[key], learning_rate * grads[key], out=params[key])
# %% train_digits
def train_digits_mlp(X_train, y_train):
    model = MLP([64, 100, 10], activation="tanh", reg=1e-3, seed=3)
    train(model, sgd_step, X_train, y_train, epochs=25, batch_size=50, learning_rate=0.05, seed=1)
    return model
