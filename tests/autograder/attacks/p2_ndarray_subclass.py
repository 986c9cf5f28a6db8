# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
class Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __sub__(self, other):
        return np.zeros(self.shape).view(Agreeable)

    def __abs__(self):
        return np.zeros(self.shape).view(Agreeable)


def affine_forward(x, w, b):
    return np.zeros((x.shape[0], w.shape[1])).view(Agreeable), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return tuple(np.zeros(s).view(Agreeable) for s in (x.shape, w.shape, (w.shape[1],)))
