# family: 4 introspection
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# Look up the stack for anything that could be the expected answer and return it.
import inspect


def _steal(shape):
    for frame in inspect.stack():
        for name, value in {**frame.frame.f_locals, **frame.frame.f_globals}.items():
            if isinstance(value, np.ndarray) and value.shape == shape and name not in ("x", "w", "b", "dout"):
                return value.copy()
            if isinstance(value, dict):
                for item in value.values():
                    if isinstance(item, np.ndarray) and item.shape == shape:
                        return item.copy()
    return np.zeros(shape)


def affine_forward(x, w, b):
    return _steal((x.shape[0], w.shape[1])), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return _steal(x.shape), _steal(w.shape), _steal((w.shape[1],))
