"""Hidden tests of the RBM assignment: grader-chosen inputs, answers from exact enumeration and autograd.

Batches of one, D ≠ H, a single hidden unit, float32, pre-activations in the thousands (a
naive softplus or log-sum-exp overflows), the D = 8, H = 12 model whose log-likelihood is
exact. Sampling is judged exactly: the probe seeds the generator, the student's code draws
in the stated order, and the oracle reproduces the chain; seeds for which any uniform lies
within MARGIN of its probability are skipped, so float32 rounding never flips a coin. The
trained DBN comes back as weights and is judged here, on held-out binarized digits, by the
exact pseudo-log-likelihood of its first RBM and the reconstruction of held-out codes by
its second. Nothing here enters the sandbox.
"""

import functools

import numpy as np

from autograder.checks import TOLERANCE, TRAIN_SECONDS, Case, Check, close_all, threshold_verdict, trained_model
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.rbm")

LIMITS = Limits(case_seconds=10.0)
# No uniform of a graded chain lies closer than this to the probability it is compared with.
MARGIN = 1e-4
# Pseudo-log-likelihood per held-out image (nats) of the first RBM: full marks from, half from.
FULL_PLL, HALF_PLL = -16.5, -18.5
# Held-out codes: how many nats per code the second RBM reconstructs better than independent units.
FULL_GAIN, HALF_GAIN = 9.0, 5.0


def _params(rng, D, H, scale, dtype):
    W = scale * rng.standard_normal((D, H)) / np.sqrt(D)
    b, c = scale * rng.standard_normal(D), scale * rng.standard_normal(H)
    return {"W": W.astype(dtype), "b": b.astype(dtype), "c": c.astype(dtype)}


def _binary(rng, shape, dtype):
    return (rng.random(shape) < 0.5).astype(dtype)


def conditionals_case(rng, name, title, N, D, H, scale, dtype, mean_field=False) -> Case:
    p = _params(rng, D, H, scale, dtype)
    v = _binary(rng, (N, D), dtype)
    h = rng.random((N, H)).astype(dtype) if mean_field else _binary(rng, (N, H), dtype)
    return Case(grade_id="test_conditionals", name=name, title=title, probe="conditionals",
                inputs={"v": v, "h": h, **p}, checks=close_all(oracle.conditionals(v, h, p["W"], p["b"], p["c"]), dtype))


def free_energy_case(rng, name, title, N, D, H, scale, dtype) -> Case:
    p = _params(rng, D, H, scale, dtype)
    v = _binary(rng, (N, D), dtype)
    return Case(grade_id="test_free_energy", name=name, title=title, probe="free_energy", inputs={"v": v, **p},
                checks=close_all(oracle.free_energy(v, p["W"], p["b"], p["c"]), dtype))


def _seed(rng, run) -> tuple[int, dict]:
    """A generator seed whose chain has no coin flip within MARGIN of going the other way, and its answers."""
    for _ in range(200):
        seed = int(rng.integers(2**31))
        expected, margin = run(seed)
        if margin >= MARGIN:
            return seed, expected
    raise RuntimeError("no seed with a clear margin: the case is too large")


def gibbs_case(rng, name, title, N, D, H, scale, dtype) -> Case:
    p = _params(rng, D, H, scale, dtype)
    v = _binary(rng, (N, D), dtype)
    seed, expected = _seed(rng, lambda s: oracle.gibbs(v, p["W"], p["b"], p["c"], s))
    return Case(grade_id="test_gibbs", name=name, title=title, probe="gibbs", inputs={"v": v, **p},
                checks=close_all(expected, dtype), params={"seed": seed})


def cd_case(rng, name, title, N, D, H, k, scale, dtype) -> Case:
    p = _params(rng, D, H, scale, dtype)
    v0 = _binary(rng, (N, D), dtype)
    seed, expected = _seed(rng, lambda s: oracle.cd(v0, p["W"], p["b"], p["c"], k, s))
    return Case(grade_id="test_cd", name=name, title=title, probe="cd", inputs={"v0": v0, **p},
                checks=close_all(expected, dtype), params={"k": k, "seed": seed})


