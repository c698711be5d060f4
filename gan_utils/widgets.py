"""위젯: 1강(위조지폐범과 경찰)의 그림·시뮬레이션·퀴즈와 2강(미니맥스 손실)의 슬라이더.

- 시뮬레이션(위젯 없이 계산만 하는 순수 함수): 위조지폐범의 분포 N(평균, 표준편차²)와 경찰의
  판정 규칙 D(x)가 라운드마다 번갈아 나아진다. ``simulate_rounds``가 라운드별 상태를 dict 목록으로
  돌려주고, ``plot_round``/``plot_rounds``가 그것을 그린다.
- ``simulation_widget``: 라운드 슬라이더와 '다음 라운드' 버튼으로 시뮬레이션을 움직이는 위젯.
- ``check_quiz_answer``, ``quiz_widget``: 객관식 퀴즈와 즉시 한국어 피드백 (문제는 ``quizzes.py``, 기본은 1강).

한 라운드의 규칙 (강의의 학습 순서와 같다):
  (1) 경찰(판별자)이 지금의 위폐를 보고 최적의 판정 규칙 D*(x) = p_진짜 / (p_진짜 + p_위폐)를 세운다.
  (2) 위조범(생성자)은 그 규칙을 고정해 두고, 자기 위폐가 받는 평균 log D(x)가 커지는 쪽으로
      평균과 표준편차를 한 걸음(learning_rate) 옮긴다 (비포화 생성자 손실의 기울기).
2강: ``minimax_terms``(D(x), D(G(z)) 한 쌍의 V와 손실), ``minimax_1d``(두 정규분포의 V, D*, JS),
``generator_loss_slopes``(두 생성자 손실을 D(G(z))와 판별자 로짓으로 각각 미분한 값)는
화면 없이 계산하는 순수 함수이고, ``loss_sliders``/``minimax_sliders``가 같은 그림을 슬라이더로 움직인다.

가져오기(import)만으로는 아무 일도 일어나지 않는다. ipywidgets와 matplotlib은 함수 안에서 가져온다.
"""
import io
import math

import numpy as np
import torch

from .losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .metrics import js_divergence, normal_pdf
from .quizzes import LESSON1_QUIZ  # 퀴즈 문제는 quizzes.py 한곳에 둔다 (1강의 기본 문제)

MAX_LEARNING_RATE = 2.0  # 이보다 크면 한 걸음이 너무 커서 표준편차가 출렁이다 무너질 수 있다

# 위조범의 기댓값을 계산할 가우스-에르미트 적분 점 (표준정규분포에 대한 가중치, 합 1)
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(40)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


# ---------------------------------------------------------------- 시뮬레이션 (순수 함수)
def _log_normal_pdf(x, mean, std):
    return -0.5 * ((x - mean) / std) ** 2 - math.log(std * math.sqrt(2 * math.pi))


def police_rule(x, real_mean, real_std, fake_mean, fake_std):
    """경찰의 판정 곡선 D(x) = p_진짜(x) / (p_진짜(x) + p_위폐(x)) (위폐 분포를 알 때의 최적 판별자).

    로그 공간에서 계산해 꼬리 쪽에서도 0/0이 생기지 않는다. numpy 배열을 돌려준다.
    D(x) ≥ 0.5인 곳이 경찰이 '진짜'라고 판정하는 구역이다.
    """
    _check_normal(real_mean, real_std, "real")
    _check_normal(fake_mean, fake_std, "fake")
    x = np.asarray(x, dtype=np.float64)
    log_ratio = _log_normal_pdf(x, fake_mean, fake_std) - _log_normal_pdf(x, real_mean, real_std)
    return 1.0 / (1.0 + np.exp(np.clip(log_ratio, -700, 700)))


