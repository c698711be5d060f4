"""지표: 두 분포가 얼마나 다른지 재는 KL 발산과 JS 발산, 모드 붕괴를 재는 봉우리 덮기, MNIST 표본의 품질.

히스토그램 KL (수업에서 흔히 쓰는 추정):
    진짜 표본의 최솟값~최댓값을 ``bins``개 칸으로 나누고, 두 표본을 같은 칸에 세어 각각
    표본 수로 나눈 뒤 (작은 eps를 더해) KL(p_real ‖ p_fake) = Σ p log(p / q) 를 계산한다.

이 추정에는 '바닥값(noise floor)'이 있다: 같은 정규분포에서 뽑은 두 표본끼리도 칸마다 개수가
우연히 달라서 0이 나오지 않는다. 100칸 기준으로 10,000 대 10,000개면 약 0.02, 1,000 대
1,000개면 약 0.2~0.3이다. 그러니 1,000개로는 수렴했는지 알 수 없고, 바닥값의 두세 배 안에 들면
'구분할 수 없을 만큼 가깝다'고 읽는다. ``kl_noise_floor``로 직접 잴 수 있다.

반대쪽 끝에는 '천장'이 있다: 가짜 표본이 하나도 없는 칸의 항은 p·log(p/eps)이므로, 그런 칸에 놓인
진짜 확률의 합을 m이라 하면 KL ≈ m·log(1/eps) + (eps와 거의 무관한 항)이다 (``uncovered_mass``가 m을 잰다).
두 표본이 겹치지 않으면 m = 1이고, 값은 두 분포가 얼마나 떨어졌는지와 상관없이 log(1/eps)에서 진짜
히스토그램의 엔트로피를 뺀 값(eps = 1e-10, 100칸이면 약 19)이 된다. 이때 값이 말해 주는 것은 거리가 아니라 eps다.

방향: ``kl_divergence_hist(real, fake)``는 KL(p_real ‖ p_fake)다. 진짜가 있는데 가짜가 없는 곳(봉우리를
빠뜨린 생성자)을 크게 벌하고, 진짜가 없는 곳에 새어 나간 가짜에는 너그럽다. 인자를 바꾼
``kl_divergence_hist(fake, real)``는 반대 방향 KL(p_fake ‖ p_real)이다 (칸은 첫 인자의 범위).
"""
import math

import numpy as np
import torch

from .classifier import extract_features, load_classifier, predict_proba
from .data import load_mnist, sample_noise
from .train import generate
from .validate import check_int, check_real


def _as_1d_numpy(x, name):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if x.size < 2:
        raise ValueError(f"{name}에는 표본이 2개 이상 있어야 합니다 (받은 개수: {x.size}).")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name}에 NaN이나 무한대가 있습니다. 학습이 발산했는지 확인하세요.")
    return x


def _as_points(x, name):
    """표본을 (N, d) numpy 배열로. (N,) 1차원 표본은 (N, 1)이 된다."""
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    x = np.asarray(x, dtype=np.float64)
    x = x.reshape(-1, 1) if x.ndim <= 1 else x.reshape(len(x), -1)
    _as_1d_numpy(x, name)  # 개수와 NaN 검사
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
    real, fake = _as_points(real, "real"), _as_points(fake, "fake")
    check_int(bins, "bins", low=2)
    if real.shape[1] != fake.shape[1]:
        raise ValueError(f"real과 fake의 차원이 다릅니다 ({real.shape[1]} 대 {fake.shape[1]}).")
    # 축마다 진짜 표본의 범위를 bins칸으로 (2차원이면 bins × bins 칸)
    edges = [np.linspace(real[:, i].min(), real[:, i].max(), bins + 1) for i in range(real.shape[1])]
    # 진짜 범위 밖으로 나간 가짜 표본은 어느 칸에도 들지 않지만 분모(전체 개수)에는 남아 벌점이 된다.
    p = np.histogramdd(real, edges)[0].ravel() / len(real)
    q = np.histogramdd(fake, edges)[0].ravel() / len(fake)
    return p, q


