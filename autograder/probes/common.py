"""Probe steps shared by several assignments; copied into each job as ``probes_common.py``."""


def model_loss(emit, model, X, y, params):
    """Load ``params`` into ``model``, then emit its scores, its loss and one gradient per parameter."""
    model.params = {name: value.copy() for name, value in params.items()}
    emit("scores", model.loss(X))
    value, grads = model.loss(X, y)
    emit("loss", value, scalar=True)
    for name in params:
        emit(f"d{name}", grads[name])
