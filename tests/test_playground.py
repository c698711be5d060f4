"""2차원 GAN 놀이터: 2차원 목표 분포(고리·격자·두 달·나선), 2차원 지표(봉우리 덮기, 2차원 KL과 바닥값),
최소 제곱 손실, PacGAN 판별자, 학습 부품(d_step, train_step), Playground의 학습·설정·느린 모드·스냅샷,
놀이터 그림(PlaygroundFigure)과 위젯(playground_widget)을 확인한다.

놀이터는 1~3강의 1차원 코드를 2차원으로 넓힌 것이라, 1차원 결과(3강의 노트북 출력)가 바뀌지 않았는지도 본다
(sample_mixture_1d의 난수 순서, 1차원 KL·봉우리 덮기).
"""
import io
import math
import threading
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from conftest import has_hangul
from gan_utils.data import (grid_centers, ring_centers, sample_mixture, sample_mixture_1d, sample_moons,
                            sample_real_1d, sample_spiral)
from gan_utils.losses import discriminator_loss, discriminator_score, generator_loss
from gan_utils.metrics import kl_divergence_hist, kl_noise_floor, mode_coverage, mode_quality
from gan_utils.models import Discriminator, Generator
from gan_utils.playground import KL_BINS, N_EVAL, Playground, compare_settings, make_target
from gan_utils.train import d_step, make_adam, train_gan, train_step

RING = ring_centers(8, 2.0)
RING_STDS = torch.full((8,), 0.05)


def ring_sampler(n, generator=None):
    """놀이터의 기본 목표(반지름 2의 8개 고리, 봉우리 표준편차 0.05)와 같은 분포."""
    return sample_mixture(n, RING, RING_STDS, generator=generator)


def params(model):
    """모델 가중치의 사본 (갱신 전후 비교용)."""
    return [p.detach().clone() for p in model.parameters()]


def same_params(model, saved):
    return all(torch.equal(p, q) for p, q in zip(model.parameters(), saved))


# ---------------------------------------------------------------- data: 2차원 목표 분포
def test_ring_centers_are_evenly_spaced_on_the_circle():
    c = ring_centers(8, 2.0)
    assert c.shape == (8, 2)
    np.testing.assert_allclose(c.norm(dim=1), 2.0, atol=1e-6)
    np.testing.assert_allclose(c[0], (2.0, 0.0), atol=1e-6)  # 첫 봉우리는 x축 위
    angles = torch.atan2(c[:, 1], c[:, 0]) % (2 * math.pi)
    np.testing.assert_allclose(angles, np.arange(8) * math.pi / 4, atol=1e-5)  # 45°씩
    # 이웃한 봉우리 사이는 모두 현의 길이 2·r·sin(π/k)
    gaps = (c - c.roll(-1, dims=0)).norm(dim=1)
    np.testing.assert_allclose(gaps, 2 * 2.0 * math.sin(math.pi / 8), atol=1e-5)


def test_grid_centers_are_a_centred_square_lattice():
    c = grid_centers(5, 2.0)
    assert c.shape == (25, 2)
    np.testing.assert_allclose(c.mean(0), (0.0, 0.0), atol=1e-6)
    for axis in (0, 1):
        np.testing.assert_allclose(torch.unique(c[:, axis]), [-4.0, -2.0, 0.0, 2.0, 4.0])
    assert len({tuple(p) for p in c.tolist()}) == 25  # 겹치는 점 없이 모든 (x, y) 쌍
    dist = torch.cdist(c, c) + torch.eye(25) * 100
    np.testing.assert_allclose(dist.min(1).values, 2.0, atol=1e-6)  # 가장 가까운 이웃까지 간격 2


def test_sample_mixture_respects_centres_stds_and_weights():
    """봉우리마다 표준편차를 다르게 주어, 각 봉우리의 퍼짐이 자기 std를 따르는지(뒤섞이지 않는지) 본다."""
    centers = torch.tensor([[-5.0, 0.0], [0.0, 5.0], [5.0, 0.0]])
    stds, weights = (0.1, 0.3, 0.6), (1.0, 2.0, 5.0)
    x = sample_mixture(40_000, centers, stds, weights=weights, generator=torch.Generator().manual_seed(0))
    assert x.shape == (40_000, 2) and x.dtype == torch.float32
    which = torch.cdist(x, centers).argmin(1)  # 봉우리끼리 충분히 멀어 가장 가까운 중심이 곧 뽑힌 봉우리
    for i in range(3):
        part = x[which == i]
        assert len(part) / len(x) == pytest.approx(weights[i] / sum(weights), abs=0.01)
        np.testing.assert_allclose(part.mean(0), centers[i], atol=0.03)
        np.testing.assert_allclose(part.std(0), (stds[i], stds[i]), rtol=0.04)  # 두 축 모두 같은 퍼짐


def test_sample_mixture_1d_keeps_its_shape_and_its_random_numbers():
    """1차원판은 sample_mixture와 같은 수를 내고, 예전 구현(3강 노트북 출력을 만든 식)과도 비트 단위로 같다."""
    means, stds, weights = (-2.0, 2.0), (0.5, 0.25), (1.0, 3.0)
    a = sample_mixture_1d(1000, means, stds, weights, generator=torch.Generator().manual_seed(3))
    b = sample_mixture(1000, list(means), list(stds), weights, generator=torch.Generator().manual_seed(3))
    assert a.shape == (1000, 1) and torch.equal(a, b)
    gen = torch.Generator().manual_seed(3)  # 예전 식: 봉우리를 고른 뒤 (n,) 난수를 더하고 마지막에 (n, 1)로
    m, s, w = torch.tensor(means), torch.tensor(stds), torch.tensor(weights)
    which = torch.multinomial(w / w.sum(), 1000, replacement=True, generator=gen)
    old = (m[which] + s[which] * torch.randn(1000, generator=gen)).unsqueeze(1)
    assert torch.equal(a, old)


