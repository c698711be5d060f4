"""2강(미니맥스 손실)의 계산과 정적 그림: 판별자 출력 한 쌍의 V와 손실, 두 정규분포 사이의 최적 판별자와 V,
두 생성자 손실(포화형/비포화형)의 기울기.

계산은 gan_utils.losses를 그대로 쓴다 (로짓을 받는 손실을 확률 → 로짓으로 바꿔 부른다). 그래서 슬라이더와 그림이
보여 주는 값이 3강·4강의 학습 루프가 쓰는 손실과 같다. 슬라이더는 ``widgets.loss_sliders``와 ``widgets.minimax_sliders``가
이 함수들로 만든다. matplotlib은 그림 함수 안에서만 가져온다.
"""
import math

import numpy as np
import torch

from .counterfeit import log_normal_pdf
from .losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .metrics import js_divergence, normal_pdf
from .validate import check_int, check_real

PROBABILITY = "0과 1 사이(양 끝 제외)의 확률"  # 로짓이 유한하려면 0과 1은 안 된다

LOG4 = math.log(4.0)  # V의 최솟값은 -log 4 (p_g = p_data이고 D = 1/2일 때)


# ---------------------------------------------------------------- 2강: 미니맥스 계산 (순수 함수)
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
        check_real(p, name, 0.0, 1.0, low_open=True, high_open=True, rule=PROBABILITY)
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
    check_real(g_mean, "생성자 분포의 평균 g_mean")
    check_real(g_std, "생성자 분포의 표준편차 g_std", 0.0, low_open=True)
    check_real(data_mean, "진짜 분포의 평균 data_mean")
    check_real(data_std, "진짜 분포의 표준편차 data_std", 0.0, low_open=True)
    check_int(n_grid, "n_grid", low=101)
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
    lp, lq = log_normal_pdf(x, data_mean, data_std), log_normal_pdf(x, g_mean, g_std)
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


def generator_loss_slopes(d_fake):
    """두 생성자 손실의 기울기를 두 가지 변수로 잰다: 확률 D(G(z))와 판별자의 로짓 l (D = sigmoid(l)).

    ``gan_utils.losses.generator_loss``를 autograd로 미분한다. 확률 → 로짓 → 손실로 이어지는 계산을
    한 번 역전파해, 확률에 대한 기울기와 로짓에 대한 기울기를 함께 읽는다 (표본마다의 값).

    Parameters
    ----------
    d_fake : float 또는 배열
        판별자가 가짜에 준 확률 D(G(z)), 0과 1 사이 (양 끝 제외).

    Returns
    -------
    dict
        ``dD_saturating``: d/dD log(1 - D) = -1/(1 - D) (D ≈ 0에서 약 -1: D에 대해서는 평평하지 않다),
        ``dlogit_saturating``: d/dl log(1 - sigmoid(l)) = -D (D ≈ 0에서 0으로 사라진다),
        ``dD_non_saturating``: d/dD (-log D) = -1/D,
        ``dlogit_non_saturating``: d/dl (-log sigmoid(l)) = -(1 - D) (D ≈ 0에서 약 -1).
        d_fake가 숫자 하나면 값은 float, 배열이면 같은 모양의 numpy 배열이다.
    """
    values = np.asarray(d_fake, dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)) or not np.all((values > 0) & (values < 1)):
        raise ValueError(f"d_fake는 {PROBABILITY}이어야 합니다 (받은 값: {d_fake!r}).")
    out = {}
    for kind in ("saturating", "non_saturating"):
        p = torch.tensor(values.reshape(-1), dtype=torch.float64, requires_grad=True)
        logit = torch.logit(p)
        logit.retain_grad()
        # generator_loss는 배치 평균이므로 표본 수를 곱해 표본 하나하나의 기울기를 얻는다
        (generator_loss(logit, kind) * p.numel()).backward()
        for name, grad in (("dD", p.grad), ("dlogit", logit.grad)):
            grad = grad.numpy().reshape(values.shape)
            out[f"{name}_{kind}"] = float(grad) if values.ndim == 0 else grad
    return out