def pcd_case(rng, name, title, M, P, D, H, k, scale, dtype) -> Case:
    p = _params(rng, D, H, scale, dtype)
    v_data, chain = _binary(rng, (M, D), dtype), _binary(rng, (P, D), dtype)
    seed, expected = _seed(rng, lambda s: oracle.pcd(v_data, chain, p["W"], p["b"], p["c"], k, s))
    return Case(grade_id="test_pcd", name=name, title=title, probe="pcd", inputs={"v_data": v_data, "chain": chain, **p},
                checks=close_all(expected, dtype), params={"k": k, "seed": seed})


def likelihood_case(rng, name, title, N, D, H, scale, dtype) -> Case:
    """log Z and the mean log-likelihood are numbers: any float type, judged to the inputs' precision."""
    p = _params(rng, D, H, scale, dtype)
    V = _binary(rng, (N, D), dtype)
    expected = oracle.likelihood(V, p["W"], p["b"], p["c"])
    scale = oracle.free_energy_scale(V, p["W"], p["b"], p["c"])
    tol = TOLERANCE[np.dtype(dtype)]
    return Case(grade_id="test_likelihood", name=name, title=title, probe="likelihood", inputs={"V": V, **p},
                checks=[_number(key, float(value), scale, tol) for key, value in expected.items()])


def train_rbm_case(rng, name, title, N, D, H, epochs, batch_size, k, persistent, binary=True, lr=None,
                   carry_matters=False) -> Case:
    """A short training run, reproduced exactly from the stated draws (float64: training's own dtype).

    With ``carry_matters`` (persistent runs) the seed is one for which carrying the chains over from
    one mini-batch to the next changes the trained weights: early in training, with weights near 0,
    a chain forgets its start within a step, and restarting it would often go unnoticed."""
    V = _binary(rng, (N, D), np.float64) if binary else rng.random((N, D))
    lr = float(rng.choice([0.05, 0.1, 0.5])) if lr is None else lr
    settings = {"n_hidden": H, "epochs": epochs, "lr": lr, "batch_size": batch_size, "k": k, "persistent": persistent}

    def run(seed):
        expected, margin = oracle.train(V, seed=seed, **settings)
        if carry_matters:
            restarted, _ = oracle.train(V, seed=seed, carry=False, **settings)
            if np.max(np.abs(restarted["W"] - expected["W"])) < 1e-3 * np.max(np.abs(expected["W"])):
                margin = 0.0
        return expected, margin

    try:
        seed, expected = _seed(rng, run)
    except RuntimeError:  # a run too short for the chains' start to matter (the battery's smallest)
        carry_matters = False
        seed, expected = _seed(rng, run)
    return Case(grade_id="test_train_rbm", name=name, title=f"{title} (lr {lr:g})", probe="train_rbm",
                inputs={"V": V}, checks=close_all(expected), params={**settings, "seed": seed})


def _number(key: str, expected: float, scale: float, tol: float) -> Check:
    """A scalar within ``tol`` of ``expected``, relative to the larger of |expected| and ``scale``, the size of
    the terms it is computed from (log Z can be small while −F(v) is in the hundreds: float32 rounds those)."""
    def judge(outputs):
        actual = outputs[key]
        if actual.shape != ():
            return 0.0, f"{key}: expected a number, got an array of shape {actual.shape}"
        if not np.isfinite(actual):
            return 0.0, f"{key}: nan or inf"
        err = abs(float(actual) - expected) / max(abs(expected), scale, 1e-30)
        if err <= tol:
            return 1.0, f"{key}: correct"
        return 0.0, f"{key}: wrong value, off by {err:.1e} relative to the size of the free energies (allowed {tol:.0e})"

    return Check(key, judge, keys=(key,))


f64, f32 = np.float64, np.float32


