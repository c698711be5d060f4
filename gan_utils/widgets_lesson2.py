"""2강(미니맥스 손실)의 슬라이더와 그 뒤에서 도는 계산. (임시 모듈: gan_utils/widgets.py에 합칠 예정)

계산 함수(``minimax_terms``, ``minimax_1d``)는 순수 함수라서 화면 없이 테스트할 수 있고,
그림 함수(``plot_minimax_terms``, ``plot_minimax_1d``)는 정적인 그림을, 슬라이더 함수
(``loss_sliders``, ``minimax_sliders``)는 같은 그림을 ipywidgets로 움직이게 만든다.
ipywidgets와 matplotlib은 함수를 부를 때 가져온다 (import만으로는 아무 일도 일어나지 않음).
"""
import math

import numpy as np
import torch

from .losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .metrics import js_divergence, normal_pdf

LOG4 = math.log(4.0)  # V의 최솟값은 -log 4 (p_g = p_data이고 D = 1/2일 때)


# ---------------------------------------------------------------- 계산 (순수 함수)
def minimax_terms(d_real, d_fake):
    """판별자의 두 출력 확률 D(x), D(G(z))에서 V, 손실, 생성자 기울기를 계산한다.

    Parameters
    ----------
    d_real : float
        진짜 표본에 대한 판별자 출력 D(x), 0과 1 사이 (양 끝 제외).
    d_fake : float
        가짜 표본에 대한 판별자 출력 D(G(z)), 0과 1 사이 (양 끝 제외).

    Returns
    -------
    dict
        ``V``: log D(x) + log(1 - D(G(z))),
        ``loss_D``: 판별자 손실 (= -V),
        ``loss_G_saturating``: log(1 - D(G(z))), ``loss_G_non_saturating``: -log D(G(z)),
        ``grad_saturating``, ``grad_non_saturating``: 각 생성자 손실을 판별자 로짓으로 미분한 값.
    """
    for name, p in (("d_real", d_real), ("d_fake", d_fake)):
        if not 0.0 < float(p) < 1.0:
            raise ValueError(f"{name}은(는) 0과 1 사이의 확률이어야 합니다 (양 끝 제외, 받은 값: {p!r}).")
    real_logit = torch.logit(torch.tensor([float(d_real)], dtype=torch.float64))
    out = {
        "V": value_function(real_logit, _logit(d_fake)).item(),
        "loss_D": discriminator_loss(real_logit, _logit(d_fake)).item(),
    }
    for kind in ("saturating", "non_saturating"):
        fake_logit = _logit(d_fake).requires_grad_(True)
        loss = generator_loss(fake_logit, kind)
        loss.backward()
        out[f"loss_G_{kind}"] = loss.item()
        out[f"grad_{kind}"] = fake_logit.grad.item()
    return out


