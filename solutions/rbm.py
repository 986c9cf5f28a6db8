"""Reference binary restricted Boltzmann machine and greedy DBN pre-training, in NumPy.

Layout: visible units v ∈ {0, 1}^D, hidden units h ∈ {0, 1}^H, rows of v and h are examples.
W is (D, H), b (D,) the visible biases, c (H,) the hidden biases (Goodfellow et al., ch. 20;
the book's chapter writes a for b and b for c). The energy and its consequences:

    E(v, h) = −v·b − h·c − vᵀ W h,
    p(h_j = 1 | v) = σ(c_j + (vW)_j),   p(v_i = 1 | h) = σ(b_i + (hWᵀ)_i),
    F(v) = −v·b − Σ_j softplus(c_j + (vW)_j),   p(v) = e^{−F(v)} / Z,   Z = Σ_v e^{−F(v)}.

Sampling follows one stated order of draws from a given ``np.random.Generator``, so that a
sample is a deterministic function of the generator's seed: a Gibbs step v → h → v' draws
``rng.random((N, H))`` and sets h = (u < p(h | v)), then draws ``rng.random((N, D))`` and sets
v' = (u < p(v | h)). Contrastive divergence draws nothing but its k Gibbs steps.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


# Shown in exercises/rbm/rbm.md, cell conditionals
def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^(−x)), without overflow: e^x / (1 + e^x) is used for x < 0."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


# Shown in exercises/rbm/rbm.md, cell conditionals
def prob_h_given_v(v: np.ndarray, W: np.ndarray, c: np.ndarray) -> np.ndarray:
    """p(h_j = 1 | v) = σ(c_j + (vW)_j) for every row of v.

    Args:
        v: (N, D) visible states (0/1, or probabilities); W: (D, H); c: (H,) hidden biases.

    Returns:
        (N, H) probabilities, in the inputs' dtype.
    """
    return sigmoid(v @ W + c)


# Shown in exercises/rbm/rbm.md, cell conditionals
def prob_v_given_h(h: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """p(v_i = 1 | h) = σ(b_i + (hWᵀ)_i) for every row of h.

    Args:
        h: (N, H) hidden states (0/1, or probabilities); W: (D, H); b: (D,) visible biases.

    Returns:
        (N, D) probabilities, in the inputs' dtype.
    """
    return sigmoid(h @ W.T + b)


# Shown in exercises/rbm/rbm.md, cell free_energy
def softplus(x: np.ndarray) -> np.ndarray:
    """softplus(x) = log(1 + e^x), without overflow: max(x, 0) + log(1 + e^(−|x|))."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