def kl_divergence_hist(real, fake, bins=100, eps=1e-10):
    """두 표본의 히스토그램 KL(p_real ‖ p_fake). 칸은 진짜 표본(첫 인자)의 범위에서 정한다.

    1차원 표본 (N,) 또는 (N, 1)이면 bins칸, 2차원 표본 (N, 2)이면 축마다 bins칸인 bins × bins 격자다.

    빈 칸 때문에 p와 q에 eps를 더한다. 가짜 표본이 없는 칸에 놓인 진짜 확률 m(``uncovered_mass``)만큼
    값에 m·log(1/eps)가 들어가므로, 두 표본이 겹치지 않을 때의 큰 값은 거리가 아니라 eps가 정한다.
    """
    p, q = _shared_histograms(real, fake, bins)
    return kl_divergence(p, q, eps)


def js_divergence_hist(real, fake, bins=100, eps=1e-10):
    """두 표본의 히스토그램 JS 발산 (칸은 kl_divergence_hist와 같다)."""
    p, q = _shared_histograms(real, fake, bins)
    return js_divergence(p, q, eps)


def kl_normal(mean_p, std_p, mean_q, std_q):
    """두 정규분포의 KL(N(mean_p, std_p²) ‖ N(mean_q, std_q²)), 닫힌 식."""
    check_real(std_p, "표준편차 std_p", 0.0, low_open=True)
    check_real(std_q, "표준편차 std_q", 0.0, low_open=True)
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


def kl_noise_floor(n_real=10_000, n_fake=10_000, bins=100, trials=5, seed=0, sampler=None):
    """같은 분포에서 뽑은 두 표본의 히스토그램 KL 평균: 이 추정이 낼 수 있는 바닥값.

    sampler가 없으면 표준정규분포다. 2차원 목표처럼 다른 분포의 바닥값을 재려면
    sampler(n, generator) -> (n, d) 텐서를 준다 (바닥값은 분포 모양과 칸 수에 따라 달라진다).
    """
    rng = np.random.default_rng(seed)
    if sampler is None:
        values = [kl_divergence_hist(rng.standard_normal(n_real), rng.standard_normal(n_fake), bins)
                  for _ in range(trials)]
    else:
        gen = torch.Generator().manual_seed(seed)
        values = [kl_divergence_hist(sampler(n_real, gen), sampler(n_fake, gen), bins) for _ in range(trials)]
    return float(np.mean(values))


def uncovered_mass(real, fake, bins=100):
    """진짜 확률 가운데 가짜 표본이 하나도 없는 칸에 놓인 몫 m (0~1). 칸은 ``kl_divergence_hist``와 같다.

    그 칸들에서 히스토그램 KL의 항은 p·log(p/eps)라서, eps를 eps1에서 eps2로 바꾸면 KL이
    m·log(eps1/eps2)만큼 바뀐다. m = 1이면 두 표본이 전혀 겹치지 않고, KL 값은 거리가 아니라 eps가 정한다.
    인자를 바꿔 ``uncovered_mass(fake, real)``로 부르면, 진짜 표본이 없는 칸(가짜 표본의 범위로 나눈 칸)에
    떨어진 가짜 표본의 비율이 된다.
    """
    p, q = _shared_histograms(real, fake, bins)
    return float(p[q == 0].sum())