def test_moons_lie_on_two_half_circles_and_are_reproducible():
    x = sample_moons(4000, noise=0.0, generator=torch.Generator().manual_seed(0))
    assert x.shape == (4000, 2)
    # 잡음이 없으면 모든 점이 (-1, -0.5) 중심의 위쪽 반원이나 (1, 0.5) 중심의 아래쪽 반원(반지름 2) 위에 있다
    upper = (x - torch.tensor([-1.0, -0.5])).norm(dim=1)
    lower = (x - torch.tensor([1.0, 0.5])).norm(dim=1)
    on_upper, on_lower = (upper - 2).abs() < 1e-4, (lower - 2).abs() < 1e-4
    assert bool((on_upper | on_lower).all())
    assert bool((x[on_upper, 1] >= -0.5 - 1e-4).all()) and bool((x[on_lower, 1] <= 0.5 + 1e-4).all())
    assert on_upper.float().mean().item() == pytest.approx(0.5, abs=0.03)
    noisy = sample_moons(4000, generator=torch.Generator().manual_seed(1))
    assert torch.equal(noisy, sample_moons(4000, generator=torch.Generator().manual_seed(1)))
    assert not torch.equal(noisy, sample_moons(4000, generator=torch.Generator().manual_seed(2)))
    np.testing.assert_allclose(noisy.mean(0), (0.0, 0.0), atol=0.06)  # 원점 근처로 옮겨 두었다
    assert noisy[:, 0].abs().max() < 3.8 and noisy[:, 1].abs().max() < 2.3


def test_spiral_radius_grows_with_angle_and_stays_inside_the_plane():
    x = sample_spiral(4000, noise=0.0, generator=torch.Generator().manual_seed(0))
    assert x.shape == (4000, 2)
    r = x.norm(dim=1)
    assert r.max() <= 2.5 + 1e-5 and r.max() > 2.4
    # 잡음이 없으면 반지름 r = 2.5t, 각도 = t · 1.5바퀴: 각도는 반지름으로 정해진다
    angle = r / 2.5 * 1.5 * 2 * math.pi
    np.testing.assert_allclose(x / r.clamp(min=1e-6).unsqueeze(1), torch.stack([angle.cos(), angle.sin()], 1),
                               atol=2e-3)
    noisy = sample_spiral(5000, generator=torch.Generator().manual_seed(1))
    assert noisy.norm(dim=1).max() < 2.7
    assert torch.equal(noisy, sample_spiral(5000, generator=torch.Generator().manual_seed(1)))
    assert not torch.equal(noisy, sample_spiral(5000, generator=torch.Generator().manual_seed(2)))


@pytest.mark.parametrize("call, word", [
    (lambda: sample_mixture(10, [[0.0, 0.0], [1.0, 1.0]], [0.1]), "stds"),  # 봉우리 둘에 std 하나
    (lambda: sample_mixture(10, torch.zeros(2, 2, 2), [0.1, 0.1]), "means"),
    (lambda: sample_mixture(10, [], []), "means"),
    (lambda: sample_mixture_1d(10, (-2.0, 2.0), (0.5,)), "stds"),
    (lambda: sample_mixture_1d(10, [[0.0, 0.0]], [0.5]), "means"),
    (lambda: ring_centers(0), "k"),
    (lambda: ring_centers(8, -1.0), "radius"),
    (lambda: grid_centers(5, 0.0), "spacing"),
    (lambda: sample_moons(10, noise=-0.1), "noise"),
    (lambda: sample_spiral(10, turns=0), "turns"),
])
def test_2d_data_rejects_bad_inputs_in_korean(call, word):
    with pytest.raises(ValueError, match=word) as info:
        call()
    assert has_hangul(info.value)


# ---------------------------------------------------------------- metrics: 봉우리 덮기와 2차원 KL
def test_mode_quality_of_the_full_ring_counts_all_eight_modes():
    x = ring_sampler(8000, torch.Generator().manual_seed(0))
    q = mode_quality(x, RING, 0.05, n_sigma=3, min_fraction=0.01)
    assert q["modes"] == 8 and q["n_modes"] == 8
    # 2차원 정규분포가 3σ 원 안에 들 확률은 1 - exp(-9/2) ≈ 0.989
    assert q["high_quality"] > 0.95 and q["high_quality"] == pytest.approx(1 - math.exp(-4.5), abs=0.005)
    assert q["per_mode"].shape == (8,)
    np.testing.assert_allclose(q["per_mode"], 1 / 8 * q["high_quality"], atol=0.015)
    assert q["per_mode"].sum() == pytest.approx(q["high_quality"], abs=1e-12)


def test_mode_quality_sees_a_generator_that_covers_three_modes():
    kept = [0, 3, 5]
    x = sample_mixture(6000, RING[kept], RING_STDS[kept], generator=torch.Generator().manual_seed(1))
    q = mode_quality(x, RING, 0.05)
    assert q["modes"] == 3 and q["high_quality"] > 0.95
    assert set(np.flatnonzero(q["per_mode"])) == set(kept)
    assert q["per_mode"].sum() == pytest.approx(q["high_quality"], abs=1e-12)


def test_mode_quality_of_points_spread_over_a_box_is_low():
    """넓은 상자에 고르게 흩은 점: 3σ 원 8개의 넓이는 상자의 1% 남짓이라 고품질 표본이 거의 없고, 덮은 봉우리도 없다."""
    x = torch.rand(8000, 2, generator=torch.Generator().manual_seed(2)) * 8 - 4
    q = mode_quality(x, RING, 0.05)
    area_share = 8 * math.pi * 0.15 ** 2 / 64
    assert q["high_quality"] < 0.03 and q["high_quality"] == pytest.approx(area_share, abs=0.005)
    assert q["modes"] == 0  # 봉우리마다 0.1% 남짓: min_fraction(1%) 아래
    assert q["per_mode"].sum() == pytest.approx(q["high_quality"], abs=1e-12)


