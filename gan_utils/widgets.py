"""ipywidgets 위젯: 1강의 위조범·경찰 시뮬레이션, 1~4강의 퀴즈, 2강의 손실·미니맥스 슬라이더.

위젯은 계산하지 않는다: 시뮬레이션은 ``counterfeit``, 미니맥스 계산과 그림은 ``minimax``, 퀴즈 문제와 채점은
``quizzes``에 있고, 여기서는 그것들을 슬라이더·버튼·보기에 잇기만 한다. 위젯 없이 보는 정적 그림도 그 모듈들에 있다.
가져오기(import)만으로는 아무 일도 일어나지 않는다. ipywidgets와 matplotlib은 함수 안에서 가져온다.
"""
import io

from .counterfeit import MAX_LEARNING_RATE, draw_round, rounds_range, simulate_rounds, summarize_round
from .minimax import minimax_1d, plot_minimax_1d, plot_minimax_terms
from .quizzes import LESSON1_QUIZ, check_quiz_answer
from .validate import check_int


# ---------------------------------------------------------------- 1강: 시뮬레이션 위젯
def simulation_widget(n_rounds=10, real_mean=4.0, real_std=1.25, fake_mean=0.0, fake_std=0.5,
                      learning_rate=1.0, dpi=110):
    """라운드 슬라이더, '다음 라운드' 버튼, 위조범 학습률 슬라이더와 그림으로 된 위젯(VBox)을 돌려준다.

    그림은 PNG로 그려 Image 위젯에 넣는다. 그래서 프런트엔드 없이도 값이 바뀌고(테스트 가능),
    노트북에서 그림이 겹쳐 쌓이지 않는다. 돌려준 상자의 속성 round_slider, lr_slider, next_button,
    summary, image로 부품에 닿을 수 있다.
    """
    import ipywidgets as widgets
    check_int(n_rounds, "n_rounds", low=1)
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
        image.value = _render_png(state, rounds_range(box.states), dpi)

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
    handles, labels = draw_round(state, fig.add_subplot(), x_range)
    fig.legend(handles, labels, loc="outside lower center", ncol=2)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# ---------------------------------------------------------------- 퀴즈
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


# ---------------------------------------------------------------- 2강: 슬라이더
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