# ---------------------------------------------------------------- 3강: 모드 덮기, 판별자의 기울기
def mode_coverage(samples, centers, radius):
    """봉우리마다 그 근처(중심에서 ``radius`` 안)에 떨어진 표본의 비율을 튜플로 돌려준다.

    모드 붕괴를 눈이 아니라 숫자로 재는 방법이다. 봉우리 두 개를 반씩 덮는 생성자는 (0.5, 0.5)에
    가깝고(반지름이 표준편차의 2배면 정규분포의 95%가 안에 들어 약 0.48씩), 한 봉우리만 따라가는
    생성자는 (1, 0)에 가깝다. 어느 봉우리에도 들지 않은 비율은 ``1 - sum(결과)``이다.

    Parameters
    ----------
    samples : (N,), (N, 1) 또는 (N, d) 텐서나 배열
    centers : 봉우리 중심들 (예: 1차원 (-2.0, 2.0), 2차원 (K, 2))
    radius : 중심에서 이 거리(유클리드) 안이면 그 봉우리를 덮은 것으로 센다 (예: 표준편차의 2배)
    """
    x = _as_points(samples, "samples")
    centers = _as_centers(centers, x.shape[1])
    check_real(radius, "radius", 0.0, low_open=True)
    distances = np.linalg.norm(x[:, None, :] - centers[None, :, :], axis=2)
    return tuple(float(v) for v in np.mean(distances <= radius, axis=0))


def mode_quality(samples, centers, std, n_sigma=3.0, min_fraction=0.01):
    """혼합 분포 목표에서 모드 붕괴를 재는 두 숫자. VEEGAN(Srivastava et al. 2017)이 8개 고리와 5×5 격자에서 쓰고
    PacGAN(Lin et al. 2018)이 이어 쓴 측정이다 (8개 고리는 Metz et al. 2017이 모드 붕괴를 보인 그림의 목표).

    - 고품질 표본: 가장 가까운 봉우리 중심에서 그 봉우리 표준편차의 n_sigma배(기본 3σ) 안에 떨어진 표본.
      그 비율이 high_quality. std는 한 값(모든 봉우리에 같이) 또는 봉우리마다 하나.
    - 덮은 봉우리: 고품질 표본 가운데 그 봉우리에 떨어진 것이 전체 표본의 min_fraction(기본 1%) 이상인 봉우리.
      표본 몇 개가 우연히 지나가는 것을 '덮었다'고 세지 않으려고 이 키트가 정한 문턱이다.

    돌려주는 dict: modes(덮은 봉우리 수), n_modes(전체 봉우리 수), high_quality(0~1),
    per_mode(봉우리마다 그 봉우리의 고품질 표본 비율, 합은 high_quality).
    """
    x = _as_points(samples, "samples")
    centers = _as_centers(centers, x.shape[1])
    stds = np.asarray(std.detach().cpu() if isinstance(std, torch.Tensor) else std, dtype=np.float64).reshape(-1)
    if stds.size == 1:
        stds = np.full(len(centers), float(stds[0]))
    if stds.size != len(centers) or not np.all(np.isfinite(stds)) or not np.all(stds > 0):
        raise ValueError(f"std는 양수 하나이거나 봉우리마다 하나씩({len(centers)}개)이어야 합니다 (받은 값: {stds.tolist()}).")
    check_real(n_sigma, "n_sigma", 0.0, low_open=True)
    check_real(min_fraction, "min_fraction", 0.0, 1.0, low_open=True)
    distances = np.linalg.norm(x[:, None, :] - centers[None, :, :], axis=2)
    nearest = distances.argmin(axis=1)
    good = distances[np.arange(len(x)), nearest] <= n_sigma * stds[nearest]
    per_mode = np.bincount(nearest[good], minlength=len(centers)) / len(x)
    return {"modes": int((per_mode >= min_fraction).sum()), "n_modes": len(centers),
            "high_quality": float(good.mean()), "per_mode": per_mode}


def _as_centers(centers, dim):
    centers = np.asarray(centers, dtype=np.float64)
    centers = centers.reshape(-1, 1) if centers.ndim <= 1 else centers
    if centers.size == 0:
        raise ValueError("centers에 봉우리 중심이 하나 이상 있어야 합니다.")
    if centers.shape[1] != dim:
        raise ValueError(f"centers의 차원({centers.shape[1]})이 표본의 차원({dim})과 다릅니다.")
    return centers


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


