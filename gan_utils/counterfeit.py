"""1강(위조지폐범과 경찰)의 장난감 모형: 위조범의 분포와 경찰의 판정 규칙이 라운드마다 번갈아 나아진다.

신경망 없이 계산하는 순수 함수와, 그 결과를 그리는 정적 그림(``plot_rounds``)이 있다. 슬라이더와 버튼으로
움직이는 위젯은 ``widgets.simulation_widget``이 이 함수들로 만든다.

한 라운드의 규칙 (강의의 학습 순서와 같다):
  (1) 경찰(판별자)이 지금의 위폐를 보고 최적의 판정 규칙 D*(x) = p_진짜 / (p_진짜 + p_위폐)를 세운다.
  (2) 위조범(생성자)은 그 규칙을 고정해 두고, 자기 위폐가 받는 평균 log D(x)가 커지는 쪽으로
      평균과 표준편차를 한 걸음(learning_rate) 옮긴다 (비포화 생성자 손실의 기울기).
``simulate_rounds``가 라운드별 상태를 dict 목록으로 돌려주고, ``summarize_round``가 한 줄로 요약한다.
matplotlib은 그림 함수 안에서만 가져온다.
"""
import math

import numpy as np

from .losses import optimal_discriminator
from .metrics import normal_pdf
from .validate import check_int, check_real, is_int

MAX_LEARNING_RATE = 2.0  # 이보다 크면 한 걸음이 너무 커서 표준편차가 출렁이다 무너질 수 있다

# 위조범의 기댓값을 계산할 가우스-에르미트 적분 점 (표준정규분포에 대한 가중치, 합 1)
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(40)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def log_normal_pdf(x, mean, std):
    """정규분포 N(mean, std²)의 로그 밀도. 꼬리에서 밀도가 0으로 반올림되어도 유한하게 남는다."""
    return -0.5 * ((x - mean) / std) ** 2 - math.log(std * math.sqrt(2 * math.pi))


# ---------------------------------------------------------------- 경찰과 위조범 (순수 함수)
def police_rule(x, real_mean, real_std, fake_mean, fake_std):
    """경찰의 판정 곡선 D(x) = p_진짜(x) / (p_진짜(x) + p_위폐(x)) (위폐 분포를 알 때의 최적 판별자).

    losses.optimal_discriminator를 그대로 쓰되, 밀도의 비 p_위폐 / p_진짜를 로그 공간에서 계산해 넘긴다:
    두 밀도가 모두 0으로 반올림되는 먼 꼬리에서도 0/0 없이 맞는 극한(0 또는 1)이 나온다. numpy 배열을 돌려준다.
    D(x) ≥ 0.5인 곳이 경찰이 '진짜'라고 판정하는 구역이다.
    """
    _check_normal(real_mean, real_std, "real")
    _check_normal(fake_mean, fake_std, "fake")
    x = np.asarray(x, dtype=np.float64)
    log_ratio = log_normal_pdf(x, fake_mean, fake_std) - log_normal_pdf(x, real_mean, real_std)
    # 분자·분모를 p_진짜로 나눈 밀도 (1, p_위폐/p_진짜)를 최적 판별자 식에 넣는다: 식은 losses에 한 번만 있다
    return optimal_discriminator(np.ones_like(x), np.exp(np.clip(log_ratio, -700, 700)))


def police_accuracy(real_mean, real_std, fake_mean, fake_std, n_grid=4001):
    """경찰이 D(x) ≥ 0.5면 '진짜'라고 판정할 때의 성적을 dict로 돌려준다 (진짜와 위폐가 반반 섞여 올 때).

    real_pass: 진짜를 진짜로 통과시킨 비율, fake_pass: 위폐가 진짜로 통과된 비율 (위조범의 성공률),
    accuracy: 맞힌 비율 = (real_pass + (1 - fake_pass)) / 2. 두 분포가 같으면 0.5 (동전 던지기).
    """
    _check_normal(real_mean, real_std, "real")
    _check_normal(fake_mean, fake_std, "fake")
    check_int(n_grid, "n_grid", low=101)
    lo = min(real_mean - 8 * real_std, fake_mean - 8 * fake_std)
    hi = max(real_mean + 8 * real_std, fake_mean + 8 * fake_std)
    x = np.linspace(lo, hi, n_grid)
    says_real = police_rule(x, real_mean, real_std, fake_mean, fake_std) >= 0.5
    p_real, p_fake = normal_pdf(x, real_mean, real_std), normal_pdf(x, fake_mean, fake_std)
    dx = x[1] - x[0]  # 고른 격자라서 합 × 칸 너비로 적분한다
    real_pass = float(np.sum(p_real * says_real) * dx)
    fake_pass = float(np.sum(p_fake * says_real) * dx)
    return {"real_pass": real_pass, "fake_pass": fake_pass, "accuracy": (real_pass + 1.0 - fake_pass) / 2}