def test_a_few_stray_samples_do_not_count_as_a_covered_mode():
    kept = [0, 3, 5]
    x = sample_mixture(5000, RING[kept], RING_STDS[kept], generator=torch.Generator().manual_seed(3))
    stray = RING[6] + 0.02 * torch.randn(20, 2, generator=torch.Generator().manual_seed(4))  # 0.4% < 1%
    q = mode_quality(torch.cat([x, stray]), RING, 0.05)
    assert q["per_mode"][6] == pytest.approx(20 / 5020) and q["modes"] == 3
    assert mode_quality(torch.cat([x, stray]), RING, 0.05, min_fraction=0.001)["modes"] == 4  # 문턱을 낮추면 센다
    assert q["per_mode"].sum() == pytest.approx(q["high_quality"], abs=1e-12)


def test_mode_quality_rejects_mismatched_centres_and_bad_std():
    x = ring_sampler(100, torch.Generator().manual_seed(0))
    with pytest.raises(ValueError, match="centers"):
        mode_quality(x, (-2.0, 2.0), 0.05)  # 1차원 중심으로 2차원 표본을
    with pytest.raises(ValueError, match="std"):
        mode_quality(x, RING, 0.0)


def test_mode_coverage_uses_euclidean_distance_in_2d_and_still_works_in_1d():
    centers = [(0.0, 0.0), (3.0, 0.0)]
    # (0.8, 0.8)은 축마다는 반지름 1 안이지만 유클리드 거리는 1.13이라 들지 않는다
    pts = np.array([(0.6, 0.6), (0.8, 0.8), (3.0, 0.99), (3.0, 1.01), (10.0, 10.0)])
    assert mode_coverage(pts, centers, radius=1.0) == pytest.approx((0.2, 0.2))
    assert mode_coverage(pts, centers, radius=1.2) == pytest.approx((0.4, 0.4))
    one_d = np.array([-2.3, -1.0, 1.9, 2.8, 5.0])
    assert mode_coverage(one_d, (-2.0, 2.0), radius=1.0) == pytest.approx((0.4, 0.4))
    assert mode_coverage(one_d.reshape(-1, 1), (-2.0, 2.0), radius=1.0) == pytest.approx((0.4, 0.4))


def test_2d_kl_of_two_ring_samples_sits_at_the_floor_and_a_collapsed_sample_is_far_above():
    gen = torch.Generator().manual_seed(5)
    real, other = ring_sampler(N_EVAL, gen), ring_sampler(N_EVAL, gen)
    collapsed = sample_mixture(N_EVAL, RING[:1], RING_STDS[:1], generator=gen)  # 봉우리 하나만
    floor = kl_noise_floor(N_EVAL, N_EVAL, KL_BINS, trials=3, seed=0, sampler=ring_sampler)
    same = kl_divergence_hist(real, other, KL_BINS)
    assert 0.01 < floor < 0.2
    assert floor / 3 < same < 3 * floor  # 같은 분포끼리는 바닥값과 같은 자릿수
    assert kl_divergence_hist(real, collapsed, KL_BINS) > 100 * floor  # 빠진 봉우리 7개 (진짜 확률의 7/8)
    with pytest.raises(ValueError, match="차원"):
        kl_divergence_hist(real, real[:, :1], KL_BINS)


def test_1d_kl_is_unchanged_by_the_2d_extension():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 3000), rng.normal(0.3, 1.2, 3000)
    assert kl_divergence_hist(a, b) == kl_divergence_hist(a.reshape(-1, 1), b.reshape(-1, 1))
    assert kl_divergence_hist(torch.tensor(a), torch.tensor(b)) == kl_divergence_hist(a, b)
    # 1차원 바닥값(sampler 없음)은 문서의 값 근처 그대로 (자세한 값은 tests/test_metrics.py)
    assert 0.008 < kl_noise_floor(10_000, 10_000, trials=2) < 0.03


def test_noise_floor_uses_the_given_sampler_deterministically():
    def moons(n, generator=None):
        return sample_moons(n, generator=generator)

    ring = kl_noise_floor(2000, 2000, KL_BINS, trials=3, seed=0, sampler=ring_sampler)
    assert ring == kl_noise_floor(2000, 2000, KL_BINS, trials=3, seed=0, sampler=ring_sampler)  # 같은 시드면 같은 값
    assert ring != kl_noise_floor(2000, 2000, KL_BINS, trials=3, seed=1, sampler=ring_sampler)
    assert kl_noise_floor(2000, 2000, KL_BINS, trials=3, seed=0, sampler=moons) > 2 * ring  # 모양이 다르면 바닥값도
    gen = torch.Generator().manual_seed(0)  # 손으로: 한 생성기에서 (진짜, 가짜)를 번갈아 뽑아 평균
    by_hand = np.mean([kl_divergence_hist(ring_sampler(2000, gen), ring_sampler(2000, gen), KL_BINS)
                       for _ in range(3)])
    assert ring == pytest.approx(by_hand, rel=1e-12)


# ---------------------------------------------------------------- losses: 최소 제곱 GAN
def test_least_squares_losses_match_the_lsgan_formulas():
    gen = torch.Generator().manual_seed(0)
    r, f = torch.randn(32, 1, generator=gen) + 1, torch.randn(32, 1, generator=gen) - 1
    d = discriminator_loss(r, f, kind="least_squares")
    assert d.item() == pytest.approx((0.5 * ((r - 1) ** 2).mean() + 0.5 * (f ** 2).mean()).item(), abs=1e-6)
    smooth = discriminator_loss(r, f, real_target=0.9, kind="least_squares")
    assert smooth.item() == pytest.approx((0.5 * ((r - 0.9) ** 2).mean() + 0.5 * (f ** 2).mean()).item(), abs=1e-6)
    g = generator_loss(f, "least_squares")
    assert g.item() == pytest.approx((0.5 * ((f - 1) ** 2).mean()).item(), abs=1e-6)
    # 완벽한 판별자(진짜 1, 가짜 0)의 손실은 0, 그때 생성자 손실은 ½
    ones, zeros = torch.ones(4, 1), torch.zeros(4, 1)
    assert discriminator_loss(ones, zeros, kind="least_squares").item() == 0.0
    assert generator_loss(zeros, "least_squares").item() == 0.5