def minimax_1d(g_mean, g_std, data_mean=4.0, data_std=1.25, real_target=1.0, n_grid=4001):
    """두 1차원 정규분포 p_data, p_g에서 최적 판별자 D*와 그때의 V, JS 발산, 손실을 격자 적분으로 구한다.

    Parameters
    ----------
    g_mean, g_std : float
        생성자 분포 p_g = N(g_mean, g_std²).
    data_mean, data_std : float
        진짜 데이터 분포 p_data = N(data_mean, data_std²).
    real_target : float
        판별자의 진짜 목표 레이블. 0.9면 레이블 스무딩을 한 D*가 나온다.
    n_grid : int
        적분 격자의 점 개수 (두 분포의 평균 ± 10 표준편차를 덮는다).

    Returns
    -------
    dict
        ``x``, ``p_data``, ``p_g``, ``d_star``: 격자와 그 위의 값 (numpy 배열),
        ``V``: V(D*, G) = ∫ p_data log D* + p_g log(1 - D*) dx,
        ``jsd``: JS 발산, ``V_theory``: -log 4 + 2·JSD (real_target=1일 때 V와 같아야 함),
        ``loss_D``: 목표 레이블(real_target, 0)을 쓴 판별자 BCE 손실,
        ``loss_G_saturating``: E_pg[log(1 - D*)], ``loss_G_non_saturating``: E_pg[-log D*].
    """
    if not (g_std > 0 and data_std > 0):
        raise ValueError(f"표준편차는 0보다 커야 합니다 (받은 값: g_std={g_std}, data_std={data_std}).")
    if isinstance(n_grid, bool) or not isinstance(n_grid, int) or n_grid < 101:
        raise ValueError(f"n_grid는 101 이상의 정수여야 합니다 (받은 값: {n_grid!r}).")
    lo = min(data_mean - 10 * data_std, g_mean - 10 * g_std)
    hi = max(data_mean + 10 * data_std, g_mean + 10 * g_std)
    x = np.linspace(lo, hi, n_grid)
    dx = x[1] - x[0]
    p_data, p_g = normal_pdf(x, data_mean, data_std), normal_pdf(x, g_mean, g_std)
    d_star = optimal_discriminator(p_data, p_g, real_target=real_target)
    jsd = js_divergence(p_data * dx, p_g * dx)  # 밀도 × 칸 너비 = 칸마다의 확률
    # log D*와 log(1 - D*)는 로그 밀도로 계산한다. 꼬리에서 D*가 부동소수점으로 정확히 1이 되면
    # log(1 - D*) = -inf가 되기 때문이다 (로짓을 받는 gan_utils.losses와 같은 이유).
    t = float(real_target)
    lp, lq = _normal_logpdf(x, data_mean, data_std), _normal_logpdf(x, g_mean, g_std)
    log_total = np.logaddexp(lp, lq)
    log_d = math.log(t) - log_total + lp if t > 0 else np.full_like(x, -np.inf)
    log_1md = (np.logaddexp(math.log(1 - t) + lp, lq) if t < 1 else lq) - log_total
    real_term, fake_term = np.sum(p_data * log_d) * dx, np.sum(p_g * log_1md) * dx
    return {
        "x": x, "p_data": p_data, "p_g": p_g, "d_star": d_star,
        "V": float(real_term + fake_term),
        "jsd": jsd,
        "V_theory": -LOG4 + 2 * jsd,
        "loss_D": float(-t * real_term - (1 - t) * np.sum(p_data * log_1md) * dx - fake_term),
        "loss_G_saturating": float(fake_term),
        "loss_G_non_saturating": float(-np.sum(p_g * log_d) * dx),
    }


def _logit(p):
    return torch.logit(torch.tensor([float(p)], dtype=torch.float64))


def _normal_logpdf(x, mean, std):
    return -0.5 * ((x - mean) / std) ** 2 - math.log(std * math.sqrt(2 * math.pi))


# ---------------------------------------------------------------- 그림 (정적)
def plot_minimax_terms(d_real, d_fake, axes=None):
    """D(x), D(G(z)) 한 쌍에서의 생성자 손실 곡선 위치와 V·손실 막대그래프를 그린다."""
    import matplotlib.pyplot as plt
    terms = minimax_terms(d_real, d_fake)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_curve, ax_bar = axes
    p = np.linspace(0.001, 0.999, 500)
    ax_curve.plot(p, np.log(1 - p), label="포화형 log(1 - D(G(z)))")
    ax_curve.plot(p, -np.log(p), label="비포화형 -log D(G(z))")
    ax_curve.plot([d_fake], [terms["loss_G_saturating"]], "o", color="C0")
    ax_curve.plot([d_fake], [terms["loss_G_non_saturating"]], "o", color="C1")
    ax_curve.set_xlabel("D(G(z)) = 가짜를 진짜라고 볼 확률")
    ax_curve.set_ylabel("생성자 손실")
    ax_curve.set_title("생성자 손실 곡선 위의 현재 위치")
    ax_curve.legend(loc="upper right")
    names = ["V", "판별자 손실", "생성자 손실\n(포화형)", "생성자 손실\n(비포화형)"]
    values = [terms["V"], terms["loss_D"], terms["loss_G_saturating"], terms["loss_G_non_saturating"]]
    bars = ax_bar.bar(names, values, color=["gray", "C3", "C0", "C1"])
    ax_bar.bar_label(bars, fmt="%.3f")
    ax_bar.axhline(0, color="black", linewidth=0.8)
    ax_bar.set_ylabel("값")
    ax_bar.set_title(f"D(x) = {d_real:.2f}, D(G(z)) = {d_fake:.2f}일 때")
    return axes