def counterfeiter_step(fake_mean, fake_std, real_mean, real_std, police_fake_mean, police_fake_std,
                       learning_rate=1.0):
    """위조범의 한 걸음: 경찰의 규칙(police_fake_*로 세운 D)을 고정하고 E[log D(위폐)]를 키운다.

    위폐 x = 평균 + 표준편차·ε (ε ~ N(0, 1))로 쓰고, d/dx log D(x) = (1 - D(x))·(d/dx log p_진짜 -
    d/dx log p_경찰이_본_위폐)를 ε에 대해 평균 내어 평균과 log 표준편차의 기울기를 얻는다.
    새 (fake_mean, fake_std)를 돌려준다.
    """
    _check_normal(fake_mean, fake_std, "fake")
    _check_normal(real_mean, real_std, "real")
    _check_normal(police_fake_mean, police_fake_std, "police_fake")
    _check_learning_rate(learning_rate)
    x = fake_mean + fake_std * _NODES
    d = police_rule(x, real_mean, real_std, police_fake_mean, police_fake_std)
    slope = (1.0 - d) * (-(x - real_mean) / real_std ** 2 + (x - police_fake_mean) / police_fake_std ** 2)
    grad_mean = float(np.sum(_WEIGHTS * slope))
    grad_log_std = float(np.sum(_WEIGHTS * slope * _NODES)) * fake_std
    return fake_mean + learning_rate * grad_mean, fake_std * math.exp(learning_rate * grad_log_std)


def simulate_rounds(n_rounds, real_mean=4.0, real_std=1.25, fake_mean=0.0, fake_std=0.5, learning_rate=1.0):
    """라운드 0부터 n_rounds까지의 상태를 dict 목록(길이 n_rounds + 1)으로 돌려준다.

    상태 r: 위조범이 r번 고친 뒤의 위폐 분포 N(fake_mean, fake_std²)와, 그 위폐를 보고 경찰이 세운
    판정 규칙의 성적(accuracy, real_pass, fake_pass). 다음 상태의 위폐는 이 규칙을 고정하고 한 걸음 옮긴 것이다.
    """
    check_int(n_rounds, "n_rounds", low=0)
    _check_normal(real_mean, real_std, "real")
    _check_normal(fake_mean, fake_std, "fake")
    _check_learning_rate(learning_rate)
    states = []
    for r in range(n_rounds + 1):
        # (1) 경찰: 지금의 위폐를 보고 판정 규칙을 세운다 (위조범은 고정)
        score = police_accuracy(real_mean, real_std, fake_mean, fake_std)
        states.append(dict(round=r, real_mean=real_mean, real_std=real_std,
                           fake_mean=fake_mean, fake_std=fake_std, **score))
        # (2) 위조범: 경찰의 규칙을 고정해 두고, 더 '진짜'라는 판정을 받는 쪽으로 위폐를 고친다
        fake_mean, fake_std = counterfeiter_step(fake_mean, fake_std, real_mean, real_std,
                                                 fake_mean, fake_std, learning_rate)
    return states


def summarize_round(state):
    """라운드 상태를 한 줄의 한국어 요약으로 바꾼다."""
    _check_state(state)
    return (f"라운드 {state['round']}: 위폐 분포 N({state['fake_mean']:.2f}, {state['fake_std']:.2f}²) "
            f"(진짜 N({state['real_mean']:.2f}, {state['real_std']:.2f}²)) | "
            f"경찰 정확도 {state['accuracy']:.1%} | 위폐 통과율 {state['fake_pass']:.1%}")