# ---------------------------------------------------------------- 4강: 생성된 이미지의 품질
# 아래 함수들은 이미지를 (N, 784), [-1, 1] 범위로 받는다 (생성자의 tanh 출력과 같은 꼴).
def check_images(images, name="images"):
    """이미지 텐서의 모양과 범위를 확인하고 CPU float32 (N, 784)로 돌려준다. 흔한 실수는 설명한다."""
    if not isinstance(images, torch.Tensor):
        images = torch.as_tensor(np.asarray(images), dtype=torch.float32)
    images = images.detach().float().cpu()
    if images.ndim >= 2 and tuple(images.shape[-2:]) == (28, 28):
        images = images.reshape(images.shape[0], -1)  # (N, 28, 28)이나 (N, 1, 28, 28)도 받아 준다
    if images.ndim != 2 or images.shape[1] != 784:
        raise ValueError(f"{name}은(는) (N, 784) 모양이어야 합니다 (받은 모양: {tuple(images.shape)}). "
                         "28×28 그림이라면 images.reshape(len(images), 784)로 펴세요.")
    if images.shape[0] == 0:
        raise ValueError(f"{name}에 이미지가 한 장도 없습니다.")
    if not torch.isfinite(images).all():
        raise ValueError(f"{name}에 NaN이나 무한대가 있습니다. 학습이 발산했는지 확인하세요.")
    low, high = images.min().item(), images.max().item()
    if low < -1.001 or high > 1.001:
        hint = " 0~255 픽셀이라면 x / 127.5 - 1로 바꾸세요." if high > 1.5 else ""
        raise ValueError(f"{name}의 값은 [-1, 1] 범위여야 합니다 (받은 범위: {low:.3g} ~ {high:.3g}).{hint}")
    return images


def class_coverage(images, classifier, min_fraction=0.02):
    """분류기가 읽은 클래스의 분포로 모드 붕괴를 잰다.

    돌려주는 dict: fractions (클래스별 비율, 길이 10), classes_covered (비율이 min_fraction 이상인
    클래스 수), kl_class_uniform (균등 분포 1/10에서 얼마나 먼지: 0이면 고르게, log 10 ≈ 2.30이면
    한 클래스만), mean_confidence (가장 높은 클래스 확률의 평균: 또렷한 그림일수록 1에 가깝다).
    """
    probs = predict_proba(classifier, check_images(images))
    counts = torch.bincount(probs.argmax(1), minlength=probs.shape[1]).double()
    fractions = (counts / counts.sum()).numpy()
    uniform = np.full_like(fractions, 1.0 / len(fractions))
    return {"fractions": fractions,
            "classes_covered": int((fractions >= min_fraction).sum()),
            "kl_class_uniform": kl_divergence(fractions, uniform),
            "mean_confidence": probs.max(1).values.mean().item()}


def frechet_distance(features_a, features_b):
    """두 특징 묶음 (N, d)를 각각 정규분포로 보고 잰 프레셰 거리 (FID와 같은 식).

    ‖μa - μb‖² + Tr(Σa + Σb - 2 (Σa^½ Σb Σa^½)^½). 같은 분포면 0에 가깝다 (표본 수에 따른 바닥값이 있다).
    """
    a = torch.as_tensor(features_a, dtype=torch.float64).reshape(len(features_a), -1)
    b = torch.as_tensor(features_b, dtype=torch.float64).reshape(len(features_b), -1)
    if a.shape[1] != b.shape[1] or len(a) < 2 or len(b) < 2:
        raise ValueError(f"두 특징 묶음 features_a, features_b는 (N, d) 모양에 d가 같고 N이 2 이상이어야 합니다 "
                         f"(받은 모양: {tuple(a.shape)}, {tuple(b.shape)}).")
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = torch.cov(a.T), torch.cov(b.T)
    # (Σa Σb)^½의 대각합 = 대칭 행렬 Σa^½ Σb Σa^½의 고윳값 제곱근의 합 (scipy 없이 계산)
    vals, vecs = torch.linalg.eigh(cov_a)
    sqrt_a = vecs @ torch.diag(vals.clamp(min=0).sqrt()) @ vecs.T
    cross = torch.linalg.eigvalsh(sqrt_a @ cov_b @ sqrt_a).clamp(min=0).sqrt().sum()
    return float(((mu_a - mu_b) ** 2).sum() + torch.trace(cov_a) + torch.trace(cov_b) - 2 * cross)


