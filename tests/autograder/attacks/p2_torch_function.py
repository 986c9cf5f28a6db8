# family: 2 lying objects
# base: release
# cell: affine
# expect-score: 0
# expect-status: ok
import torch


class Tensorish(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return True


def affine_forward(x, w, b):
    return torch.zeros(x.shape[0], w.shape[1]).as_subclass(Tensorish), (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return tuple(torch.zeros(*s).as_subclass(Tensorish) for s in (x.shape, w.shape, (w.shape[1],)))
