import math

import numpy as np
import pytest
import torch

from gan_utils import metrics


def test_kl_of_identical_samples_is_zero_and_same_distribution_near_floor():
    rng = np.random.default_rng(0)
    a = rng.normal(size=10_000)
    assert metrics.kl_divergence_hist(a, a) == pytest.approx(0.0, abs=1e-8)
    b = rng.normal(size=10_000)
    assert metrics.kl_divergence_hist(a, b) < 0.04


def test_noise_floor_matches_documented_values():
    assert 0.008 < metrics.kl_noise_floor(10_000, 10_000, trials=3) < 0.03
    assert 0.1 < metrics.kl_noise_floor(1_000, 1_000, trials=3) < 0.4


def test_histogram_kl_of_shifted_normals_near_closed_form():
    rng = np.random.default_rng(1)
    real = rng.normal(0.0, 1.0, 200_000)
    fake = rng.normal(0.5, 1.0, 200_000)
    closed = metrics.kl_normal(0.0, 1.0, 0.5, 1.0)
    assert closed == pytest.approx(0.125)
    assert metrics.kl_divergence_hist(real, fake, bins=50) == pytest.approx(closed, abs=0.02)
    assert metrics.kl_gaussian_fit(real, fake) == pytest.approx(closed, abs=0.01)


def test_fake_mass_outside_real_range_is_penalised():
    rng = np.random.default_rng(2)
    real = rng.normal(size=5000)
    inside = rng.normal(size=5000)
    half_outside = np.concatenate([inside[:2500], inside[:2500] + 100])
    assert metrics.kl_divergence_hist(real, half_outside) > metrics.kl_divergence_hist(real, inside) + 0.5


def test_kl_normal_known_values():
    assert metrics.kl_normal(1, 2, 1, 2) == 0
    assert metrics.kl_normal(0, 1, 0, 2) == pytest.approx(math.log(2) + 1 / 8 - 0.5)
    with pytest.raises(ValueError):
        metrics.kl_normal(0, 0, 0, 1)


def test_js_divergence_bounded_and_symmetric():
    p = np.array([1.0, 0.0])
    q = np.array([0.0, 1.0])
    assert metrics.js_divergence(p, q) == pytest.approx(math.log(2), abs=1e-6)
    assert metrics.js_divergence(p, p) == pytest.approx(0.0, abs=1e-9)
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=3000), rng.normal(1, 1, size=3000)
    assert metrics.js_divergence_hist(a, b) == pytest.approx(metrics.js_divergence_hist(a, b))
    assert 0 < metrics.js_divergence_hist(a, b) < math.log(2)


def test_accepts_tensors_and_rejects_nan():
    t = torch.randn(100, 1)
    assert metrics.kl_divergence_hist(t, t) == pytest.approx(0.0, abs=1e-8)
    with pytest.raises(ValueError, match="NaN"):
        metrics.kl_divergence_hist(t, torch.full((100, 1), float("nan")))
    with pytest.raises(ValueError, match="bins"):
        metrics.kl_divergence_hist(t, t, bins=1)


def test_normal_pdf_integrates_to_one():
    x, dx = np.linspace(-20, 20, 40_001, retstep=True)
    assert metrics.normal_pdf(x, 1.0, 2.0).sum() * dx == pytest.approx(1.0, abs=1e-6)
