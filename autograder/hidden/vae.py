"""Hidden tests of the VAE assignment: each piece on grader-chosen tensors, then the trained model.

The encoder and decoder run with the grader's weights; the sampler is judged by the
statistics of its noise and by its gradients; the KL divergence and the loss by their
values and every gradient, in float64 and float32. The trained networks come back as
weights, and the grader composes encoder and decoder itself on held-out digits.
Nothing here enters the sandbox.
"""

import functools

import numpy as np

from autograder.checks import TRAIN_SECONDS, Case, Check, OutputError, Outputs, close_all, relative_error, threshold_verdict
from autograder.oracles import lazy
from autograder.sandbox import Limits

oracle = lazy("autograder.oracles.vae")

LIMITS = Limits(case_seconds=20.0)
# Negative ELBO per held-out image, in nats: full marks at or below the first, half at or below the second.
FULL_NELBO, HALF_NELBO = 25.5, 26.5
LATENT_DIM, PIXELS = 2, 64
# Largest gap between the last epoch's recorded loss and the trained model's loss on the training set.
HISTORY_NATS = 1.0


def _linear(rng, n_in, n_out) -> tuple[np.ndarray, np.ndarray]:
    return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), 0.5 * rng.standard_normal(n_out)


def network_cases(rng, i, title, N, D, H, K, prefix="") -> list[Case]:
    """The encoder and the decoder, each run in float32 (as in the notebook) with the grader's weights."""
    f32 = np.float32
    enc = {}
    for layer, (n_in, n_out) in {"hidden": (D, H), "mu_head": (H, K), "logvar_head": (H, K)}.items():
        enc[f"{layer}.weight"], enc[f"{layer}.bias"] = (a.astype(f32) for a in _linear(rng, n_in, n_out))
    x = rng.random((N, D)).astype(f32)
    dec = {}
    for layer, (n_in, n_out) in {"hidden": (K, H), "out": (H, D)}.items():
        dec[f"{layer}.weight"], dec[f"{layer}.bias"] = (a.astype(f32) for a in _linear(rng, n_in, n_out))
    z = rng.standard_normal((N, K)).astype(f32)

    return [Case(grade_id="test_networks", name=f"{prefix}encoder-{i}", title=f"encoder, {title}", probe="encoder",
                 inputs={"x": x, **enc}, checks=close_all(oracle.networks("encoder", enc, x), f32),
                 params={"input_dim": D, "hidden_dim": H, "latent_dim": K}),
            Case(grade_id="test_networks", name=f"{prefix}decoder-{i}", title=f"decoder, {title}", probe="decoder",
                 inputs={"z": z, **dec}, checks=close_all(oracle.networks("decoder", dec, z), f32),
                 params={"latent_dim": K, "hidden_dim": H, "output_dim": D})]


def _network_cases(rng) -> list[Case]:
    return [case for i, config in enumerate([("digits-sized, latent 2", 3, 64, 16, 2),
                                             ("one example, other sizes", 1, 10, 7, 3)])
            for case in network_cases(rng, i, *config)]


def _sample(outputs: Outputs, key: str, like: np.ndarray) -> np.ndarray:
    z = outputs[key]
    if z.dtype != like.dtype or z.shape != like.shape:
        raise OutputError(f"{key}: {z.dtype} {z.shape}, expected {like.dtype} {like.shape}")
    if not np.all(np.isfinite(z)):
        raise OutputError(f"{key}: contains nan or inf")
    return z