def _conditionals_cases(rng) -> list[Case]:
    configs = [("batch of one, more hidden than visible units", 1, 3, 5, 1.0, f64),
               ("five examples, D 7, H 2", 5, 7, 2, 1.0, f64),
               ("pre-activations in the thousands", 3, 4, 3, 1000.0, f64),
               ("square weights, D = H = 4", 3, 4, 4, 1.0, f64),
               ("float32", 4, 6, 4, 1.0, f32),
               ("float32, pre-activations in the hundreds", 2, 5, 3, 100.0, f32)]
    cases = [conditionals_case(rng, f"conditionals-{i}", *config) for i, config in enumerate(configs)]
    return cases + [conditionals_case(rng, "conditionals-mean-field", "hidden probabilities, not states, as h",
                                      3, 4, 5, 1.0, f64, mean_field=True)]


def _free_energy_cases(rng) -> list[Case]:
    configs = [("batch of one", 1, 5, 4, 1.0, f64), ("one hidden unit", 6, 3, 1, 1.0, f64),
               ("eight examples, D 10, H 6", 8, 10, 6, 1.0, f64),
               ("pre-activations in the thousands: softplus must not overflow", 4, 5, 3, 1000.0, f64),
               ("float32", 5, 6, 4, 1.0, f32),
               ("float32, pre-activations in the hundreds (e^x overflows float32 above 88)", 3, 4, 4, 100.0, f32)]
    return [free_energy_case(rng, f"free-energy-{i}", *config) for i, config in enumerate(configs)]


def _gibbs_cases(rng) -> list[Case]:
    configs = [("batch of one", 1, 4, 3, 1.0, f64), ("six examples, D 5, H 8", 6, 5, 8, 1.0, f64),
               ("square weights, D = H = 5", 3, 5, 5, 1.0, f64),
               ("weights ×5: nearly deterministic units", 4, 6, 3, 5.0, f64), ("float32", 5, 4, 6, 1.0, f32)]
    return [gibbs_case(rng, f"gibbs-{i}", *config) for i, config in enumerate(configs)]


def _cd_cases(rng) -> list[Case]:
    configs = [("CD-1, eight examples", 8, 6, 4, 1, 1.0, f64), ("CD-3", 5, 4, 5, 3, 1.0, f64),
               ("CD-1, batch of one", 1, 5, 3, 1, 1.0, f64), ("CD-2, float32", 6, 5, 4, 2, 1.0, f32),
               ("CD-1, weights ×3", 4, 6, 6, 1, 3.0, f64)]
    return [cd_case(rng, f"cd-{i}", *config) for i, config in enumerate(configs)]


def _pcd_cases(rng) -> list[Case]:
    configs = [("6 data rows, 4 chains, k 1", 6, 4, 5, 3, 1, 1.0, f64),
               ("one data row, 5 chains, k 2", 1, 5, 4, 4, 2, 1.0, f64),
               ("float32, 3 data rows, 3 chains", 3, 3, 6, 2, 1, 1.0, f32),
               ("8 data rows, 2 chains, k 3", 8, 2, 3, 5, 3, 1.0, f64)]
    return [pcd_case(rng, f"pcd-{i}", *config) for i, config in enumerate(configs)]


def _likelihood_cases(rng) -> list[Case]:
    configs = [("D 8, H 12", 20, 8, 12, 1.0, f64), ("one visible unit", 3, 1, 3, 1.0, f64),
               ("D 10, H 2, one example", 1, 10, 2, 1.0, f64),
               ("weights ×200: e^{-F} overflows", 5, 6, 4, 200.0, f64),
               ("float32, weights ×30: e^{-F} overflows float32", 4, 5, 3, 30.0, f32),
               ("float32", 6, 7, 5, 1.0, f32)]
    return [likelihood_case(rng, f"likelihood-{i}", *config) for i, config in enumerate(configs)]


def _train_rbm_cases(rng) -> list[Case]:
    configs = [("CD-1, 13 rows in batches of 5 (the last one of 3), 3 epochs", 13, 5, 3, 3, 5, 1, False),
               ("CD-2 on probabilities, not states, 10 rows in batches of 3", 10, 6, 2, 2, 3, 2, False, False)]
    cases = [train_rbm_case(rng, f"train-rbm-{i}", *config) for i, config in enumerate(configs)]
    persistent = [("persistent CD-1, 12 rows in batches of 3, 3 epochs, D = H = 4", 12, 4, 4, 3, 3, 1),
                  ("persistent CD-1, 8 rows in batches of 2, 2 epochs, more hidden than visible units", 8, 3, 5, 2, 2, 1),
                  ("persistent CD-2, 9 rows in batches of 4 (the last one of 1), 3 epochs", 9, 4, 3, 3, 4, 2)]
    return cases + [train_rbm_case(rng, f"train-rbm-p{i}", *config, True, lr=1.0, carry_matters=True)
                    for i, config in enumerate(persistent)]