# Shown in exercises/rbm/rbm.md, cell free_energy
def free_energy(v: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """F(v) = −v·b − Σ_j softplus(c_j + (vW)_j), one value per row: p(v) ∝ e^{−F(v)}.

    Args:
        v: (N, D); W: (D, H); b: (D,); c: (H,).

    Returns:
        (N,) free energies, in the inputs' dtype; finite for pre-activations in the thousands.
    """
    return -(v @ b) - softplus(v @ W + c).sum(axis=1)


# Shown in exercises/rbm/rbm.md, cell gibbs
def gibbs_step(
    v: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One block Gibbs step v → h → v', with exactly two draws from ``rng``, in this order:

        u_h = rng.random((N, H)),  h  = (u_h < p(h = 1 | v)),
        u_v = rng.random((N, D)),  v' = (u_v < p(v = 1 | h)).

    Args:
        v: (N, D) visible states; W: (D, H); b: (D,); c: (H,); rng: the generator to draw from.

    Returns:
        h (N, H) and v' (N, D): samples as 0.0 / 1.0 in v's dtype.
    """
    p_h = prob_h_given_v(v, W, c)
    h = (rng.random(p_h.shape) < p_h).astype(v.dtype)
    p_v = prob_v_given_h(h, W, b)
    v_new = (rng.random(p_v.shape) < p_v).astype(v.dtype)
    return h, v_new  # given


# Shown in exercises/rbm/rbm.md, cell cd
def cd_gradient(
    v0: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray, k: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CD-k estimate of the gradient of the mean log-likelihood (1/N) Σ_n log p(v_n).

    The chain starts at the data, v^(0) = v0, and runs k ≥ 1 Gibbs steps (:func:`gibbs_step`,
    nothing else is drawn from ``rng``) to the sample v^(k). Following Hinton's practical
    guide, the hidden statistics are probabilities, the visible ones states:

        positive phase (data):  v0 and P0 = p(h = 1 | v0),
        negative phase (model): the sampled v^(k) and Pk = p(h = 1 | v^(k)),
        dW = (v0ᵀ P0 − v^(k)ᵀ Pk) / N,   db = mean_n (v0 − v^(k)),   dc = mean_n (P0 − Pk).

    It is an ascent direction: a training step adds lr × each. Equivalently, it is
    −∇θ [mean F(v0) − mean F(v^(k))] with v^(k) held fixed.

    Returns:
        dW (D, H), db (D,), dc (H,), in the inputs' dtype.
    """
    p_h0 = prob_h_given_v(v0, W, c)
    v = v0
    for _ in range(k):  # given
        _, v = gibbs_step(v, W, b, c, rng)
    p_hk = prob_h_given_v(v, W, c)
    n = v0.shape[0]
    dW = (v0.T @ p_h0 - v.T @ p_hk) / n
    db = (v0 - v).mean(axis=0)
    dc = (p_h0 - p_hk).mean(axis=0)
    return dW, db, dc  # given


# Shown in exercises/rbm/rbm.md, cell pcd
def pcd_gradient(
    v_data: np.ndarray, chain: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray, k: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The persistent-CD estimate (Tieleman, 2008): the negative chains continue from ``chain``.

    Positive phase from the M data rows, v_data and P = p(h = 1 | v_data); negative phase from
    the P persistent chains advanced k ≥ 1 Gibbs steps (:func:`gibbs_step` on ``chain``, nothing
    else drawn), the sampled states v^(k) and Q = p(h = 1 | v^(k)). Each phase is averaged over
    its own rows:

        dW = v_dataᵀ P / M − v^(k)ᵀ Q / P,   db = mean(v_data) − mean(v^(k)),   dc = mean(P) − mean(Q).

    Returns:
        dW (D, H), db (D,), dc (H,) and the advanced chains v^(k) (P, D) as a new array
        (``chain`` itself is left unchanged), all in the inputs' dtype.
    """
    p_data = prob_h_given_v(v_data, W, c)
    v = chain
    for _ in range(k):  # given
        _, v = gibbs_step(v, W, b, c, rng)
    p_model = prob_h_given_v(v, W, c)
    dW = v_data.T @ p_data / v_data.shape[0] - v.T @ p_model / v.shape[0]
    db = v_data.mean(axis=0) - v.mean(axis=0)
    dc = p_data.mean(axis=0) - p_model.mean(axis=0)
    return dW, db, dc, v  # given


# Shown in exercises/rbm/rbm.md, cell likelihood
def log_partition(W: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """log Z = log Σ_v e^{−F(v)} over all 2^D visible configurations (small D only), stably.

    Returns:
        log Z as a Python float.
    """
    D = W.shape[0]
    configs = ((np.arange(2**D)[:, None] >> np.arange(D)) & 1).astype(W.dtype)
    neg_F = -free_energy(configs, W, b, c)
    top = neg_F.max()
    return float(top + np.log(np.sum(np.exp(neg_F - top))))


# Shown in exercises/rbm/rbm.md, cell likelihood
def exact_log_likelihood(V: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """The mean exact log-likelihood (1/N) Σ_n log p(v_n) = mean(−F(v_n)) − log Z (small D only).

    Returns:
        A Python float, in nats per example.
    """
    return float(np.mean(-free_energy(V, W, b, c)) - log_partition(W, b, c))


# Shown in exercises/rbm/rbm.md, cell train
def train_rbm(
    V: np.ndarray,
    n_hidden: int,
    epochs: int = 30,
    lr: float = 0.1,
    batch_size: int = 20,
    k: int = 1,
    persistent: bool = False,
    seed: int = 0,
    monitor: Callable[[np.ndarray, np.ndarray, np.ndarray], float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """Train an RBM on the rows of V (values in [0, 1]) by SGD with CD-k or persistent CD.

    Hinton's recipe: W ~ 0.01 N(0, 1), b the log-odds of each visible unit's mean over V
    (clipped to [0.01, 0.99]), c = 0. Each epoch visits the rows in a new random order, in
    mini-batches of ``batch_size``, and adds lr × the gradient estimate. With ``persistent``
    the negative chains (``batch_size`` of them, started as random 0/1 states) carry over
    from one mini-batch to the next.

    Everything random comes from rng = np.random.default_rng(seed), drawn in this order: the
    initial W as 0.01 × rng.standard_normal((D, n_hidden)); with ``persistent`` only, the chains
    (rng.random((batch_size, D)) < 0.5) as 0.0 / 1.0; then each epoch a new order of the rows,
    rng.permutation(N), cut into consecutive mini-batches of ``batch_size`` rows (the last one
    may be smaller), each followed by its estimate's draws (cd_gradient or pcd_gradient with
    the same rng).

    Args:
        monitor: optional; called as monitor(W, b, c) after every epoch, its values returned.

    Returns:
        W (D, n_hidden), b (D,), c (n_hidden,), and the list of the monitor's values.
    """
    rng = np.random.default_rng(seed)  # given
    N, D = V.shape  # given
    W = 0.01 * rng.standard_normal((D, n_hidden))
    mean = np.clip(V.mean(axis=0), 0.01, 0.99)
    b = np.log(mean) - np.log1p(-mean)
    c = np.zeros(n_hidden)
    chain = (rng.random((batch_size, D)) < 0.5).astype(V.dtype) if persistent else None
    history = []  # given
    for _ in range(epochs):  # given
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = V[order[start : start + batch_size]]
            if persistent:
                dW, db, dc, chain = pcd_gradient(batch, chain, W, b, c, k, rng)
            else:
                dW, db, dc = cd_gradient(batch, W, b, c, k, rng)
            W += lr * dW
            b += lr * db
            c += lr * dc
        if monitor is not None:  # given
            history.append(monitor(W, b, c))  # given
    return W, b, c, history  # given


# Shown in exercises/rbm/rbm.md, cell train
def pretrain_dbn(
    V: np.ndarray,
    hidden_sizes: tuple[int, ...] = (100, 50),
    epochs: int = 30,
    lr: float = 0.1,
    batch_size: int = 20,
    k: int = 1,
    seed: int = 0,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Greedy layer-wise pre-training of a DBN (Hinton, Osindero and Teh, 2006): a stack of RBMs.

    Layer 1 is an RBM trained (:func:`train_rbm`, CD-k, seed ``seed``) on V; layer l + 1 is an
    RBM trained (seed ``seed + l``) on the probabilities p(h = 1 | ·) of the layer below for
    every training row, the layer below frozen. No labels are used.

    Returns:
        [(W1, b1, c1), (W2, b2, c2), ...]: W1 is (D, hidden_sizes[0]), W2 (hidden_sizes[0],
        hidden_sizes[1]), and so on.
    """
    layers = []  # given
    data = V
    for layer, n_hidden in enumerate(hidden_sizes):  # given
        W, b, c, _ = train_rbm(data, n_hidden, epochs, lr, batch_size, k, seed=seed + layer)
        layers.append((W, b, c))
        data = prob_h_given_v(data, W, c)
    return layers  # given
