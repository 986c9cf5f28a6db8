"""Probes of the convolution assignment (run inside the sandbox, beside the student's code)."""

from probes_common import model_loss


def conv(ns, emit, forward, backward, x, w, b, dout, stride, pad):
    out, cache = ns[forward](x, w, b, {"stride": stride, "pad": pad})
    emit("out", out)
    dx, dw, db = ns[backward](dout, cache)
    emit("dx", dx)
    emit("dw", dw)
    emit("db", db)


def pool(ns, emit, forward, backward, x, dout, pool_height, pool_width, stride):
    out, cache = ns[forward](x, {"pool_height": pool_height, "pool_width": pool_width, "stride": stride})
    emit("out", out)
    emit("dx", ns[backward](dout, cache))


def cnn(ns, emit, X, y, reg, num_filters, hidden_dim, num_classes, **params):
    model = ns["ThreeLayerConvNet"](input_dim=X.shape[1:], num_filters=num_filters, hidden_dim=hidden_dim,
                                    num_classes=num_classes, reg=reg, seed=0)
    model_loss(emit, model, X, y, params)


def train_digits(ns, emit, X_train, y_train):
    """Emit the trained network's parameters; the grader evaluates them on held-out digits."""
    model = ns["train_digits_cnn"](X_train, y_train)
    if not isinstance(model, ns["ThreeLayerConvNet"]):
        raise TypeError(f"train_digits_cnn must return a ThreeLayerConvNet, not {type(model).__name__}")
    for name, value in model.params.items():
        emit(name, value)
