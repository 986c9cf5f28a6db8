"""Only the training cell: a sigmoid MLP with a small learning rate trained for 5 epochs. Off: probably undertrained (held-out accuracy may fall short of 95 %); nothing wrong in the code."""
# %% train_digits
def train_digits_mlp(X_train, y_train):
    model = MLP([X_train.shape[1], 32, 10], activation="sigmoid", reg=0.0, seed=0)
    train(model, sgd_step, X_train, y_train, epochs=5, batch_size=64, learning_rate=0.05, seed=0)
    return model