def plot_minimax_1d(result, ax=None, title=None):
    """``minimax_1d``의 결과를 그린다: 두 밀도(왼쪽 축)와 D*(오른쪽 축), V와 JS 발산 값."""
    import matplotlib.pyplot as plt
    ax = ax or plt.subplots(figsize=(6.5, 3.8))[1]
    x = result["x"]
    keep = (result["p_data"] + result["p_g"]) > 1e-4  # 두 밀도가 모두 거의 0인 먼 꼬리는 그리지 않는다
    ax.plot(x[keep], result["p_data"][keep], "k--", label="진짜 분포 p_data")
    ax.plot(x[keep], result["p_g"][keep], "g-", label="생성자 분포 p_g")
    ax.set_xlabel("x")
    ax.set_ylabel("밀도")
    ax.legend(loc="upper left", fontsize=8)
    ax2 = ax.twinx()
    ax2.plot(x[keep], result["d_star"][keep], "b:", linewidth=2, label="최적 판별자 D*(x)")
    ax2.set_ylim(-0.02, 1.02)
    ax2.set_ylabel("D*(x)")
    ax2.legend(loc="upper right", fontsize=8)
    text = (f"V(D*, G) = {result['V']:.4f}\nJSD = {result['jsd']:.4f}\n"
            f"-log 4 + 2·JSD = {result['V_theory']:.4f}")
    ax.text(0.02, 0.60, text, transform=ax.transAxes, fontsize=8, va="top",
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.8))
    ax.set_title(title or "두 분포와 최적 판별자 D*")
    return ax


# ---------------------------------------------------------------- 슬라이더 (ipywidgets)
def loss_sliders(d_real=0.8, d_fake=0.2):
    """D(x), D(G(z)) 슬라이더: 움직이면 V, 판별자 손실, 두 생성자 손실이 다시 그려진다."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def update(d_real, d_fake):
        plot_minimax_terms(d_real, d_fake)
        plt.tight_layout()
        plt.show()

    style = {"description_width": "initial"}
    return widgets.interactive(
        update,
        d_real=widgets.FloatSlider(value=d_real, min=0.01, max=0.99, step=0.01, description="D(x)", style=style),
        d_fake=widgets.FloatSlider(value=d_fake, min=0.01, max=0.99, step=0.01, description="D(G(z))",
                                   style=style),
    )


def minimax_sliders(data_mean=4.0, data_std=1.25, g_mean=1.0, g_std=0.8):
    """생성자 분포의 평균·표준편차와 진짜 목표 레이블 슬라이더: D*, V, JS 발산, 손실이 다시 계산된다."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def update(g_mean, g_std, real_target):
        result = minimax_1d(g_mean, g_std, data_mean, data_std, real_target=real_target)
        ax = plot_minimax_1d(result)
        ax.set_title(f"생성자 N({g_mean:.1f}, {g_std:.2f}²), 진짜 목표 레이블 {real_target:.2f}")
        plt.show()
        print(f"판별자 손실 {result['loss_D']:.4f}   생성자 손실: 포화형 {result['loss_G_saturating']:.4f}, "
              f"비포화형 {result['loss_G_non_saturating']:.4f}")

    style = {"description_width": "initial"}
    return widgets.interactive(
        update,
        g_mean=widgets.FloatSlider(value=g_mean, min=data_mean - 6, max=data_mean + 6, step=0.1,
                                   description="생성자 평균", style=style),
        g_std=widgets.FloatSlider(value=g_std, min=0.2, max=3.0, step=0.05, description="생성자 표준편차",
                                  style=style),
        real_target=widgets.FloatSlider(value=1.0, min=0.7, max=1.0, step=0.05, description="진짜 목표 레이블",
                                        style=style),
    )
