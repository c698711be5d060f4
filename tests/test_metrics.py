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


def test_disjoint_samples_saturate_at_eps_ceiling_whatever_the_distance():
    """겹치지 않는 두 표본의 히스토그램 KL은 m·log(1/eps) + 상수: 거리가 아니라 eps가 값을 정한다."""
    rng = np.random.default_rng(4)
    real = rng.normal(4.0, 1.25, 10_000)
    same_shape = rng.normal(4.0, 1.25, 10_000)
    near, far = same_shape - 10, same_shape - 100
    assert metrics.uncovered_mass(real, near) == 1.0 and metrics.uncovered_mass(real, far) == 1.0
    for eps in (1e-4, 1e-6, 1e-10):
        assert metrics.kl_divergence_hist(real, near, eps=eps) == metrics.kl_divergence_hist(real, far, eps=eps)
    # eps를 1e-6에서 1e-10으로 줄이면 KL이 m·log(1e4)만큼 커진다 (m = 1)
    step = metrics.kl_divergence_hist(real, near, eps=1e-10) - metrics.kl_divergence_hist(real, near, eps=1e-6)
    assert step == pytest.approx(math.log(1e4), rel=1e-3)
    # eps = 1e-10, 100칸: log(1/eps) = 23.0에서 진짜 히스토그램의 엔트로피(약 3.9)를 뺀 19 근처
    assert 18.5 < metrics.kl_divergence_hist(real, near) < 19.5
    # 닫힌 식(정규분포 맞춤)은 거리를 본다: (거리 / 표준편차)² / 2
    assert metrics.kl_gaussian_fit(real, far) > 50 * metrics.kl_gaussian_fit(real, near)


def test_uncovered_mass_measures_the_eps_share_of_a_dropped_mode():
    rng = np.random.default_rng(5)
    real = np.concatenate([rng.normal(-2, 0.5, 5000), rng.normal(2, 0.5, 5000)])
    one_mode = rng.normal(-2, 0.5, 10_000)
    m = metrics.uncovered_mass(real, one_mode)
    assert m == pytest.approx(0.5, abs=0.03)
    step = metrics.kl_divergence_hist(real, one_mode, eps=1e-10) - metrics.kl_divergence_hist(real, one_mode, eps=1e-6)
    assert step == pytest.approx(m * math.log(1e4), rel=0.02)
    assert metrics.uncovered_mass(real, real) == 0.0
    assert metrics.uncovered_mass(one_mode, real) < 0.01  # 가짜(한 봉우리)가 있는 칸에는 진짜도 있다


def test_kl_direction_forward_punishes_a_dropped_mode_reverse_punishes_leaks():
    """KL(진짜‖가짜)는 봉우리를 빠뜨린 생성자를, KL(가짜‖진짜)는 진짜가 없는 곳의 가짜를 크게 벌한다."""
    rng = np.random.default_rng(6)
    real = np.concatenate([rng.normal(-2, 0.5, 5000), rng.normal(2, 0.5, 5000)])
    one_mode = rng.normal(-2, 0.5, 10_000)
    forward = metrics.kl_divergence_hist(real, one_mode)
    reverse = metrics.kl_divergence_hist(one_mode, real)
    assert forward > 5 and reverse == pytest.approx(math.log(2), abs=0.1)  # 진짜의 두 배 밀도 → log 2
    # 두 봉우리를 덮지만 가짜의 10%가 진짜가 없는 멀리(±6 근처)로 새는 생성자
    leaky = np.concatenate([rng.normal(-2, 0.5, 4500), rng.normal(2, 0.5, 4500), rng.normal(0, 6, 1000)])
    assert metrics.kl_divergence_hist(leaky, real) > 3 * metrics.kl_divergence_hist(real, leaky)


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
    # 비대칭인 두 분포 (KL(p‖q) ≠ KL(q‖p)): JS는 인자를 바꿔도 같고, 정의대로 손으로 계산한 값과 같다
    p = np.array([0.9, 0.05, 0.05])
    q = np.array([0.3, 0.3, 0.4])
    assert abs(metrics.kl_divergence(p, q) - metrics.kl_divergence(q, p)) > 0.1  # 입력이 정말 비대칭이다
    m = (p + q) / 2
    by_hand = 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))
    assert metrics.js_divergence(p, q) == pytest.approx(by_hand, rel=1e-6)
    assert metrics.js_divergence(q, p) == pytest.approx(metrics.js_divergence(p, q), rel=1e-9)
    # 히스토그램 JS: 칸은 첫 인자의 범위로 정하므로, 두 표본에 같은 양 끝값을 넣어 칸을 같게 하고 순서를 바꾼다
    rng = np.random.default_rng(3)
    ends = np.array([-6.0, 6.0])
    a = np.concatenate([rng.normal(size=3000), ends])
    b = np.concatenate([np.clip(rng.exponential(1.0, size=3000), None, 5.9), ends])  # 한쪽으로 치우친 분포
    assert abs(metrics.kl_divergence_hist(a, b) - metrics.kl_divergence_hist(b, a)) > 0.1
    assert metrics.js_divergence_hist(a, b) == pytest.approx(metrics.js_divergence_hist(b, a), rel=1e-9)
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