def _reparameterize_case(rng) -> Case:
    N, K = 5000, 4
    mu, logvar = 2.0 * rng.standard_normal((N, K)), rng.uniform(-4.0, 3.0, (N, K))
    upstream = rng.standard_normal((N, K))
    sigma = np.exp(0.5 * logvar)

    def distribution(outputs):
        eps = (_sample(outputs, "z", mu) - mu) / sigma
        mean, std, within = eps.mean(), eps.std(), np.mean(np.abs(eps) < 1)
        ok = abs(mean) < 0.05 and abs(std - 1) < 0.05 and abs(within - 0.6827) < 0.02
        text = (f"z: the noise (z − μ)/σ has mean {mean:.3f}, standard deviation {std:.3f} and {within:.1%} of its "
                "values within ±1" + ("" if ok else "; a standard normal has 0, 1 and 68.3 %"))
        return float(ok), text

    def gradient(key, expected_of):
        def judge(outputs):
            actual, expected = outputs[key], expected_of(_sample(outputs, "z", mu))
            if actual.dtype != expected.dtype or actual.shape != expected.shape:
                return 0.0, f"{key}: {actual.dtype} {actual.shape}, expected {expected.dtype} {expected.shape}"
            err = relative_error(actual, expected)
            return float(err <= 1e-9), f"{key}: " + ("correct" if err <= 1e-9 else f"wrong values, off by {err:.1e}")
        return Check(key, judge)

    def fresh(outputs):
        same = np.mean(_sample(outputs, "z_again", mu) == _sample(outputs, "z", mu))
        return float(same < 0.01), ("a second call draws new noise" if same < 0.01
                                    else f"a second call returned {same:.0%} of the same values: draw fresh noise")

    def seeded(outputs):
        first, second = _sample(outputs, "z_seeded", mu), _sample(outputs, "z_seeded_again", mu)
        ok = np.array_equal(first, second)
        return float(ok), ("the generator's seed fixes the sample" if ok
                           else "two calls with equally seeded generators differ: draw ε from `generator`")

    checks = [Check("distribution of z", distribution), gradient("dmu", lambda z: upstream),
              gradient("dlogvar", lambda z: 0.5 * (z - mu) * upstream),
              Check("fresh noise", fresh), Check("generator", seeded)]
    return Case(grade_id="test_reparameterize", name="reparameterize", title=f"{N}×{K} samples, σ from 0.14 to 4.5",
                probe="reparameterize", inputs={"mu": mu, "logvar": logvar, "upstream": upstream}, checks=checks,
                repeat=False)


def kl_case(rng, name, title, N, K, dtype) -> Case:
    mu, logvar = (2 * rng.standard_normal((N, K))).astype(dtype), rng.uniform(-6, 4, (N, K)).astype(dtype)
    upstream = rng.standard_normal(N).astype(dtype)
    return Case(grade_id="test_kl", name=name, title=title, probe="kl",
                inputs={"mu": mu, "logvar": logvar, "upstream": upstream}, checks=close_all(oracle.kl(mu, logvar, upstream)))


def elbo_case(rng, name, title, N, D, K, dtype, binary, scale) -> Case:
    x = (rng.integers(0, 2, (N, D)) if binary else rng.random((N, D))).astype(dtype)
    logits = (scale * rng.uniform(-1, 1, (N, D))).astype(dtype)
    mu, logvar = rng.standard_normal((N, K)).astype(dtype), rng.uniform(-3, 2, (N, K)).astype(dtype)
    return Case(grade_id="test_elbo", name=name, title=title, probe="elbo",
                inputs={"x": x, "logits": logits, "mu": mu, "logvar": logvar},
                checks=close_all(oracle.elbo(x, logits, mu, logvar)))


def _kl_cases(rng) -> list[Case]:
    return [kl_case(rng, f"kl-{i}", *config) for i, config in enumerate([
        ("one example, one dimension", 1, 1, np.float64), ("7 examples, 2 dimensions", 7, 2, np.float64),
        ("float32, 64 examples, 16 dimensions", 64, 16, np.float32)])]


def _elbo_cases(rng) -> list[Case]:
    return [elbo_case(rng, f"elbo-{i}", *config) for i, config in enumerate([
        ("one image, binary pixels", 1, 64, 2, np.float64, True, 3.0),
        ("16 images, grey pixels, logits up to ±30", 16, 64, 2, np.float64, False, 30.0),
        ("float32, 5 examples of 10 pixels, latent 3", 5, 10, 3, np.float32, False, 3.0)])]


def _shapes(H: int, H2: int) -> dict[str, tuple[int, ...]]:
    """The notebook's networks' weights for hidden widths H (encoder) and H2 (decoder)."""
    K, D = LATENT_DIM, PIXELS
    return {"encoder.hidden.weight": (H, D), "encoder.hidden.bias": (H,), "encoder.mu_head.weight": (K, H),
            "encoder.mu_head.bias": (K,), "encoder.logvar_head.weight": (K, H), "encoder.logvar_head.bias": (K,),
            "decoder.hidden.weight": (H2, K), "decoder.hidden.bias": (H2,), "decoder.out.weight": (D, H2),
            "decoder.out.bias": (D,)}


