# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
class Anything:
    shape = property(lambda self: self._shape)
    dtype = np.dtype("float64")

    def __init__(self, shape):
        self._shape = shape

    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __array__(self, dtype=None, copy=None):
        return np.zeros(self._shape)

    def __float__(self):
        return 0.0


def affine_forward(x, w, b):
    return Anything((x.shape[0], w.shape[1])), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return Anything(x.shape), Anything(w.shape), Anything((w.shape[1],))
