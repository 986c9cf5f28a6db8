# An affine layer with the right shapes and dtypes and wrong values (appended by "wrong-affine: yes").
def affine_forward(x, w, b):
    return np.zeros((x.shape[0], w.shape[1])), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return np.zeros(x.shape), np.zeros(w.shape), np.zeros(w.shape[1])
