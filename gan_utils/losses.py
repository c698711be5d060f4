"""손실 함수: 판별자 손실, 생성자 손실(포화형/비포화형), 가치 함수 V(D,G), 최적 판별자 D*.

모두 판별자의 로짓을 받는다. log(sigmoid(l)) = -softplus(-l), log(1 - sigmoid(l)) = -softplus(l)
이라는 항등식 덕분에 D(x)가 0이나 1에 붙어도 값과 기울기가 유한하게 남는다
(PyTorch의 BCEWithLogitsLoss가 쓰는 방법과 같다).

    V(D, G) = E_x[log D(x)] + E_z[log(1 - D(G(z)))]
    판별자 손실 = -V  (레이블 진짜=1, 가짜=0 인 이진 교차 엔트로피 두 개의 합)
"""
import torch
import torch.nn.functional as F

from .validate import check_real

GENERATOR_LOSS_KINDS = ("non_saturating", "saturating", "least_squares")
DISCRIMINATOR_LOSS_KINDS = ("bce", "least_squares")


def discriminator_loss(real_logits, fake_logits, real_target=1.0, kind="bce"):
    """판별자 손실 = BCE(D(x), real_target) + BCE(D(G(z)), 0).

    kind='least_squares'면 최소 제곱 GAN(LSGAN, Mao et al. 2017)의 판별자 손실
    ½·E[(D(x) - real_target)²] + ½·E[D(G(z))²]이다. 이때 D의 출력은 로짓이 아니라 점수 그 자체다
    (시그모이드를 거치지 않는다): 경계에서 멀리 떨어진 표본도 제곱 오차만큼 계속 벌을 받는다.

    real_target=0.9 로 두면 한쪽 레이블 스무딩(one-sided label smoothing)이 된다: 진짜 쪽 목표만 낮추고
    가짜의 목표는 늘 0이다. real_target이 1이면 이 값은 정확히 -V(D, G)이다.
    """
    check_target(real_target, "real_target")
    _check_logits(real_logits, "real_logits")
    _check_logits(fake_logits, "fake_logits")
    if kind == "least_squares":
        return 0.5 * ((real_logits - real_target) ** 2).mean() + 0.5 * (fake_logits ** 2).mean()
    if kind != "bce":
        raise ValueError(f"판별자 손실 종류 kind는 {DISCRIMINATOR_LOSS_KINDS} 중 하나여야 합니다 (받은 값: {kind!r}).")
    real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.full_like(real_logits, real_target))
    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real_loss + fake_loss


def generator_loss(fake_logits, kind="non_saturating"):
    """생성자 손실.

    - 'non_saturating': -E[log D(G(z))]. 가짜에 '진짜(1)' 레이블을 붙인 BCE와 같다. 학습 초반에
      판별자가 가짜를 자신 있게 거절해도 기울기가 살아 있어 실제로 쓰는 형태.
    - 'saturating': E[log(1 - D(G(z)))] (미니맥스 식 그대로, 생성자는 이것을 최소화).
      D(G(z))가 0 근처일 때 판별자 로짓에 대한 기울기가 거의 0이 되어 학습이 멈춘다
      (D에 대한 기울기는 -1 근처지만, 생성자의 기울기는 로짓을 거쳐 흐른다).
    - 'least_squares': ½·E[(D(G(z)) - 1)²] (LSGAN). 판별자 손실도 kind='least_squares'와 짝으로 쓴다.
    """
    _check_logits(fake_logits, "fake_logits")
    if kind == "non_saturating":
        return F.softplus(-fake_logits).mean()
    if kind == "saturating":
        return -F.softplus(fake_logits).mean()
    if kind == "least_squares":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    raise ValueError(f"생성자 손실 종류 kind는 {GENERATOR_LOSS_KINDS} 중 하나여야 합니다 (받은 값: {kind!r}).")


def discriminator_loss_kind(g_loss):
    """생성자 손실 종류에 짝이 되는 판별자 손실 종류: 최소 제곱이면 'least_squares', 아니면 'bce'."""
    return "least_squares" if g_loss == "least_squares" else "bce"


def discriminator_score(outputs, kind="bce"):
    """판별자 출력을 '진짜 같은 정도' 0~1로: BCE면 sigmoid(로짓), 최소 제곱이면 점수를 0~1로 자른 값."""
    return outputs.clamp(0, 1) if kind == "least_squares" else torch.sigmoid(outputs)


def value_function(real_logits, fake_logits):
    """미니맥스 가치 함수 V(D,G) = E[log D(x)] + E[log(1 - D(G(z)))] 의 표본 평균."""
    return -F.softplus(-real_logits).mean() - F.softplus(fake_logits).mean()


def optimal_discriminator(p_data, p_g, real_target=1.0):
    """밀도를 알 때의 최적 판별자 D*(x) = real_target · p_data / (p_data + p_g).

    real_target=1이면 논문의 식 그대로이고, 0.9처럼 레이블 스무딩을 하면 D*의 최댓값이 0.9로
    눌린다 (가짜 목표는 0일 때). 두 밀도가 모두 0인 곳은 정의되지 않으므로 real_target/2로 둔다.
    torch 텐서와 numpy 배열 모두 받는다.
    """
    check_target(real_target, "real_target")
    total = p_data + p_g
    safe = total + (total == 0)  # 0/0 대신 0/1
    d_star = real_target * p_data / safe
    return d_star + (total == 0) * (real_target / 2)


def _check_logits(logits, name):
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        got = f"{logits.dtype} 텐서" if isinstance(logits, torch.Tensor) else type(logits).__name__
        raise TypeError(f"{name}은(는) 판별자가 낸 로짓의 실수 텐서여야 합니다 (받은 값: {got}). "
                        "확률이나 numpy 배열이 아니라 D(x)의 출력을 그대로 넘기세요.")


def check_target(value, name):
    """목표 레이블은 0~1 사이의 확률이어야 한다. 아니면 이름과 받은 값을 말하는 ValueError."""
    check_real(value, name, 0.0, 1.0, rule="0과 1 사이의 확률")
