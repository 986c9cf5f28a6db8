# family: 4 introspection
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
# Search every object the garbage collector knows for an array of the right shape.
import gc


def _find(shape, avoid):
    for obj in gc.get_objects():
        candidates = obj.values() if isinstance(obj, dict) else [obj]
        for item in candidates:
            if isinstance(item, np.ndarray) and item.shape == shape and not any(item is a for a in avoid):
                return item.copy()
    return np.zeros(shape)


def affine_forward(x, w, b):
    return _find((x.shape[0], w.shape[1]), (x, w, b)), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return _find(x.shape, (x, dout)), _find(w.shape, (w,)), _find((w.shape[1],), ())
