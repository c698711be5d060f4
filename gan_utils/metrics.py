"""지표: 두 분포가 얼마나 다른지 재는 KL 발산과 JS 발산.

히스토그램 KL (수업에서 흔히 쓰는 추정):
    진짜 표본의 최솟값~최댓값을 ``bins``개 칸으로 나누고, 두 표본을 같은 칸에 세어 각각
    표본 수로 나눈 뒤 (작은 eps를 더해) KL(p_real ‖ p_fake) = Σ p log(p / q) 를 계산한다.

이 추정에는 '바닥값(noise floor)'이 있다: 같은 정규분포에서 뽑은 두 표본끼리도 칸마다 개수가
우연히 달라서 0이 나오지 않는다. 100칸 기준으로 10,000 대 10,000개면 약 0.015, 1,000 대
1,000개면 약 0.2이다. 그러니 1,000개로는 수렴했는지 알 수 없고, 바닥값의 두세 배 안에 들면
'구분할 수 없을 만큼 가깝다'고 읽는다. ``kl_noise_floor``로 직접 잴 수 있다.
"""
import math

import numpy as np
import torch


def _as_1d_numpy(x, name):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if x.size < 2:
        raise ValueError(f"{name}에는 표본이 2개 이상 있어야 합니다 (받은 개수: {x.size}).")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name}에 NaN이나 무한대가 있습니다. 학습이 발산했는지 확인하세요.")
    return x


def kl_divergence(p, q, eps=1e-10):
    """이산 확률 벡터 p, q의 KL(p ‖ q) = Σ p log(p/q) (자연로그, 단위 nat)."""
    p = np.asarray(p, dtype=np.float64) + eps
    q = np.asarray(q, dtype=np.float64) + eps
    return float(np.sum(p * np.log(p / q)))


def js_divergence(p, q, eps=1e-10):
    """이산 확률 벡터 p, q의 JS 발산 = ½KL(p‖m) + ½KL(q‖m), m = (p+q)/2. 0 이상 log 2 이하."""
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    m = (p + q) / 2
    return 0.5 * kl_divergence(p, m, eps) + 0.5 * kl_divergence(q, m, eps)


def _shared_histograms(real, fake, bins):
    real, fake = _as_1d_numpy(real, "real"), _as_1d_numpy(fake, "fake")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 2:
        raise ValueError(f"bins는 2 이상의 정수여야 합니다 (받은 값: {bins!r}).")
    edges = np.linspace(real.min(), real.max(), bins + 1)
    # 진짜 범위 밖으로 나간 가짜 표본은 어느 칸에도 들지 않지만 분모(전체 개수)에는 남아 벌점이 된다.
    p = np.histogram(real, edges)[0] / real.size
    q = np.histogram(fake, edges)[0] / fake.size
    return p, q


def kl_divergence_hist(real, fake, bins=100, eps=1e-10):
    """두 1차원 표본의 히스토그램 KL(p_real ‖ p_fake). 칸은 진짜 표본의 범위에서 정한다."""
    p, q = _shared_histograms(real, fake, bins)
    return kl_divergence(p, q, eps)


def js_divergence_hist(real, fake, bins=100, eps=1e-10):
    """두 1차원 표본의 히스토그램 JS 발산 (칸은 kl_divergence_hist와 같다)."""
    p, q = _shared_histograms(real, fake, bins)
    return js_divergence(p, q, eps)


def kl_normal(mean_p, std_p, mean_q, std_q):
    """두 정규분포의 KL(N(mean_p, std_p²) ‖ N(mean_q, std_q²)), 닫힌 식."""
    if not (std_p > 0 and std_q > 0):
        raise ValueError(f"표준편차는 0보다 커야 합니다 (받은 값: {std_p}, {std_q}).")
    return math.log(std_q / std_p) + (std_p ** 2 + (mean_p - mean_q) ** 2) / (2 * std_q ** 2) - 0.5