def test_unknown_loss_kinds_are_rejected():
    x = torch.zeros(4, 1)
    with pytest.raises(ValueError, match="kind"):
        discriminator_loss(x, x, kind="wasserstein")
    with pytest.raises(ValueError, match="kind"):
        generator_loss(x, "hinge")


def test_discriminator_score_is_sigmoid_for_bce_and_clamp_for_least_squares():
    out = torch.tensor([-2.0, -0.1, 0.0, 0.3, 0.99, 1.7])
    assert torch.allclose(discriminator_score(out, "bce"), torch.sigmoid(out))
    assert torch.equal(discriminator_score(out), torch.sigmoid(out))  # 기본은 BCE
    assert torch.equal(discriminator_score(out, "least_squares"), torch.tensor([0.0, 0.0, 0.0, 0.3, 0.99, 1.0]))


# ---------------------------------------------------------------- models: PacGAN 판별자
def test_packed_discriminator_joins_consecutive_rows():
    torch.manual_seed(0)
    D = Discriminator(in_dim=2, hidden=(16,), dropout=0.0, pack=2)
    assert D.config["pack"] == 2 and D[0].in_features == 4
    x = torch.randn(8, 2)
    out = D(x)
    assert out.shape == (4, 1)
    # 같은 가중치의 묶지 않은 판별자(입력 4)에 이웃한 두 줄을 이어 붙인 (4, 4)를 넣은 것과 같다
    plain = Discriminator(in_dim=4, hidden=(16,), dropout=0.0, pack=1)
    plain.load_state_dict(D.state_dict())
    joined = torch.cat([x[0::2], x[1::2]], dim=1)  # 줄 i = (x[2i], x[2i+1])
    assert torch.equal(joined, x.reshape(4, 4))
    assert torch.allclose(out, plain(joined), atol=1e-6)
    # 0번 줄과 1번 줄은 같은 묶음: 둘을 바꾸면 첫 판정만 바뀌고 나머지 묶음은 그대로
    swapped = x[[1, 0, 2, 3, 4, 5, 6, 7]]
    changed = D(swapped)
    assert not torch.allclose(changed[0], out[0]) and torch.equal(changed[1:], out[1:])


def test_packed_discriminator_rejects_a_batch_that_is_not_a_multiple():
    D = Discriminator(in_dim=2, hidden=(16,), dropout=0.0, pack=2)
    with pytest.raises(ValueError, match="배수"):
        D(torch.randn(7, 2))
    with pytest.raises(ValueError, match="pack"):
        Discriminator(in_dim=2, hidden=(16,), pack=0)
    assert Discriminator(in_dim=2, hidden=(16,)).config["pack"] == 1


# ---------------------------------------------------------------- train: 묶음 판별자와 학습 부품
@pytest.mark.parametrize("kind", ["bce", "least_squares"])
def test_d_step_with_a_packed_discriminator_splits_real_and_fake(kind):
    """로짓이 배치의 절반(pack=2)이어도 앞쪽 절반은 진짜, 뒤쪽 절반은 가짜로 나뉘어야 한다."""
    torch.manual_seed(1)
    D = Discriminator(in_dim=2, hidden=(16,), dropout=0.0, pack=2)
    real = torch.randn(8, 2) + 3.0
    fake = torch.randn(8, 2) - 3.0
    with torch.no_grad():
        real_out, fake_out = D(real), D(fake)
    expected_loss = discriminator_loss(real_out, fake_out, kind=kind).item()
    expected_dx = discriminator_score(real_out, kind).mean().item()
    expected_dgz = discriminator_score(fake_out, kind).mean().item()
    assert abs(expected_dx - expected_dgz) > 1e-3  # 나누기를 틀리면 값이 달라지도록 진짜·가짜가 구별되는 입력
    before = params(D)
    loss, d_x, d_g_z = d_step(D, make_adam(D, 1e-3, (0.5, 0.999), torch.device("cpu")), real, fake, kind=kind)
    assert loss.item() == pytest.approx(expected_loss, abs=1e-6)
    assert d_x.item() == pytest.approx(expected_dx, abs=1e-6)
    assert d_g_z.item() == pytest.approx(expected_dgz, abs=1e-6)
    assert not same_params(D, before)


def test_train_step_updates_the_generator_only_when_asked():
    torch.manual_seed(2)
    G = Generator(z_dim=2, hidden=(8,), out_dim=2, out_activation=None)
    D = Discriminator(in_dim=2, hidden=(8,), dropout=0.0, pack=2)
    cpu = torch.device("cpu")
    opt_G, opt_D = make_adam(G, 1e-3, (0.5, 0.999), cpu), make_adam(D, 1e-3, (0.5, 0.999), cpu)
    real, z = torch.randn(16, 2), torch.randn(16, 2)
    g_before, d_before = params(G), params(D)
    loss_d, d_x, d_g_z, loss_g = train_step(G, D, opt_G, opt_D, real, z, update_g=False)
    assert loss_g is None and same_params(G, g_before) and not same_params(D, d_before)
    assert loss_d.ndim == 0 and 0 < d_x.item() < 1 and 0 < d_g_z.item() < 1
    d_before = params(D)
    *_, loss_g = train_step(G, D, opt_G, opt_D, real, z, update_g=True, g_loss="least_squares")
    assert isinstance(loss_g, torch.Tensor) and loss_g.ndim == 0 and math.isfinite(loss_g.item())
    assert not same_params(G, g_before) and not same_params(D, d_before)
    assert all(p.requires_grad for p in D.parameters())  # g_step이 판별자 기울기를 다시 켜 둔다