def fid_classifier(real_images, fake_images, classifier):
    """키트 분류기의 128차원 특징으로 잰 프레셰 거리 (Inception 대신 MNIST 분류기를 쓴 FID)."""
    return frechet_distance(extract_features(classifier, check_images(real_images, "real_images")),
                            extract_features(classifier, check_images(fake_images, "fake_images")))


# Goodfellow et al. (2014)의 파첸 창 평가: 픽셀을 [0, 1]로 두고, σ는 로그 격자에서 검증 이미지로 고른다.
PARZEN_SIGMAS = tuple(np.logspace(-1.0, 0.0, 10))


def parzen_log_likelihoods(samples, points, sigma, chunk=500):
    """표본마다 등방 가우시안(표준편차 sigma)을 얹은 밀도에서 points 각각의 로그 가능도 (nat).

    log p(x) = logsumexp_i(-‖x - s_i‖² / 2σ²) - log N - (d/2) log(2πσ²).
    samples (N, d), points (M, d)는 같은 척도여야 한다 (이미지라면 [0, 1]). sigma는 수 하나 또는 목록이며,
    결과는 (len(sigmas), M) 텐서다.
    """
    s = torch.as_tensor(samples, dtype=torch.float32)
    x = torch.as_tensor(points, dtype=torch.float32)
    if s.ndim != 2 or x.ndim != 2 or s.shape[1] != x.shape[1]:
        raise ValueError(f"samples와 points는 (N, d), (M, d) 모양이어야 합니다 "
                         f"(받은 모양: {tuple(s.shape)}, {tuple(x.shape)}).")
    sigmas = torch.as_tensor(np.atleast_1d(sigma), dtype=torch.float64)
    for value in np.atleast_1d(sigma).tolist():
        check_real(value, "sigma", 0.0, low_open=True, hint=f"; 넘긴 sigma: {sigma!r}" if np.ndim(sigma) else "")
    n, d = s.shape
    const = -math.log(n) - 0.5 * d * torch.log(2 * math.pi * sigmas ** 2)
    s_sq = (s ** 2).sum(1)
    out = torch.empty(len(sigmas), len(x), dtype=torch.float64)
    with torch.inference_mode():
        for start in range(0, len(x), chunk):
            xb = x[start:start + chunk]
            dist = ((xb ** 2).sum(1, keepdim=True) + s_sq - 2 * xb @ s.T).clamp_(min=0)  # (m, N)
            for j, sg in enumerate(sigmas.tolist()):
                out[j, start:start + chunk] = torch.logsumexp(dist / (-2 * sg * sg), dim=1).double() + const[j]
    return out


def parzen_log_likelihood(samples, test_images, valid_images, sigmas=PARZEN_SIGMAS):
    """Goodfellow et al. (2014) 표 1의 파첸 창 로그 가능도: (평균, 표준오차, 고른 σ).

    세 입력 모두 (N, 784) [-1, 1] 이미지이고 안에서 [0, 1]로 바꾼다. σ는 valid_images(학습에 쓴
    이미지 중 일부)의 평균 로그 가능도가 가장 큰 값으로 고르고, 그 σ로 test_images를 잰다.
    이 추정은 784차원에서 표본 1만 개로 밀도를 재므로 분산이 크고, 흐릿한 평균 그림이나 학습
    데이터를 외운 생성자에게도 높은 점수를 줄 수 있다 (Theis et al., 2016).
    """
    to01 = lambda t, name: (check_images(t, name) + 1) / 2  # noqa: E731
    s = to01(samples, "samples")
    valid_ll = parzen_log_likelihoods(s, to01(valid_images, "valid_images"), sigmas).mean(1)
    sigma = float(np.atleast_1d(sigmas)[int(valid_ll.argmax())])
    ll = parzen_log_likelihoods(s, to01(test_images, "test_images"), sigma)[0]
    return float(ll.mean()), float(ll.std() / math.sqrt(len(ll))), sigma


