"""Only the training cell: one wide hidden layer with batch norm, trained with Nesterov momentum instead of Adam. Off: none expected (the grader judges the trained model, not the optimizer)."""
# %% train_digits
def train_digits_deep(X_train, y_train):
    net = FullyConnectedNet([256], dropout=0.1, normalization="batchnorm", reg=1e-4, seed=3)
    step = update_step(sgd_nesterov, momentum=0.9)
    train(net, step, X_train, y_train, epochs=15, batch_size=50, learning_rate=0.05, seed=1)
    return net