# ---------------------------------------------------------------- 그림 (정적)
def draw_round(state, ax, x_range, left_label=True, right_label=True):
    """한 라운드의 진짜 분포, 위폐 분포, 경찰의 D(x) 곡선과 '진짜' 판정 구역을 ax에 그린다.

    범례는 그리지 않고 (handles, labels)를 돌려준다: 여러 칸을 그린 그림이나 위젯이 범례 하나를 칸 밖에 둔다.
    """
    rm, rs, fm, fs = state["real_mean"], state["real_std"], state["fake_mean"], state["fake_std"]
    lo, hi = x_range or (min(rm - 4 * rs, fm - 4 * fs), max(rm + 4 * rs, fm + 4 * fs))
    x = np.linspace(lo, hi, 400)
    d = police_rule(x, rm, rs, fm, fs)
    ax.fill_between(x, 0, 1, where=d >= 0.5, transform=ax.get_xaxis_transform(),
                    color="tab:blue", alpha=0.15, label="경찰이 '진짜'로 판정하는 구역")
    ax.plot(x, normal_pdf(x, rm, rs), "k--", label="진짜 지폐 분포")
    ax.plot(x, normal_pdf(x, fm, fs), "g-", label="위조지폐 분포 (생성자)")
    ax.set_xlim(lo, hi)
    ax.set_xlabel("지폐의 특징 값 x")
    if left_label:
        ax.set_ylabel("밀도")
    ax.set_title(f"라운드 {state['round']}: 경찰 정확도 {state['accuracy']:.0%}")
    ax2 = ax.twinx()
    ax2.plot(x, d, "b:", label="경찰의 판정 곡선 D(x)")
    ax2.axhline(0.5, color="gray", linewidth=0.8, label="D(x) = 0.5 (판정이 바뀌는 곳)")
    ax2.set_ylim(0, 1.05)
    if right_label:
        ax2.set_ylabel("D(x) = 진짜일 확률")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    return h1 + h2, l1 + l2


def plot_rounds(states, rounds=(0, 2, 5, 10), figsize=None, ncols=2):
    """여러 라운드를 격자(한 줄에 ncols칸)로 그린 matplotlib Figure를 돌려준다 (위젯이 없는 환경용 정적 그림).

    칸마다 왼쪽(밀도)과 오른쪽(D(x)) 세로축이 있으므로, 한 줄에 두 칸씩 두어 이웃 칸의 눈금 글자가 붙지 않게 한다.
    """
    import matplotlib.pyplot as plt
    rounds = list(rounds)
    if not rounds:
        raise ValueError("rounds에 그릴 라운드 번호를 하나 이상 주세요 (받은 값: 빈 목록).")
    last = len(states) - 1
    bad = [r for r in rounds if not is_int(r) or not 0 <= r <= last]
    if bad:
        raise ValueError(f"rounds의 라운드 번호는 0부터 {last} 사이의 정수여야 합니다 (받은 값: {bad}).")
    x_range = rounds_range(states)
    ncols = max(1, min(ncols, len(rounds)))
    nrows = math.ceil(len(rounds) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (6.2 * ncols, 3.4 * nrows + 0.8), squeeze=False)
    for i, (ax, r) in enumerate(zip(axes.flat, rounds)):
        # 세로축 이름은 줄의 양 끝 그림에만 적어 이웃 그림과 겹치지 않게 한다
        handles, labels = draw_round(states[r], ax, x_range, left_label=(i % ncols == 0),
                                     right_label=(i % ncols == ncols - 1 or i == len(rounds) - 1))
    for ax in axes.flat[len(rounds):]:
        ax.axis("off")
    fig.legend(handles, labels, loc="outside lower center", ncol=3)  # 그림 아래 바깥: 칸을 가리지 않는다
    return fig


def rounds_range(states):
    """모든 라운드를 같은 가로축에 그릴 범위: 라운드를 넘겨도 그림이 흔들리지 않는다."""
    lo = min(min(s["real_mean"] - 4 * s["real_std"], s["fake_mean"] - 4 * s["fake_std"]) for s in states)
    hi = max(max(s["real_mean"] + 4 * s["real_std"], s["fake_mean"] + 4 * s["fake_std"]) for s in states)
    return lo, hi


# ---------------------------------------------------------------- 입력 검사
def _check_normal(mean, std, prefix):
    check_real(mean, f"{prefix}_mean")
    check_real(std, f"{prefix}_std", 0.0, low_open=True, rule="0보다 큰 실수")


def _check_learning_rate(learning_rate):
    check_real(learning_rate, "learning_rate", 0.0, MAX_LEARNING_RATE, low_open=True,
               hint=", 너무 크면 위조범의 분포가 출렁이다 무너집니다")


def _check_state(state):
    keys = {"round", "real_mean", "real_std", "fake_mean", "fake_std", "accuracy", "fake_pass"}
    if not isinstance(state, dict) or not keys <= set(state):
        raise ValueError(f"state는 simulate_rounds가 돌려준 dict여야 합니다 (필요한 키: {sorted(keys)}).")