def evaluate_generator(G, dataset="mnist", n=10_000, data_dir=None, seed=0, parzen=True, classifier=None,
                       progress=False):
    """학습된 생성자를 키트의 방식으로 한꺼번에 잰다. 수치 이름 → 값의 dict를 돌려준다.

    - classes_covered, max_class_fraction, kl_class_uniform, mean_confidence: 분류기가 읽은 클래스 분포
    - fid_classifier: 테스트 이미지와 생성 이미지의 분류기 특징 프레셰 거리
    - fid_floor: 같은 수의 진짜 학습 이미지와 테스트 이미지 사이의 값 (진짜끼리도 0이 아니다)
    - parzen_ll, parzen_se, parzen_sigma: 테스트 이미지의 파첸 창 로그 가능도 (Goodfellow et al. 2014)
      σ는 학습 이미지의 마지막 10,000장(50,000번째부터; 키트의 사전 학습 생성자는 앞 50,000장으로만 학습)으로 고른다.
    """
    classifier = classifier or load_classifier(dataset)
    fake = generate(G, n, seed=seed).float().cpu()
    x_test, _ = load_mnist(dataset, train=False, data_dir=data_dir)
    x_train, _ = load_mnist(dataset, train=True, data_dir=data_dir)
    coverage = class_coverage(fake, classifier)
    figures = {"classes_covered": coverage["classes_covered"],
               "max_class_fraction": float(coverage["fractions"].max()),
               "kl_class_uniform": coverage["kl_class_uniform"],
               "mean_confidence": coverage["mean_confidence"],
               "fid_classifier": fid_classifier(x_test[:n], fake, classifier),
               "fid_floor": fid_classifier(x_test[:n], x_train[:n], classifier)}
    if parzen:
        ll, se, sigma = parzen_log_likelihood(fake, x_test[:n], x_train[50_000:50_000 + n])
        figures.update(parzen_ll=ll, parzen_se=se, parzen_sigma=sigma)
    return figures


def conditional_confusion(G, classifier, n_per_class=1000, seed=0):
    """조건부 생성자에게 클래스마다 n_per_class개를 그리게 하고, 키트의 분류기가 무엇으로 읽는지 센다.

    돌려주는 dict:
    - confusion (K, K): 행은 요청한 클래스, 열은 분류기가 읽은 클래스. 각 행은 합이 1인 비율이다.
    - accuracy (K,): 요청한 대로 읽힌 비율 (혼동 행렬의 대각선), confidence (K,): 그 클래스 표본들의
      가장 높은 클래스 확률의 평균 (또렷할수록 1)
    - images (K·n, 784)와 labels (K·n,): 만든 표본과 요청한 클래스 (클래스별 FID 등에 다시 쓴다)
    """
    num_classes = getattr(G, "num_classes", 0)
    if not num_classes:
        raise ValueError("conditional_confusion은 조건부 생성자(num_classes가 있는 생성자)에만 쓸 수 있습니다.")
    n_per_class = check_int(n_per_class, "n_per_class")
    labels = torch.arange(num_classes).repeat_interleave(n_per_class)
    images = generate(G, len(labels), seed=seed, labels=labels).float().cpu()
    probs = predict_proba(classifier, check_images(images))
    read = probs.argmax(1)
    counts = torch.zeros(num_classes, probs.shape[1], dtype=torch.float64)
    counts.index_put_((labels, read), torch.ones(len(labels), dtype=torch.float64), accumulate=True)
    confusion = (counts / n_per_class).numpy()
    confidence = probs.max(1).values.reshape(num_classes, n_per_class).mean(1).numpy()
    return {"confusion": confusion, "accuracy": np.diag(confusion).copy(), "confidence": confidence,
            "images": images, "labels": labels}