def police_accuracy(real_mean, real_std, fake_mean, fake_std, n_grid=4001):
    """경찰이 D(x) ≥ 0.5면 '진짜'라고 판정할 때의 성적을 dict로 돌려준다 (진짜와 위폐가 반반 섞여 올 때).

    real_pass: 진짜를 진짜로 통과시킨 비율, fake_pass: 위폐가 진짜로 통과된 비율 (위조범의 성공률),
    accuracy: 맞힌 비율 = (real_pass + (1 - fake_pass)) / 2. 두 분포가 같으면 0.5 (동전 던지기).
    """
    _check_normal(real_mean, real_std, "real")
    _check_normal(fake_mean, fake_std, "fake")
    if isinstance(n_grid, bool) or not isinstance(n_grid, int) or n_grid < 101:
        raise ValueError(f"n_grid는 101 이상의 정수여야 합니다 (받은 값: {n_grid!r}).")
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
    if isinstance(n_rounds, bool) or not isinstance(n_rounds, (int, np.integer)) or n_rounds < 0:
        raise ValueError(f"n_rounds는 0 이상의 정수여야 합니다 (받은 값: {n_rounds!r}).")
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


def plot_round(state, ax=None, x_range=None, legend=True):
    """한 라운드의 진짜 분포, 위폐 분포, 경찰의 D(x) 곡선과 '진짜' 판정 구역을 그린다."""
    _check_state(state)
    if ax is None:
        import matplotlib.pyplot as plt
        ax = plt.subplots(figsize=(6, 3.5))[1]
    handles, labels = _draw_round(state, ax, x_range)
    if legend:
        ax.legend(handles, labels, loc="upper left")
    return ax


def _draw_round(state, ax, x_range, left_label=True, right_label=True):
    """plot_round의 본체. 범례에 쓸 (handles, labels)를 돌려준다."""
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
    bad = [r for r in rounds if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or not 0 <= r <= last]
    if bad:
        raise ValueError(f"rounds의 라운드 번호는 0부터 {last} 사이의 정수여야 합니다 (받은 값: {bad}).")
    x_range = _shared_range(states)
    ncols = max(1, min(ncols, len(rounds)))
    nrows = math.ceil(len(rounds) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (6.2 * ncols, 3.4 * nrows + 0.8), squeeze=False)
    for i, (ax, r) in enumerate(zip(axes.flat, rounds)):
        # 세로축 이름은 줄의 양 끝 그림에만 적어 이웃 그림과 겹치지 않게 한다
        handles, labels = _draw_round(states[r], ax, x_range, left_label=(i % ncols == 0),
                                      right_label=(i % ncols == ncols - 1 or i == len(rounds) - 1))
    for ax in axes.flat[len(rounds):]:
        ax.axis("off")
    fig.legend(handles, labels, loc="outside lower center", ncol=3)  # 그림 아래 바깥: 칸을 가리지 않는다
    return fig


def _shared_range(states):
    lo = min(min(s["real_mean"] - 4 * s["real_std"], s["fake_mean"] - 4 * s["fake_std"]) for s in states)
    hi = max(max(s["real_mean"] + 4 * s["real_std"], s["fake_mean"] + 4 * s["fake_std"]) for s in states)
    return lo, hi


def summarize_round(state):
    """라운드 상태를 한 줄의 한국어 요약으로 바꾼다."""
    _check_state(state)
    return (f"라운드 {state['round']}: 위폐 분포 N({state['fake_mean']:.2f}, {state['fake_std']:.2f}²) "
            f"(진짜 N({state['real_mean']:.2f}, {state['real_std']:.2f}²)) | "
            f"경찰 정확도 {state['accuracy']:.1%} | 위폐 통과율 {state['fake_pass']:.1%}")