def test_train_gan_with_least_squares_loss_records_finite_values():
    torch.manual_seed(0)
    G = Generator(z_dim=4, hidden=(16,), out_dim=1, out_activation=None)
    D = Discriminator(in_dim=1, hidden=(16,), dropout=0.0)
    history = train_gan(G, D, lambda n: sample_real_1d(n), epochs=2, batch_size=64, steps_per_epoch=20,
                        g_loss="least_squares", device="cpu", progress=False)
    assert history["epoch"] == [1, 2]
    for key in ("loss_D", "loss_G", "D_x", "D_G_z"):
        assert len(history[key]) == 2 and all(math.isfinite(v) for v in history[key]), key
    # 최소 제곱에서 D(x)는 점수를 0~1로 자른 값의 평균
    assert all(0 <= v <= 1 for v in history["D_x"] + history["D_G_z"])


# ---------------------------------------------------------------- playground: 목표 분포
def test_make_target_builds_each_named_target():
    ring = make_target("ring")
    assert ring.is_mixture and ring.centers.shape == (8, 2) and torch.allclose(ring.stds, torch.full((8,), 0.05))
    assert ring.extent == pytest.approx(2 + 3 * 0.05 + 0.75, abs=1e-5)  # 가장 바깥 봉우리 + 3σ + 여백
    grid = make_target("grid")
    assert grid.centers.shape == (25, 2) and grid.extent == pytest.approx(4 + 3 * 0.05 + 0.75, abs=1e-5)
    for name in ("moons", "spiral"):
        target = make_target(name)
        assert not target.is_mixture and target.centers is None
        points = target.sample(5000, torch.Generator().manual_seed(0))
        # 그림의 평면(±extent) 밖으로 나가는 점은 거의 없다 (두 달의 끝은 노이즈 전에 ±3까지 간다)
        assert points.shape == (5000, 2) and (points.abs() <= target.extent).all(dim=1).float().mean() > 0.998
    x = ring.sample(4000, torch.Generator().manual_seed(0))
    assert x.shape == (4000, 2) and mode_quality(x, ring.centers, 0.05)["modes"] == 8


def test_make_target_custom_takes_one_std_or_one_per_centre():
    one = make_target("custom", centers=[(0, 0), (2, 1)], stds=0.1)
    assert one.centers.shape == (2, 2) and torch.allclose(one.stds, torch.tensor([0.1, 0.1]))
    assert one.extent == pytest.approx(2 + 0.3 + 0.75, abs=1e-5)
    each = make_target("custom", centers=[(0, 0), (2, 1)], stds=[0.1, 0.4])
    assert torch.allclose(each.stds, torch.tensor([0.1, 0.4]))
    x = each.sample(20_000, torch.Generator().manual_seed(0))
    near_second = x[(x - torch.tensor([2.0, 1.0])).norm(dim=1) < 2.0]
    assert near_second.std(0).mean().item() == pytest.approx(0.4, rel=0.05)  # 두 번째 봉우리는 자기 std로
    small = make_target("custom", centers=[(0.1, 0.1)], stds=0.1)
    assert small.extent == 2.0  # 너무 작은 평면은 2로 넓힌다


@pytest.mark.parametrize("kwargs, word", [
    (dict(name="star"), "name"),
    (dict(name="custom"), "centers"),  # 중심 없이
    (dict(name="custom", centers=[(0, 0), (1, 1)], stds=[0.1, 0.2, 0.3]), "stds"),
    (dict(name="custom", centers=[(0, 0), (1, 1)], stds=[0.1, -0.2]), "stds"),
    (dict(name="custom", centers=[(0, 0)], stds=0.0), "stds"),
])
def test_make_target_rejects_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word) as info:
        make_target(**kwargs)
    assert has_hangul(info.value)


# ---------------------------------------------------------------- playground: 학습과 설정
def test_new_playground_records_step_zero():
    pg = Playground("ring", seed=0)
    assert pg.steps == 0 and pg.g_updates == 0 and pg.phase == "D"
    assert pg.history["step"] == [0] and all(len(v) == 1 for v in pg.history.values())
    assert pg.history["modes"] == [0] and pg.history["kl"][0] > 10  # 처음 생성자는 원점 근처에 뭉쳐 있다
    assert math.isnan(pg.history["loss_D"][0])  # 아직 학습 전
    assert 0.01 < pg.kl_floor < 0.2
    assert pg.summary().startswith("0단계 | 덮은 봉우리 0/8") and "| KL " in pg.summary()


def test_train_advances_steps_and_generator_updates_follow_k():
    pg = Playground("ring", seed=0)
    pg.train(50)
    assert pg.steps == 50 and pg.g_updates == 50 and pg.history["step"] == [0, 50]
    assert all(math.isfinite(pg.history[key][-1]) for key in ("loss_D", "loss_G", "D_x", "D_G_z", "kl"))
    pg.set(k=2)
    pg.train(50)
    assert pg.steps == 100 and pg.g_updates == 75  # k=2: 50단계 중 25번만 생성자
    pg.train(5, record=False)
    assert pg.steps == 105 and pg.history["step"] == [0, 50, 100]
    slow = Playground("ring", seed=0, k=2)
    slow.train(50)
    assert slow.g_updates == 25


def test_same_seed_same_history_and_other_seed_differs():
    """수업에서 '같은 시드면 같은 그림'을 약속하므로: 놀이터는 전역 난수가 아닌 자기 생성기로 배치를 뽑는다."""
    runs = []
    for seed in (0, 0, 1):
        pg = Playground("ring", seed=seed)
        pg.train(30)
        pg.train(30)
        runs.append(pg)
    for key in runs[0].history:  # 같은 시드: 모든 숫자가 같다 (0단계의 손실은 둘 다 NaN)
        np.testing.assert_array_equal(runs[0].history[key], runs[1].history[key], err_msg=key)
    assert np.array_equal(runs[0].fake_samples().numpy(), runs[1].fake_samples().numpy())
    assert runs[0].history["kl"] != runs[2].history["kl"]
    assert runs[0].history["loss_D"][1:] != runs[2].history["loss_D"][1:]


