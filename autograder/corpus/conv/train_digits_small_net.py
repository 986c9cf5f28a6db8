"""Only the training cell: a narrower network (8 filters, 32 hidden units) trained for 10 epochs with a larger step. Off: none expected (accuracy depends on the schedule)."""
# %% train_digits
def train_digits_cnn(X_train, y_train):
    net = ThreeLayerConvNet(input_dim=(1, 8, 8), num_filters=8, hidden_dim=32, num_classes=10, reg=5e-4, seed=2)
    train(net, sgd_step, X_train, y_train, epochs=10, batch_size=64, learning_rate=0.2, seed=3)
    return net