def kl_gaussian_fit(real, fake):
    """두 표본에 각각 정규분포를 맞춘 뒤(평균, 표준편차) 닫힌 식으로 KL(real ‖ fake)를 구한다.

    칸 나누기에서 오는 잡음이 없지만, 분포가 정규분포라는 가정이 틀리면(봉우리 둘 등) 틀린 답을 준다.
    """
    real, fake = _as_1d_numpy(real, "real"), _as_1d_numpy(fake, "fake")
    return kl_normal(real.mean(), real.std(), fake.mean(), fake.std())


def normal_pdf(x, mean=0.0, std=1.0):
    """정규분포의 확률 밀도 함수. numpy 배열과 torch 텐서 모두 받는다."""
    lib = torch if isinstance(x, torch.Tensor) else np
    return lib.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


def kl_noise_floor(n_real=10_000, n_fake=10_000, bins=100, trials=5, seed=0):
    """같은 표준정규분포에서 뽑은 두 표본의 히스토그램 KL 평균: 이 추정이 낼 수 있는 바닥값."""
    rng = np.random.default_rng(seed)
    values = [kl_divergence_hist(rng.standard_normal(n_real), rng.standard_normal(n_fake), bins)
              for _ in range(trials)]
    return float(np.mean(values))


# ---------------------------------------------------------------- 3강: 모드 덮기, 판별자의 기울기
def mode_coverage(samples, centers, radius):
    """봉우리마다 그 근처(중심에서 ``radius`` 안)에 떨어진 표본의 비율을 튜플로 돌려준다.

    모드 붕괴를 눈이 아니라 숫자로 재는 방법이다. 봉우리 두 개를 반씩 덮는 생성자는 (0.5, 0.5)에
    가깝고(반지름이 표준편차의 2배면 정규분포의 95%가 안에 들어 약 0.48씩), 한 봉우리만 따라가는
    생성자는 (1, 0)에 가깝다. 어느 봉우리에도 들지 않은 비율은 ``1 - sum(결과)``이다.

    Parameters
    ----------
    samples : (N,) 또는 (N, 1) 텐서나 배열
    centers : 봉우리 중심들 (예: (-2.0, 2.0))
    radius : 중심에서 이 거리 안이면 그 봉우리를 덮은 것으로 센다 (예: 표준편차의 2배)
    """
    x = _as_1d_numpy(samples, "samples")
    centers = np.asarray(centers, dtype=np.float64).reshape(-1)
    if centers.size == 0:
        raise ValueError("centers에 봉우리 중심이 하나 이상 있어야 합니다.")
    if not radius > 0:
        raise ValueError(f"radius는 0보다 커야 합니다 (받은 값: {radius!r}).")
    return tuple(float(np.mean(np.abs(x - c) <= radius)) for c in centers)


def discriminator_slope(D, x):
    """점 x들에서 판별자 로짓의 기울기 d 로짓 / dx를 numpy 배열 (N,)로 돌려준다 (1차원 입력용).

    생성자가 판별자에게서 '듣는' 방향이다. 비포화 생성자 손실 -log D(G(z))의 x에 대한 기울기는
    -(1 - D(x)) · (d 로짓 / dx)이므로, 경사 하강은 가짜 표본을 이 기울기의 부호 쪽으로 민다
    (양수면 오른쪽, 음수면 왼쪽). 판별자의 가중치는 바꾸지 않고 가중치의 .grad에도 쌓지 않는다.
    """
    param = next(D.parameters())
    x = torch.as_tensor(_as_1d_numpy(x, "x"), dtype=param.dtype, device=param.device).unsqueeze(1)
    x.requires_grad_(True)
    was_training = D.training
    D.eval()
    try:
        with torch.enable_grad():
            (grad,) = torch.autograd.grad(D(x).sum(), x)
    finally:
        D.train(was_training)
    return grad.detach().cpu().numpy().reshape(-1).astype(np.float64)