def test_live_settings_change_the_optimizers_without_restarting():
    pg = Playground("ring", seed=0)
    pg.train(10)
    G_before = pg.G
    pg.set(lr_g=3e-4, lr_d=2e-3, loss="least_squares")
    assert pg.steps == 10 and pg.G is G_before and pg.history["step"] == [0, 10]
    assert [g["lr"] for g in pg.opt_G.param_groups] == [3e-4]
    assert [g["lr"] for g in pg.opt_D.param_groups] == [2e-3]
    pg.train(10)  # 최소 제곱으로 이어서
    assert pg.steps == 20 and math.isfinite(pg.latest["loss_D"])


def test_structural_settings_rebuild_the_networks():
    pg = Playground("ring", seed=0)
    pg.train(10)
    pg.set(z_dim=4)
    assert pg.steps == 0 and pg.G.z_dim == 4 and pg.G[0].in_features == 4 and pg.history["step"] == [0]
    pg.set(pack=4, d_hidden=(32, 32))
    assert pg.D.pack == 4 and pg.D[0].in_features == 8 and pg.D[0].out_features == 32
    pg.train(3)
    assert pg.steps == 3


def test_bad_settings_are_rejected():
    pg = Playground("ring", seed=0)
    with pytest.raises(ValueError, match="배수"):
        pg.set(batch_size=250, pack=4)
    # 거절된 변경은 하나도 남지 않는다: 설정과 네트워크가 어긋나지 않고, 다음 변경도 받는다
    assert (pg.settings.batch_size, pg.settings.pack, pg.D.pack) == (256, 1, 1)
    with pytest.raises(ValueError):
        pg.set(lr_g=2e-3, k="x")
    assert pg.settings.lr_g == 1e-3 and pg.opt_G.param_groups[0]["lr"] == 1e-3
    pg.set(lr_g=1e-4)
    assert pg.opt_G.param_groups[0]["lr"] == 1e-4
    with pytest.raises(ValueError, match="알 수 없는 설정"):
        Playground("ring", seed=0).set(learning_rate=1e-3)
    with pytest.raises(ValueError, match="loss"):
        Playground("ring", seed=0).set(loss="wasserstein")
    with pytest.raises(ValueError, match="lr_g"):
        Playground("ring", seed=0, lr_g=0.0)
    with pytest.raises(ValueError, match="배수"):
        Playground("ring", seed=0, pack=3)  # 기본 배치 256은 3의 배수가 아니다


def test_slow_mode_moves_one_network_at_a_time():
    """느린 모드의 설명(위젯의 안내 문구)이 맞으려면 판별자 갱신은 G를, 생성자 갱신은 D를 건드리지 않아야 한다."""
    pg = Playground("ring", seed=0)
    g0, d0 = params(pg.G), params(pg.D)
    pg.d_update()
    assert same_params(pg.G, g0) and not same_params(pg.D, d0)
    assert pg.phase == "G" and pg.steps == 0 and pg.history["step"] == [0]  # 단계는 생성자 갱신에서 센다
    assert math.isfinite(pg.last["loss_D"]) and math.isnan(pg.last["loss_G"])
    d1 = params(pg.D)
    pg.g_update()
    assert same_params(pg.D, d1) and not same_params(pg.G, g0)
    assert pg.phase == "D" and pg.steps == 1 and pg.g_updates == 1 and pg.history["step"] == [0, 1]
    assert math.isfinite(pg.last["loss_G"])


def test_snapshot_has_the_documented_shapes_and_values():
    pg = Playground("ring", seed=0, n_show=200)
    pg.train(20)
    snap = pg.snapshot()
    assert snap["real"].shape == (200, 2) and snap["fake"].shape == (200, 2)
    assert snap["heat"].shape == (80, 80) and 0 <= snap["heat"].min() and snap["heat"].max() <= 1
    assert snap["arrows_at"].shape == (90, 2) and snap["arrows"].shape == (90, 2)
    assert snap["warped"].shape == (2, 15, 40, 2)
    assert snap["steps"] == 20 and snap["row"]["step"] == 20 and snap["centers"].shape == (8, 2)
    assert snap["extent"] == pytest.approx(pg.target.extent)
    np.testing.assert_array_equal(snap["fake"], pg.fake_samples(pg.z_show).numpy())
    # 열지도의 [행 i, 열 j]는 점 (x = ticks[j], y = ticks[i]) (imshow origin='lower'의 순서)
    ticks = torch.linspace(-pg.target.extent, pg.target.extent, 80)
    with torch.no_grad():
        for i, j in ((5, 70), (70, 5), (40, 12)):
            expected = torch.sigmoid(pg.D(torch.stack([ticks[j], ticks[i]]).unsqueeze(0))).item()
            assert snap["heat"][i, j] == pytest.approx(expected, abs=1e-5)
    # 화살표는 가짜 점에서 생성자 손실을 줄이는 방향 (-기울기)
    at = torch.tensor(snap["arrows_at"], requires_grad=True)
    (grad,) = torch.autograd.grad(generator_loss(pg.D(at)), at)
    np.testing.assert_allclose(snap["arrows"], -grad.numpy(), rtol=1e-5, atol=1e-9)
    # 잠재 격자의 상: warped[0, i, j] = G(z₁ = t_j, z₂ = s_i), t와 s는 -2~2
    z = torch.tensor([[torch.linspace(-2, 2, 40)[7].item(), torch.linspace(-2, 2, 15)[3].item()]])
    np.testing.assert_allclose(snap["warped"][0, 3, 7], pg.fake_samples(z)[0].numpy(), atol=1e-6)