def per_class_fid(real_images, real_labels, fake_images, fake_labels, classifier):
    """클래스마다 그 클래스의 진짜 그림과 가짜 그림 사이의 분류기 특징 FID (길이 K의 배열).

    전체 FID는 '숫자 분포 전체'를 보지만, 조건부 생성자는 '7을 달라고 하면 진짜 7처럼 그리는가'가 궁금하다.
    """
    real_features = extract_features(classifier, check_images(real_images, "real_images"))
    fake_features = extract_features(classifier, check_images(fake_images, "fake_images"))
    real_labels, fake_labels = torch.as_tensor(real_labels), torch.as_tensor(fake_labels)
    return np.array([frechet_distance(real_features[real_labels == k], fake_features[fake_labels == k])
                     for k in range(int(fake_labels.max()) + 1)])


def conditional_figures(G, dataset="mnist", n_per_class=1000, data_dir=None, seed=0, classifier=None):
    """조건부 생성자의 수치를 명령줄(evaluate)이 한 줄에 하나씩 출력할 수 있는 이름 → 값으로.

    class_accuracy_k, class_confidence_k, fid_class_k (k = 0 ~ K-1), mean_/min_class_accuracy,
    min_class_confidence, mean_fid_per_class, confusion_row_k (요청 k일 때 읽힌 클래스 비율, 공백으로 구분).
    """
    classifier = classifier or load_classifier(dataset)
    result = conditional_confusion(G, classifier, n_per_class=n_per_class, seed=seed)
    x_test, y_test = load_mnist(dataset, train=False, data_dir=data_dir)
    fids = per_class_fid(x_test, y_test, result["images"], result["labels"], classifier)
    figures = {"mean_class_accuracy": float(result["accuracy"].mean()),
               "min_class_accuracy": float(result["accuracy"].min()),
               "min_class_confidence": float(result["confidence"].min()),
               "mean_fid_per_class": float(fids.mean())}
    for k, (acc, conf, fid) in enumerate(zip(result["accuracy"], result["confidence"], fids)):
        figures.update({f"class_accuracy_{k}": float(acc), f"class_confidence_{k}": float(conf),
                        f"fid_class_{k}": float(fid)})
    for k, row in enumerate(result["confusion"]):
        figures[f"confusion_row_{k}"] = " ".join(f"{v:.3f}" for v in row)
    return figures


def stroke_style(images):
    """그림마다 '쓰는 방식' 두 가지: 잉크 양(획의 굵기와 크기, 밝기 평균)과 기울기(세로로 내려갈 때 가로로 밀리는 정도).

    images (N, 784) [-1, 1] → (ink (N,), slant (N,)). 기울기는 밝기를 무게로 한 x와 y의 공분산 / y의 분산이다
    (0이면 똑바로, 양수면 아래쪽이 오른쪽으로 밀림).
    """
    w = (check_images(images).float().view(-1, 28, 28) + 1) / 2  # 잉크의 무게: 배경 0, 획 1
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    mass = w.sum((1, 2)).clamp_min(1e-6)
    cx, cy = (w * xs).sum((1, 2)) / mass, (w * ys).sum((1, 2)) / mass
    dx, dy = xs - cx[:, None, None], ys - cy[:, None, None]
    slant = (w * dx * dy).sum((1, 2)) / (w * dy * dy).sum((1, 2)).clamp_min(1e-6)
    return w.mean((1, 2)), slant