# ---------------------------------------------------------------- 시뮬레이션 위젯
def simulation_widget(n_rounds=10, real_mean=4.0, real_std=1.25, fake_mean=0.0, fake_std=0.5,
                      learning_rate=1.0, dpi=110):
    """라운드 슬라이더, '다음 라운드' 버튼, 위조범 학습률 슬라이더와 그림으로 된 위젯(VBox)을 돌려준다.

    그림은 PNG로 그려 Image 위젯에 넣는다. 그래서 프런트엔드 없이도 값이 바뀌고(테스트 가능),
    노트북에서 그림이 겹쳐 쌓이지 않는다. 돌려준 상자의 속성 round_slider, lr_slider, next_button,
    summary, image로 부품에 닿을 수 있다.
    """
    import ipywidgets as widgets
    if isinstance(n_rounds, bool) or not isinstance(n_rounds, (int, np.integer)) or n_rounds < 1:
        raise ValueError(f"n_rounds는 1 이상의 정수여야 합니다 (받은 값: {n_rounds!r}).")
    start = dict(real_mean=real_mean, real_std=real_std, fake_mean=fake_mean, fake_std=fake_std)
    states = simulate_rounds(n_rounds, learning_rate=learning_rate, **start)  # 입력 검사도 여기서 한다

    round_slider = widgets.IntSlider(value=0, min=0, max=n_rounds, step=1, description="라운드",
                                     continuous_update=False)
    lr_slider = widgets.FloatSlider(value=learning_rate, min=0.1, max=MAX_LEARNING_RATE, step=0.1,
                                    description="위조범 학습률", continuous_update=False,
                                    style={"description_width": "initial"})
    next_button = widgets.Button(description="다음 라운드 ▶", button_style="primary")
    summary = widgets.HTML()
    image = widgets.Image(format="png")
    box = widgets.VBox([widgets.HBox([round_slider, next_button]), lr_slider, summary, image])
    box.states = states

    def redraw(_change=None):
        state = box.states[round_slider.value]
        summary.value = f"<b>{summarize_round(state)}</b>"
        image.value = _render_png(state, _shared_range(box.states), dpi)

    def on_lr(change):
        box.states = simulate_rounds(n_rounds, learning_rate=change["new"], **start)
        redraw()

    def on_next(_button):
        # 마지막 라운드 다음은 처음으로 돌아간다
        round_slider.value = 0 if round_slider.value >= n_rounds else round_slider.value + 1

    round_slider.observe(redraw, names="value")
    lr_slider.observe(on_lr, names="value")
    next_button.on_click(on_next)
    redraw()
    box.round_slider, box.lr_slider, box.next_button, box.summary, box.image = (
        round_slider, lr_slider, next_button, summary, image)
    return box


def _render_png(state, x_range, dpi):
    # pyplot을 거치지 않는 Figure: 노트북에 그림이 따로 찍히지 않는다
    from matplotlib.figure import Figure
    fig = Figure(figsize=(7.5, 4.6), layout="constrained")
    handles, labels = _draw_round(state, fig.add_subplot(), x_range)
    fig.legend(handles, labels, loc="outside lower center", ncol=2)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# ---------------------------------------------------------------- 퀴즈


def check_quiz_answer(question_index, choice, questions=None):
    """퀴즈 답을 채점해 (맞았는지, 한국어 피드백)을 돌려준다. choice는 보기 번호(0부터)다."""
    questions = LESSON1_QUIZ if questions is None else questions
    if isinstance(question_index, bool) or not isinstance(question_index, (int, np.integer)) \
            or not 0 <= question_index < len(questions):
        raise ValueError(f"question_index는 0부터 {len(questions) - 1} 사이의 정수여야 합니다 "
                         f"(받은 값: {question_index!r}).")
    item = questions[question_index]
    if isinstance(choice, bool) or not isinstance(choice, (int, np.integer)) or not 0 <= choice < len(item["choices"]):
        raise ValueError(f"choice는 0부터 {len(item['choices']) - 1} 사이의 보기 번호여야 합니다 "
                         f"(받은 값: {choice!r}).")
    if choice == item["answer"]:
        return True, f"정답입니다! {item['explanation']}"
    return False, f"아쉽지만 답이 아닙니다 (고른 보기: '{item['choices'][choice]}'). 힌트: {item['hint']}"