def test_snapshot_with_a_one_dimensional_latent_space():
    # 잠재 벡터가 하나면 격자 대신 직선 하나의 상을 그린다 (위젯의 '잠재 벡터 차원' 목록에 1이 있다)
    pg = Playground("ring", seed=0, z_dim=1)
    warped = pg.snapshot()["warped"]
    assert warped.shape == (2, 15, 40, 2) and np.isfinite(warped).all()


def test_custom_target_rejects_centres_that_are_not_2d_points():
    for centers in ([(0, 0, 0), (1, 1, 1)], [], [(0.0, float("nan"))]):
        with pytest.raises(ValueError, match="centers"):
            make_target("custom", centers=centers)


def test_snapshot_with_a_packed_discriminator_keeps_whole_packs():
    pg = Playground("ring", seed=0, pack=4)
    snap = pg.snapshot()
    assert snap["arrows_at"].shape == (88, 2) and snap["arrows"].shape == (88, 2)  # 90을 4의 배수로
    assert snap["heat"].shape == (80, 80)


def test_run_returns_a_frame_per_chunk_including_the_start():
    pg = Playground("ring", seed=0)
    frames = pg.run(steps=40, every=20)
    assert len(frames) == 3 and [f["steps"] for f in frames] == [0, 20, 40]
    assert pg.history["step"] == [0, 20, 40]
    assert not np.array_equal(frames[0]["fake"], frames[2]["fake"])


def test_short_training_on_the_ring_spreads_over_the_modes():
    """기본 설정 1,500단계: 시드 0~4에서 재 보면 덮은 봉우리 8개, KL 1.6~5.3, 고품질 44~68% (처음은 0개, KL 19.6, 0%)."""
    pg = Playground("ring", seed=0)
    start = dict(pg.latest)
    pg.train(1500)
    end = pg.latest
    assert start["modes"] == 0 and start["kl"] > 15
    assert end["modes"] >= 6, end
    assert end["kl"] < 8 and end["kl"] < start["kl"] / 2, end
    assert end["high_quality"] > 0.25, end


def test_compare_settings_collects_one_value_per_seed():
    results = compare_settings("ring", {"a": {}, "b": {"pack": 2}}, seeds=(0, 1), steps=30, progress=False)
    assert set(results) == {"a", "b"}
    for rows in results.values():
        assert set(rows) == {"modes", "high_quality", "kl", "seconds"}
        assert all(len(values) == 2 for values in rows.values())
        assert all(0 <= m <= 8 for m in rows["modes"]) and all(0 <= h <= 1 for h in rows["high_quality"])
        assert all(s > 0 for s in rows["seconds"])
    pg = Playground("ring", seed=1)
    pg.train(30)
    assert results["a"]["kl"][1] == pg.latest["kl"]  # 시드 1의 값은 같은 학습을 따로 한 값과 같다
    assert results["a"]["kl"] != results["b"]["kl"]


# ---------------------------------------------------------------- plots: PlaygroundFigure
def _pixel_box(ax, image):
    """축 ax가 그려진 자리를 image 배열의 (행, 열) 조각으로 (가장자리 1픽셀은 뺀다)."""
    x0, y0, x1, y1 = ax.bbox.extents
    height = image.shape[0]
    return slice(int(height - y1) + 1, int(height - y0) - 1), slice(int(x0) + 1, int(x1) - 1)


def test_playground_figure_draws_png_and_blits_only_the_plane():
    from gan_utils.plots import PlaygroundFigure
    pg = Playground("ring", seed=0)
    pg.train(20)
    fig = PlaygroundFigure(pg.target.extent, pg.target.centers.numpy(), dpi=60)
    png = fig.update(pg.snapshot(), pg.history, pg.kl_floor, curves=True).png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    first = fig.rgb()
    assert first.ndim == 3 and first.shape[2] == 3 and first.dtype == np.uint8 and first.shape[1] > first.shape[0]
    assert fig.label.get_text() == "20단계" and list(fig.lines["kl"].get_xdata()) == [0, 20]
    assert fig.floor.get_ydata()[0] == pytest.approx(pg.kl_floor)
    from PIL import Image
    with Image.open(io.BytesIO(fig.jpeg())) as im:  # 위젯이 쓰는 빠른 형식: 같은 크기의 JPEG
        assert im.format == "JPEG" and im.size == (first.shape[1], first.shape[0])

    pg.train(40)
    fig.update(pg.snapshot(), pg.history, pg.kl_floor, curves=False)
    second = fig.rgb()
    assert first.shape == second.shape
    plane = _pixel_box(fig.ax, first)
    assert (first[plane] != second[plane]).any(-1).mean() > 0.05  # 열지도와 점이 움직였다
    assert fig.label.get_text() == "60단계"
    # 곡선은 다시 그리지 않았다: 선의 값도, 곡선 축의 픽셀도 그대로
    assert list(fig.lines["kl"].get_xdata()) == [0, 20]
    for ax in fig.curve_axes:
        box = _pixel_box(ax, first)
        assert np.array_equal(first[box], second[box])

    fig.update(pg.snapshot(), pg.history, pg.kl_floor, curves=True)
    third = fig.rgb()
    assert list(fig.lines["kl"].get_xdata()) == [0, 20, 60]
    curves = [_pixel_box(ax, first) for ax in fig.curve_axes]
    assert any(not np.array_equal(second[box], third[box]) for box in curves)


def test_playground_figure_follows_a_change_in_the_number_of_arrows():
    from gan_utils.plots import PlaygroundFigure
    pg = Playground("ring", seed=0)
    fig = PlaygroundFigure(pg.target.extent, pg.target.centers.numpy(), dpi=50)
    fig.update(pg.snapshot(), pg.history, pg.kl_floor)
    assert fig.arrows.N == 90
    pg.set(pack=4)  # 묶음 4: 화살표 88개
    fig.update(pg.snapshot(), pg.history, pg.kl_floor, curves=False)
    from matplotlib.quiver import Quiver
    quivers = [c for c in fig.ax.collections if isinstance(c, Quiver)]
    assert fig.arrows.N == 88 and quivers == [fig.arrows]  # 옛 화살표는 지우고 새로 하나
    assert fig.png()[:4] == b"\x89PNG"
    moons = Playground("moons", seed=0)
    fig2 = PlaygroundFigure(moons.target.extent, None, dpi=50)  # 봉우리 중심이 없는 목표
    assert fig2.update(moons.snapshot(), moons.history, moons.kl_floor).rgb().dtype == np.uint8


