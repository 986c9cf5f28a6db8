"""LSTM step gate by gate: the weights are sliced into Wxi, Wxf, ... with separate pre-activations, gradients put back together with np.concatenate. Off: none."""
# %% lstm_step
def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    Wxi, Wxf, Wxg, Wxo = Wx[:, 0:H], Wx[:, H:2 * H], Wx[:, 2 * H:3 * H], Wx[:, 3 * H:4 * H]
    Whi, Whf, Whg, Who = Wh[:, 0:H], Wh[:, H:2 * H], Wh[:, 2 * H:3 * H], Wh[:, 3 * H:4 * H]
    bi, bf, bg, bo = b[0:H], b[H:2 * H], b[2 * H:3 * H], b[3 * H:4 * H]
    input_gate = sigmoid(x @ Wxi + prev_h @ Whi + bi)
    forget_gate = sigmoid(x @ Wxf + prev_h @ Whf + bf)
    candidate = np.tanh(x @ Wxg + prev_h @ Whg + bg)
    output_gate = sigmoid(x @ Wxo + prev_h @ Who + bo)
    next_c = forget_gate * prev_c + input_gate * candidate
    next_h = output_gate * np.tanh(next_c)
    cache = [x, prev_h, prev_c, Wx, Wh, input_gate, forget_gate, candidate, output_gate, next_c]
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, input_gate, forget_gate, candidate, output_gate, next_c = cache
    tanh_next_c = np.tanh(next_c)
    dnext_c = dnext_c + dnext_h * output_gate * (1 - tanh_next_c * tanh_next_c)
    d_output_gate = dnext_h * tanh_next_c * output_gate * (1 - output_gate)
    d_input_gate = dnext_c * candidate * input_gate * (1 - input_gate)
    d_forget_gate = dnext_c * prev_c * forget_gate * (1 - forget_gate)
    d_candidate = dnext_c * input_gate * (1 - candidate * candidate)
    dprev_c = dnext_c * forget_gate
    dA = np.concatenate([d_input_gate, d_forget_gate, d_candidate, d_output_gate], axis=1)
    dx = dA @ Wx.T
    dprev_h = dA @ Wh.T
    dWx = x.T @ dA
    dWh = prev_h.T @ dA
    db = np.sum(dA, axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
