# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
class Liar:
    """Answers every NumPy function and ufunc with "equal"."""

    shape = (1,)
    dtype = np.dtype("float64")

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(1)


def affine_forward(x, w, b):
    return Liar(), (x, w)


def affine_backward(dout, cache):
    return Liar(), Liar(), Liar()