# ---------------------------------------------------------------- widgets: playground_widget (프런트엔드 없이)
def _decoded(image_widget):
    """Image 위젯의 바이트를 실제로 열어 (형식, (너비, 높이)): 선언한 형식(png, jpeg)과 내용이 맞는지 보려고."""
    from PIL import Image
    with Image.open(io.BytesIO(bytes(image_widget.value))) as im:
        return im.format.lower(), im.size


def _new_threads(before):
    return [t for t in threading.enumerate() if t not in before and t.is_alive()]


def test_widget_starts_at_step_zero_and_slow_mode_alternates(ipywidgets):
    from gan_utils.widgets import playground_widget
    box = playground_widget("ring", seed=0, dpi=40)
    try:
        assert isinstance(box, ipywidgets.VBox)
        assert "0단계" in box.status.value and "덮은 봉우리 0/8" in box.status.value
        fmt, (width, height) = _decoded(box.image)
        assert fmt == box.image.format and width > height > 100 and box.frames() == 1
        box.slow.value = True
        d0 = params(box.pg.D)
        box.step_button.click()  # ① 판별자
        assert "판별자" in box.note.value and box.pg.steps == 0 and box.pg.phase == "G"
        assert not same_params(box.pg.D, d0)
        g0 = params(box.pg.G)
        box.step_button.click()  # ② 생성자
        assert "생성자" in box.note.value and box.pg.steps == 1 and box.pg.phase == "D"
        assert not same_params(box.pg.G, g0)
        assert "1단계" in box.status.value and box.frames() == 3
        box.slow.value = False
        box.controls["steps_per_frame"].value = 7
        box.step_button.click()
        assert box.pg.steps == 8 and box.note.value == ""
        box.reset_button.click()
        assert box.pg.steps == 0 and box.pg.history["step"] == [0] and "0단계" in box.status.value
    finally:
        box.stop()


def test_widget_play_trains_in_the_background_and_stops(ipywidgets):
    from gan_utils.widgets import playground_widget
    box = playground_widget("ring", seed=0, steps_per_frame=10, dpi=40)
    before = list(threading.enumerate())
    try:
        steps0, frames0, image0 = box.pg.steps, box.frames(), box.image.value
        box.play.value = True
        assert len(_new_threads(before)) == 1 and box.play.description.startswith("⏸")
        time.sleep(1.5)
        box.controls["lr_g"].value = 1e-4  # 재생 중에 바꾸면 옵티마이저가 바로 따른다
        assert box.pg.settings.lr_g == pytest.approx(1e-4)
        assert [g["lr"] for g in box.pg.opt_G.param_groups] == [pytest.approx(1e-4)]
        box.play.value = False
        assert box.pg.steps > steps0 and box.pg.steps % 10 == 0
        assert box.frames() > frames0 + 1 and bytes(box.image.value) != bytes(image0)
        assert _new_threads(before) == [] and box.play.description.startswith("▶")
        steps = box.pg.steps
        time.sleep(0.2)
        assert box.pg.steps == steps  # 멈춘 뒤에는 더 학습하지 않는다
        assert f"{steps}단계" in box.status.value
    finally:
        box.stop()
    assert _new_threads(before) == []


def test_widget_target_change_builds_a_new_playground(ipywidgets):
    from gan_utils.widgets import playground_widget
    box = playground_widget("ring", seed=0, dpi=40)
    try:
        box.controls["lr_d"].value = 1e-4
        old = box.pg
        box.controls["target"].value = "moons"
        assert box.pg is not old and box.pg.target.name == "moons" and not box.pg.target.is_mixture
        assert box.pg.steps == 0 and box.pg.settings.lr_d == pytest.approx(1e-4)  # 설정은 물려받는다
        assert "0단계" in box.status.value and "봉우리" not in box.status.value
        box.step_button.click()
        assert box.pg.steps == 20
        box.controls["pack"].value = 4
        assert box.pg.D.pack == 4 and box.pg.steps == 0  # 구조를 바꾸면 새 네트워크
    finally:
        box.stop()


def test_mode_quality_uses_each_modes_own_std():
    # 봉우리마다 퍼짐이 다르면 3σ도 봉우리마다: (0.5, 0)은 σ 0.1인 봉우리의 3σ(0.3) 밖, (7.5, 0)은 σ 1인 봉우리의 3σ 안
    centers = [(0.0, 0.0), (5.0, 0.0)]
    points = np.array([(0.5, 0.0), (7.5, 0.0), (0.2, 0.0), (5.0, 2.9)])
    q = mode_quality(points, centers, [0.1, 1.0], min_fraction=0.2)
    assert q["high_quality"] == pytest.approx(0.75) and q["per_mode"].tolist() == [0.25, 0.5] and q["modes"] == 2
    with pytest.raises(ValueError, match="std"):
        mode_quality(points, centers, [0.1, 0.2, 0.3])


def test_playground_device_is_an_explicit_parameter():
    # "auto"는 키트의 다른 곳처럼 CUDA → MPS → CPU (이 CI에는 GPU가 없으므로 CPU), 모르는 장치는 한국어로 거절
    from gan_utils.device import get_device
    expected = get_device("auto").type
    pg = Playground("ring", seed=0, device="auto", n_show=50)
    pg.train(2)
    assert pg.device.type == expected and next(pg.G.parameters()).device.type == expected
    assert pg.snapshot()["fake"].shape == (50, 2)
    with pytest.raises(ValueError, match="device"):
        Playground("ring", device="gpu")