# ---------------------------------------------------------------- 그림 (정적)
def plot_minimax_terms(d_real, d_fake, axes=None):
    """D(x), D(G(z)) 한 쌍에서의 생성자 손실 곡선 위치와 V·손실 막대그래프를 그린다.

    왼쪽 그림에는 현재 D(G(z))에서 두 손실 곡선의 접선을 짧게 긋고, 그 기울기(D(G(z))로 미분한 값)를 범례에 적는다.
    """
    import matplotlib.pyplot as plt
    terms = minimax_terms(d_real, d_fake)
    slopes = generator_loss_slopes(d_fake)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_curve, ax_bar = axes
    p = np.linspace(0.001, 0.999, 500)
    ax_curve.plot(p, np.log(1 - p), label="포화형 log(1 - D(G(z)))")
    ax_curve.plot(p, -np.log(p), label="비포화형 -log D(G(z))")
    for color, kind in (("C0", "saturating"), ("C1", "non_saturating")):
        y0, slope = terms[f"loss_G_{kind}"], slopes[f"dD_{kind}"]
        half = min(0.2, 1.5 / abs(slope))  # 접선은 짧게: 가로로 0.2 또는 세로로 1.5까지
        xt = np.clip(np.array([d_fake - half, d_fake + half]), 0.0, 1.0)
        # 곡선이 거의 곧은 곳에서는 접선이 곡선과 겹치므로, 곡선보다 굵은 점선으로 그려 겹쳐도 보이게 한다
        ax_curve.plot(xt, y0 + slope * (xt - d_fake), color=color, linestyle=":", linewidth=4, zorder=3,
                      label=f"접선의 기울기 {slope:.2f}")
        ax_curve.plot([d_fake], [y0], "o", color=color)
    ax_curve.set_xlabel("D(G(z)) = 가짜를 진짜라고 볼 확률")
    ax_curve.set_ylabel("생성자 손실")
    ax_curve.set_title("생성자 손실 곡선 위의 현재 위치")
    ax_curve.legend(loc="upper right")
    names = ["V", "판별자 손실", "생성자 손실\n(포화형)", "생성자 손실\n(비포화형)"]
    values = [terms["V"], terms["loss_D"], terms["loss_G_saturating"], terms["loss_G_non_saturating"]]
    bars = ax_bar.bar(names, values, color=["gray", "C3", "C0", "C1"])
    ax_bar.bar_label(bars, fmt="%.3f", padding=2)
    low, high = min(values + [0.0]), max(values + [0.0])
    pad = 0.18 * (high - low)  # 막대 끝의 숫자가 테두리나 눈금 글자에 닿지 않도록 위아래에 여유를 둔다
    ax_bar.set_ylim(low - pad, high + pad)
    ax_bar.axhline(0, color="black", linewidth=0.8)
    ax_bar.set_xlabel("항목")
    ax_bar.set_ylabel("값")
    ax_bar.set_title(f"D(x) = {d_real:.2f}, D(G(z)) = {d_fake:.2f}일 때")
    return axes


