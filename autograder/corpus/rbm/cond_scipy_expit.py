"""Correct: the conditionals with scipy.special.expit, the hidden and visible layers written as one helper."""

# %% conditionals
from scipy.special import expit


def sigmoid(x):
    return expit(x)


def prob_h_given_v(v, W, c):
    # p(h=1|v) = sigmoid(c + vW)
    return expit(np.dot(v, W) + c)


def prob_v_given_h(h, W, b):
    # p(v=1|h) = sigmoid(b + h W^T)
    return expit(np.dot(h, W.T) + b)