def quiz_widget(questions=None):
    """문제마다 보기(RadioButtons), '확인' 버튼, 피드백 칸이 있는 퀴즈 위젯(VBox)을 돌려준다.

    돌려준 상자의 속성 radios, buttons, feedbacks(문제별 목록)와 score(맞힌 개수 표시)로 부품에 닿을 수 있다.
    """
    import ipywidgets as widgets
    questions = LESSON1_QUIZ if questions is None else questions
    if not questions:
        raise ValueError("questions에 문제가 하나 이상 있어야 합니다 (받은 값: 빈 목록).")
    for i, item in enumerate(questions):
        missing = {"question", "choices", "answer", "explanation", "hint"} - set(item)
        if missing:
            raise ValueError(f"questions[{i}]에 {sorted(missing)} 항목이 없습니다.")
    solved = [False] * len(questions)
    score = widgets.HTML()
    radios, buttons, feedbacks, blocks = [], [], [], []

    def show_score():
        score.value = f"<b>맞힌 문제: {sum(solved)} / {len(questions)}</b>"

    def make_handler(i):
        def on_click(_button):
            index = radios[i].index
            if index is None:
                feedbacks[i].value = "먼저 보기 하나를 고르세요."
                return
            correct, message = check_quiz_answer(i, index, questions)
            solved[i] = correct
            color = "green" if correct else "firebrick"
            feedbacks[i].value = f"<span style='color:{color}'>{message}</span>"
            show_score()
        return on_click

    for i, item in enumerate(questions):
        radio = widgets.RadioButtons(options=item["choices"], value=None, layout={"width": "max-content"})
        button = widgets.Button(description="확인")
        feedback = widgets.HTML()
        button.on_click(make_handler(i))
        radios.append(radio)
        buttons.append(button)
        feedbacks.append(feedback)
        blocks.append(widgets.VBox([widgets.HTML(f"<b>{i + 1}. {item['question']}</b>"), radio, button, feedback]))
    show_score()
    box = widgets.VBox(blocks + [score])
    box.radios, box.buttons, box.feedbacks, box.score = radios, buttons, feedbacks, score
    return box


# ---------------------------------------------------------------- 입력 검사
def _check_normal(mean, std, prefix):
    if isinstance(mean, bool) or not isinstance(mean, (int, float, np.integer, np.floating)) or not math.isfinite(mean):
        raise ValueError(f"{prefix}_mean은(는) 유한한 실수여야 합니다 (받은 값: {mean!r}).")
    if isinstance(std, bool) or not isinstance(std, (int, float, np.integer, np.floating)) \
            or not math.isfinite(std) or std <= 0:
        raise ValueError(f"{prefix}_std은(는) 0보다 큰 실수여야 합니다 (받은 값: {std!r}).")


def _check_learning_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.integer, np.floating)) \
            or not 0 < learning_rate <= MAX_LEARNING_RATE:
        raise ValueError(f"learning_rate는 0보다 크고 {MAX_LEARNING_RATE} 이하여야 합니다 (받은 값: {learning_rate!r}). "
                         "너무 크면 위조범의 분포가 출렁이다 무너집니다.")


def _check_state(state):
    keys = {"round", "real_mean", "real_std", "fake_mean", "fake_std", "accuracy", "fake_pass"}
    if not isinstance(state, dict) or not keys <= set(state):
        raise ValueError(f"state는 simulate_rounds가 돌려준 dict여야 합니다 (필요한 키: {sorted(keys)}).")


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
    lp, lq = _log_normal_pdf(x, data_mean, data_std), _log_normal_pdf(x, g_mean, g_std)
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
        raise ValueError(f"d_fake는 0과 1 사이의 확률이어야 합니다 (양 끝 제외, 받은 값: {d_fake!r}).")
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
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not 0.0 < value < 1.0:
            raise ValueError(f"{name}은(는) 0과 1 사이의 확률이어야 합니다 (양 끝 제외, 받은 값: {value!r}).")
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


# ---------------------------------------------------------------- 슬라이더 (ipywidgets)
def loss_sliders(d_real=0.8, d_fake=0.2):
    """D(x), D(G(z)) 슬라이더: 움직이면 V, 판별자 손실, 두 생성자 손실이 다시 그려진다."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def update(d_real, d_fake):
        plot_minimax_terms(d_real, d_fake)
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
        ax.set_title(f"생성자: 평균 {g_mean:.1f}, 표준편차 {g_std:.2f} | 진짜 목표 레이블 {real_target:.2f}")
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