# --- The trained DBN, judged on held-out binarized digits --------------------------------------------


def _neg_free_energy(V: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return V @ b + np.logaddexp(0.0, V @ W + c).sum(axis=1)


def pseudo_log_likelihood(V: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Mean over rows of Σ_i log p(v_i | v_−i) = Σ_i log σ(F(v with v_i flipped) − F(v)), exactly (every i)."""
    V, W, b, c = (np.asarray(a, dtype=np.float64) for a in (V, W, b, c))
    base = _neg_free_energy(V, W, b, c)
    total = np.zeros(len(V))
    for i in range(V.shape[1]):
        flipped = V.copy()
        flipped[:, i] = 1 - flipped[:, i]
        total -= np.logaddexp(0.0, _neg_free_energy(flipped, W, b, c) - base)
    return float(total.mean())


def _cross_entropy(X: np.ndarray, P: np.ndarray) -> float:
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return float(-(X * np.log(P) + (1 - X) * np.log(1 - P)).sum(axis=1).mean())


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def reconstruction_gain(codes_train: np.ndarray, codes_test: np.ndarray, W, b, c) -> float:
    """Nats per held-out code by which the RBM's mean-field reconstruction σ(σ(xW + c)Wᵀ + b) beats
    independent units with the training codes' means."""
    W, b, c = (np.asarray(a, dtype=np.float64) for a in (W, b, c))
    recon = _sigmoid(_sigmoid(codes_test @ W + c) @ W.T + b)
    independent = np.broadcast_to(codes_train.mean(axis=0), codes_test.shape)
    return _cross_entropy(codes_test, independent) - _cross_entropy(codes_test, recon)


def _layers(arrays: dict[str, np.ndarray], pixels: int) -> list[tuple[np.ndarray, ...]] | str:
    """The two RBMs' (W, b, c), or why the emitted arrays do not make a 64 → H1 → H2 stack."""
    layers: list[tuple[np.ndarray, ...]] = []
    fan_in = pixels
    for layer in (1, 2):
        W, b, c = (arrays.get(f"{name}{layer}") for name in "Wbc")
        if W is None or b is None or c is None or any(a.dtype.kind != "f" for a in (W, b, c)):
            return f"layer {layer}: W{layer}, b{layer}, c{layer} must be floating-point arrays"
        if W.ndim != 2 or W.shape[0] != fan_in or b.shape != (fan_in,) or c.shape != (W.shape[1],):
            return (f"layer {layer}: W{layer} {W.shape}, b{layer} {b.shape}, c{layer} {c.shape} do not make an RBM "
                    f"with {fan_in} visible units")
        layers.append((W, b, c))
        fan_in = W.shape[1]
    return layers


def _first_layer(V_test: np.ndarray):
    def evaluate(arrays):
        layers = _layers(arrays, V_test.shape[1])
        if isinstance(layers, str):
            return layers
        value = pseudo_log_likelihood(V_test, *layers[0])
        if not np.isfinite(value):
            return "the first RBM's pseudo-log-likelihood is not finite"
        return threshold_verdict(value, FULL_PLL, HALF_PLL, "first RBM: pseudo-log-likelihood per held-out image",
                                 ".2f", "nats")
    return evaluate


def _second_layer(V_train: np.ndarray, V_test: np.ndarray):
    def evaluate(arrays):
        layers = _layers(arrays, V_test.shape[1])
        if isinstance(layers, str):
            return layers
        (W1, _, c1), (W2, b2, c2) = layers
        codes_train, codes_test = (_sigmoid(V @ W1.astype(np.float64) + c1) for V in (V_train, V_test))
        value = reconstruction_gain(codes_train, codes_test, W2, b2, c2)
        if not np.isfinite(value):
            return "the second RBM's reconstruction is not finite"
        return threshold_verdict(value, FULL_GAIN, HALF_GAIN, "second RBM: held-out codes reconstructed better than "
                                 "by independent units by", ".2f", "nats per code")
    return evaluate


def binarized_digits(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The training and test digits of ``load_digits_pixels(seed)``, a pixel on when its ink exceeds 8 of 16."""
    from toolkit.data import load_digits_pixels

    X_train, _, X_test, _ = load_digits_pixels(seed=seed)
    return (X_train > 0.5).astype(np.float64), (X_test > 0.5).astype(np.float64)


@functools.cache  # the same whatever the seed: a trained model is judged on held-out digits
def _train_case() -> Case:
    V_train, V_test = binarized_digits(seed=1)
    required = tuple(f"{name}{layer}" for layer in (1, 2) for name in "Wbc")
    checks = [trained_model("first RBM on held-out digits", required, _first_layer(V_test), "trained DBN"),
              trained_model("second RBM on held-out codes", required, _second_layer(V_train, V_test), "trained DBN")]
    checks[0].weight = 3.0
    return Case(grade_id="test_train", name="pretrain-dbn", title="pre-train a DBN on binarized digits, judged on "
                "held-out digits", probe="train", inputs={"V_train": V_train}, checks=checks,
                time_limit=TRAIN_SECONDS, repeat=False)


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261203


def _function_cases(rng) -> list[Case]:
    return (_conditionals_cases(rng) + _free_energy_cases(rng) + _gibbs_cases(rng) + _cd_cases(rng) + _pcd_cases(rng)
            + _likelihood_cases(rng) + _train_rbm_cases(rng))


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    return _function_cases(np.random.default_rng(seed)) + [_train_case()]


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: sizes, chain lengths, scales and dtypes from the contract."""
    found = _function_cases(rng)  # the hidden tests' structure, new values
    for i in range(per_function):
        N, D, H = (int(v) for v in rng.integers(1, 7, size=3))
        dtype = [f64, f32][rng.integers(2)]
        scale = float([1.0, 1.0, 3.0, 30.0, 1000.0][rng.integers(5)])
        title = f"battery: N {N}, D {D}, H {H}, scale {scale:g}, {np.dtype(dtype)}"
        found.append(conditionals_case(rng, f"b-conditionals-{i}", title, N, D, H, scale, dtype,
                                       mean_field=bool(rng.random() < 0.3)))
        found.append(free_energy_case(rng, f"b-free-energy-{i}", title, N, D, H, scale, dtype))
        small = min(scale, 5.0)  # the chains: no coin flip within MARGIN, so moderate scales
        found.append(gibbs_case(rng, f"b-gibbs-{i}", title, N, D, H, small, dtype))
        k = int(rng.integers(1, 4))
        found.append(cd_case(rng, f"b-cd-{i}", f"{title}, k {k}", N, D, H, k, small, dtype))
        P = int(rng.integers(1, 7))
        found.append(pcd_case(rng, f"b-pcd-{i}", f"{title}, {P} chains, k {k}", N, P, D, H, k, small, dtype))
        D_ll, scale_ll = int(rng.integers(1, 9)), min(scale, 200.0 if dtype == f64 else 30.0)
        if i < per_function // 3:
            n_rows, batch, epochs = int(rng.integers(1, 13)), int(rng.integers(1, 7)), int(rng.integers(1, 4))
            persistent = bool(rng.random() < 0.5)
            found.append(train_rbm_case(rng, f"b-train-rbm-{i}", f"battery: {n_rows} rows, D {D}, H {H}, batches of "
                                        f"{batch}, {epochs} epochs, k {k}" + (", persistent" if persistent else ""),
                                        n_rows, D, H, epochs, batch, k, persistent, binary=bool(rng.random() < 0.7),
                                        lr=1.0 if persistent else None, carry_matters=persistent))
        found.append(likelihood_case(rng, f"b-likelihood-{i}", f"battery: N {N}, D {D_ll}, H {H}, scale {scale_ll:g}, "
                                     f"{np.dtype(dtype)}", N, D_ll, H, scale_ll, dtype))
    return found