def _trained(outputs: Outputs) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The trained encoder's and decoder's weights, or OutputError saying what is wrong."""
    if not outputs.keys():
        raise OutputError("no trained networks" + (f" — {outputs.note}" if outputs.note else ""))
    H, H2 = outputs["encoder.hidden.weight"].shape[0], outputs["decoder.hidden.weight"].shape[0]
    weights = {key: outputs[key] for key in _shapes(H, H2)}
    if any(weights[key].shape != shape for key, shape in _shapes(H, H2).items()):
        raise OutputError(f"the networks are not the notebook's Encoder and Decoder for {PIXELS} pixels "
                          f"and a {LATENT_DIM}-D code")
    if not all(w.dtype.kind == "f" and np.all(np.isfinite(w)) for w in weights.values()):
        raise OutputError("the trained weights are not finite floating-point numbers")
    enc = {key.removeprefix("encoder."): w for key, w in weights.items() if key.startswith("encoder.")}
    dec = {key.removeprefix("decoder."): w for key, w in weights.items() if key.startswith("decoder.")}
    return enc, dec


def _held_out_check(X_test: np.ndarray, eps: np.ndarray) -> Check:
    def judge(outputs: Outputs) -> tuple[float, str]:
        value = oracle.held_out_nelbo(*_trained(outputs), X_test, eps)
        if not np.isfinite(value):
            return 0.0, "the held-out negative ELBO is not finite"
        return threshold_verdict(value, FULL_NELBO, HALF_NELBO, "negative ELBO per held-out image", ".2f", "nats")

    return Check("held-out negative ELBO", judge, weight=3.0)


def _history_check(X_train: np.ndarray, eps: np.ndarray) -> Check:
    """The loss curve: it falls, and its last entry is the trained model's loss on the training digits."""

    def judge(outputs: Outputs) -> tuple[float, str]:
        history = outputs["history"]
        if history.ndim != 1 or len(history) < 2 or not np.all(np.isfinite(history)):
            return 0.0, f"history: expected one finite loss per epoch, got shape {history.shape}"
        value = oracle.held_out_nelbo(*_trained(outputs), X_train, eps)
        if not history[-1] < history[0]:
            return 0.0, f"history: the loss went from {history[0]:.2f} to {history[-1]:.2f}; it should fall"
        if abs(history[-1] - value) > HISTORY_NATS:
            return 0.0, (f"history: the last epoch's loss is {history[-1]:.2f}, but the trained model's negative "
                         f"ELBO on the training digits is {value:.2f} (allowed gap {HISTORY_NATS} nats)")
        return 1.0, f"history: falls from {history[0]:.2f} to {history[-1]:.2f} nats per image, as measured"

    return Check("loss history", judge)


@functools.cache  # the same whatever the seed: a trained model is judged on held-out digits
def _train_case() -> Case:
    from toolkit.data import load_digits_pixels

    X_train, _, X_test, _ = load_digits_pixels(seed=1)
    rng = np.random.default_rng(20261202)
    eps_test, eps_train = (rng.standard_normal((16, len(X), LATENT_DIM)) for X in (X_test, X_train))
    return Case(grade_id="test_train", name="train-digits", title="train on digits, judged on held-out digits",
                probe="train", inputs={"X_train": X_train},
                checks=[_held_out_check(X_test, eps_test), _history_check(X_train, eps_train)],
                time_limit=TRAIN_SECONDS, repeat=False)


# Without a course secret the values are drawn from this seed, which anyone with the repository can know.
PUBLIC_SEED = 20261201


def cases(seed: int = PUBLIC_SEED) -> list[Case]:
    """Every hidden case: shapes and edge cases fixed here, values drawn from ``seed`` (``kit.seed_of``)."""
    rng = np.random.default_rng(seed)
    return (_network_cases(rng) + [_reparameterize_case(rng)] + _kl_cases(rng) + _elbo_cases(rng)
            + [_train_case()])


def battery(rng: np.random.Generator, per_function: int = 60) -> list[Case]:
    """A dense randomized battery for the audit: sizes, dtypes and logit ranges from the contract."""
    found = _network_cases(rng) + _kl_cases(rng) + _elbo_cases(rng)  # the hidden tests' structure, new values
    for i in range(per_function):
        N, D, H, K = (int(v) for v in rng.integers(1, 9, size=4))
        dtype = [np.float64, np.float32][rng.integers(2)]
        if i < per_function // 3:
            found += network_cases(rng, i, f"battery: N {N}, D {D}, H {H}, K {K}", N, D, H, K, prefix="b-")
        found.append(kl_case(rng, f"b-kl-{i}", f"battery: N {N}, K {K}, {np.dtype(dtype)}", N, K, dtype))
        scale = float([1.0, 3.0, 30.0][rng.integers(3)])
        binary = bool(rng.random() < 0.5)
        found.append(elbo_case(rng, f"b-elbo-{i}", f"battery: N {N}, D {D}, K {K}, {np.dtype(dtype)}, logits up to "
                               f"±{scale:g}" + (", binary pixels" if binary else ""), N, D, K, dtype, binary, scale))
    return found + [_reparameterize_case(rng)]