def plot_generator_loss_slopes(d_mark=0.01, early=0.1, axes=None):
    """포화형과 비포화형 생성자 손실을 두 가지 가로축으로 그린다 (2×2 그림).

    윗줄은 가로축이 확률 D(G(z)), 아랫줄은 판별자의 로짓 l (D(G(z)) = sigmoid(l))이다.
    왼쪽은 손실, 오른쪽은 그 가로축 변수로 미분한 기울기(``generator_loss_slopes``)이다.
    D(G(z)) < early인 학습 초반 구간을 칠하고, D(G(z)) = d_mark인 곳에 세로 점선을 긋는다.
    네 칸이 같은 색을 쓰므로 범례는 그림 위에 하나만 둔다 (슬라이드에서도 읽히도록).
    돌려주는 값: 2×2 축 배열 (axes[0] = 확률 기준, axes[1] = 로짓 기준).
    """
    import matplotlib.pyplot as plt
    for name, value in (("d_mark", d_mark), ("early", early)):
        check_real(value, name, 0.0, 1.0, low_open=True, high_open=True, rule=PROBABILITY)
    if axes is None:
        _, axes = plt.subplots(2, 2, figsize=(13, 7))
    axes = np.asarray(axes)
    p = np.linspace(0.001, 0.999, 999)
    logits = np.linspace(-7.0, 7.0, 701)
    p_of_logit = 1.0 / (1.0 + np.exp(-logits))
    by_p, by_logit = generator_loss_slopes(p), generator_loss_slopes(p_of_logit)
    losses = {"saturating": lambda q: np.log(1 - q), "non_saturating": lambda q: -np.log(q)}
    labels = {"saturating": "포화형 log(1 - D(G(z)))", "non_saturating": "비포화형 -log D(G(z))"}
    rows = [  # (가로축 값, 그 점의 확률, 기울기, 가로축 이름, 학습 초반의 경계, 표시할 점)
        (p, p, {k: by_p[f"dD_{k}"] for k in losses}, "D(G(z)) = 가짜를 진짜라고 볼 확률", early, d_mark, "D(G(z))"),
        (logits, p_of_logit, {k: by_logit[f"dlogit_{k}"] for k in losses}, "판별자의 로짓 l  (D(G(z)) = sigmoid(l))",
         math.log(early / (1 - early)), math.log(d_mark / (1 - d_mark)), "로짓 l"),
    ]
    for (ax_loss, ax_grad), (xv, prob, slopes, xlabel, edge, mark, var) in zip(axes, rows):
        for ax in (ax_loss, ax_grad):
            ax.axvspan(xv[0], edge, color="orange", alpha=0.15, label="학습 초반 (판별자가 가짜를 자신 있게 거절)")
            ax.axvline(mark, color="gray", linestyle=":", label=f"D(G(z)) = {d_mark:g}")
            ax.set_xlabel(xlabel)
        for color, kind in (("C0", "saturating"), ("C1", "non_saturating")):
            ax_loss.plot(xv, losses[kind](prob), color=color, label=labels[kind])
            ax_grad.plot(xv, slopes[kind], color=color, label=labels[kind].split(" ")[0])
        ax_loss.set_ylabel("생성자 손실")
        ax_loss.set_title(f"두 생성자 손실을 {var}의 함수로 보면")
        ax_grad.axhline(0, color="black", linewidth=0.8)
        ax_grad.axhline(-1, color="gray", linewidth=0.8, linestyle="--")
        ax_grad.set_ylabel("기울기")  # 무엇으로 미분했는지는 제목에
    axes[0, 1].set_ylim(-12, 0.5)
    axes[0, 1].set_title("D(G(z))로 미분:\nD가 0 근처면 포화형 약 -1, 비포화형 -1/D")
    axes[1, 1].set_ylim(-1.1, 0.1)
    axes[1, 1].set_title("로짓으로 미분 (생성자에게 가는 쪽):\n초반에 포화형 약 0")
    handles, names = axes[0, 0].get_legend_handles_labels()  # 칠한 구간, 점선, 두 손실 (네 칸 모두 같은 색)
    axes[0, 0].figure.legend(handles, names, loc="outside upper center", ncol=len(names), frameon=False)
    return axes


def plot_minimax_1d(result, ax=None, title=None, legend=True):
    """``minimax_1d``의 결과를 그린다: 두 밀도와 D*를 한 축에, V와 JS 발산 값을 위쪽에 적는다.

    밀도는 두 밀도 중 가장 높은 값이 1이 되도록 같은 비율로 줄여서 D*(0~1)와 한 축에 놓는다
    (두 밀도의 상대적인 높이는 그대로이므로 D* = p_data / (p_data + p_g)를 눈으로 읽을 수 있다).
    legend=False면 범례를 그리지 않는다 (여러 칸을 나란히 그릴 때 그림 위에 범례 하나를 두도록).
    """
    import matplotlib.pyplot as plt
    ax = ax or plt.subplots(figsize=(6.5, 3.8))[1]
    x = result["x"]
    keep = (result["p_data"] + result["p_g"]) > 1e-4  # 두 밀도가 모두 거의 0인 먼 꼬리는 그리지 않는다
    scale = max(result["p_data"].max(), result["p_g"].max())
    ax.plot(x[keep], result["p_data"][keep] / scale, "k--", label="진짜 분포 p_data")
    ax.plot(x[keep], result["p_g"][keep] / scale, "g-", label="생성자 분포 p_g")
    ax.plot(x[keep], result["d_star"][keep], "b:", linewidth=2.5, label="최적 판별자 D*(x)")
    ax.set_ylim(-0.02, 1.5 if legend else 1.42)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("x (표본 값)")
    ax.set_ylabel("D*(x) / 밀도 (비율을 맞춤)")
    if legend:
        ax.legend(loc="upper center", ncol=3, handlelength=1.5, columnspacing=1.0)
    text = (f"V(D*, G) = {result['V']:.4f},  JSD = {result['jsd']:.4f}\n"
            f"-log 4 + 2·JSD = {result['V_theory']:.4f}")
    ax.text(0.5, 0.8 if legend else 0.86, text, transform=ax.transAxes, fontsize="medium", ha="center", va="center")
    ax.set_title(title or "두 분포와 최적 판별자 D*")
    return ax