def style_consistency(G, n_z=300, seed=0):
    """조건부 생성자가 같은 z로 클래스만 바꿔 그릴 때 '쓰는 방식'이 이어지는지.

    z n_z개를 클래스마다 똑같이 써서 그리고, 잉크 양과 기울기(stroke_style)를 클래스 두 개씩 짝지어 z에 걸친
    상관계수로 잰다. 돌려주는 dict: ink, slant (모든 클래스 짝의 평균 상관), ink_shuffled, slant_shuffled
    (한 클래스의 z 순서를 섞어 짝을 깬 같은 값: 우연이면 이 정도라는 바닥, 0 근처).
    """
    num_classes = getattr(G, "num_classes", 0)
    if not num_classes:
        raise ValueError("style_consistency는 조건부 생성자(num_classes가 있는 생성자)에만 쓸 수 있습니다.")
    n_z = check_int(n_z, "n_z", low=3)
    gen = torch.Generator().manual_seed(seed)
    z = sample_noise(n_z, G.z_dim, G.noise, generator=gen)
    images = generate(G, z=z.repeat(num_classes, 1), labels=torch.arange(num_classes).repeat_interleave(n_z))
    ink, slant = (v.view(num_classes, n_z).cpu().double().numpy() for v in stroke_style(images.cpu()))
    pairs = np.triu_indices(num_classes, 1)
    shuffle = torch.randperm(n_z, generator=gen).numpy()
    result = {}
    for name, table in (("ink", ink), ("slant", slant)):
        result[name] = float(np.corrcoef(table)[pairs].mean())
        broken = table.copy()
        broken[0] = broken[0][shuffle]  # 클래스 0의 z 순서만 섞는다: 클래스 0과의 짝은 z가 서로 다르다
        result[f"{name}_shuffled"] = float(np.corrcoef(broken)[0, 1:].mean())
    return result


def nearest_neighbor_distances(queries, references, chunk=1000):
    """queries의 이미지마다 references에서 가장 가까운 이미지까지의 유클리드 거리(픽셀 [-1, 1])와 그 번호.

    외우기 점검에 쓴다: 생성 이미지의 최근접 거리가 학습에 쓰지 않은 진짜 이미지의 최근접 거리보다 훨씬 짧으면
    생성자가 학습 이미지를 베끼고 있다는 신호다. 돌려주는 값: (거리 (N,), 번호 (N,)) 텐서.
    """
    q = check_images(queries, "queries").float().cpu()
    r = check_images(references, "references").float().cpu()
    distances, indices = [], []
    for start in range(0, len(q), chunk):
        d = torch.cdist(q[start:start + chunk], r)  # (chunk, len(r))
        best = d.min(dim=1)
        distances.append(best.values)
        indices.append(best.indices)
    return torch.cat(distances), torch.cat(indices)


def latent_sensitivity(G, z, delta=2.0):
    """잠재 벡터의 좌표마다, 그 좌표 하나만 -delta에서 +delta로 옮길 때 그림이 평균 얼마나 바뀌는지 잰다.

    z: (B, z_dim) 기준 잠재 벡터들. 돌려주는 값: (z_dim,) 텐서, 픽셀([-1, 1])마다의 평균 절댓값 변화.
    가장 큰 좌표가 '움직이면 그림이 가장 많이 바뀌는 방향'이다 (4강의 잠재 공간 걷기에서 고를 때 쓴다).
    """
    if not isinstance(z, torch.Tensor) or z.ndim != 2 or z.shape[1] != G.z_dim:
        raise ValueError(f"z는 (B, {G.z_dim}) 모양의 텐서여야 합니다 (받은 값: {getattr(z, 'shape', type(z).__name__)}).")
    changes = torch.empty(G.z_dim)
    for dim in range(G.z_dim):
        low, high = z.clone(), z.clone()
        low[:, dim], high[:, dim] = -delta, delta
        changes[dim] = (generate(G, z=high) - generate(G, z=low)).abs().mean().item()
    return changes


def sample_diversity(images, max_images=500):
    """그림끼리의 평균 거리(픽셀 [-1, 1]의 유클리드 거리): 앞 max_images장의 모든 쌍을 평균 낸다.

    모드 붕괴를 분류기 없이 잰다: 생성자가 모든 z를 거의 같은 그림으로 보내면 이 값이 진짜 이미지끼리의 값보다 훨씬 작다.
    """
    x = check_images(images, "images")[:max_images]
    if len(x) < 2:
        raise ValueError(f"images에 그림이 두 장 이상 있어야 합니다 (받은 수: {len(x)}).")
    return torch.pdist(x).mean().item()
