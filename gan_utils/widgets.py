"""ipywidgets 위젯: 1강의 위조범·경찰 시뮬레이션, 1~4강의 퀴즈, 2강의 손실·미니맥스 슬라이더, 5강의 클래스 고르기.

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


# ---------------------------------------------------------------- 5강: 조건부 생성자
def conditional_sliders(G, n=8, class_names=None):
    """조건부 생성자에게 그리게 할 클래스(드롭다운)와 잠재 벡터 시드(슬라이더): 같은 시드면 클래스를 바꿔도 z가 같다.

    위젯이 없는 곳(papermill, 슬라이드)에서 볼 정적 그림은 ``plots.plot_class_rows``다.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    import torch

    from .data import sample_noise
    from .plots import show_images
    from .train import generate

    names = class_names or [str(k) for k in range(G.num_classes)]

    def update(label, seed):
        z = sample_noise(n, G.z_dim, G.noise, generator=torch.Generator().manual_seed(seed))
        fig, ax = plt.subplots(figsize=(0.8 * n + 1, 1.9))
        show_images(generate(G, z=z, labels=torch.full((n,), label)), nrow=n, ax=ax,
                    title=f"요청한 클래스: {names[label]}  |  잠재 벡터 시드 {seed}")
        plt.show()

    style = {"description_width": "initial"}
    return widgets.interactive(
        update,
        label=widgets.Dropdown(options=[(name, k) for k, name in enumerate(names)], value=0, description="클래스",
                               style=style),
        seed=widgets.IntSlider(value=0, min=0, max=50, description="잠재 벡터 시드", style=style),
    )


# ---------------------------------------------------------------- 2차원 놀이터
SLOW_MODE_TEXT = {
    "D": ("<b>① 판별자 갱신</b>: 생성자는 그대로 두고, 판별자가 진짜 점에서는 1, 가짜 점에서는 0을 말하도록 한 걸음 "
          "움직였습니다. 판별자가 그리는 열지도와 보라 화살표만 바뀌었고 (판정이 가장 크게 바뀐 곳: {heat:.4f}), "
          "주황 점과 초록 격자는 제자리입니다 (점의 평균 이동: {move:.4f}). 판별자 학습률이 작으면 한 걸음의 변화는 "
          "눈으로 보기 어렵습니다."),
    "G": ("<b>② 생성자 갱신</b>: 판별자는 그대로 두고, 보라 화살표(판별자가 '더 진짜 같다'고 보는 쪽) 방향으로 "
          "생성자가 가짜 점들을 옮겼습니다 (점의 평균 이동: {move:.4f}). 판별자의 판정인 열지도는 그대로입니다 "
          "(가장 큰 변화: {heat:.4f})."),
}
LOSS_LABELS = {"비포화 (-log D(G(z)))": "non_saturating", "포화 (log(1 - D(G(z))))": "saturating",
               "최소 제곱 (LSGAN)": "least_squares"}


def playground_widget(target="ring", seed=0, steps_per_frame=20, curve_seconds=2.0, dpi=110, **settings):
    """2차원 GAN 놀이터 위젯(VBox): 재생·멈춤·한 단계·초기화, 학습 중에 바로 바뀌는 설정, 그림, 상태 줄.

    재생하면 학습 스레드가 steps_per_frame단계씩 학습하고 그림을 다시 그린다 (학습률, k, 손실은 다음 묶음부터,
    잠재 벡터 차원·너비·묶음 수는 새 네트워크로). 느린 모드에서 '한 단계'는 판별자 갱신과 생성자 갱신을 한 번씩
    번갈아 보여 주며 무엇이 바뀌었는지 설명한다. 상태 줄에 지금까지 그린 그림 수, 초당 그림 수와 학습 단계 수가
    나온다. 돌려준 상자의 속성 pg(Playground), play, step_button, slow, reset_button, controls(dict), image,
    status, note와 stop()(스레드 멈추기)으로 부품에 닿을 수 있다.
    """
    import dataclasses
    import threading
    import time

    import ipywidgets as widgets

    from .playground import TARGET_LABELS, Playground
    from .plots import PlaygroundFigure

    steps_per_frame = check_int(steps_per_frame, "steps_per_frame")
    style, wide = {"description_width": "initial"}, {"width": "300px"}
    box = widgets.VBox()
    box.pg = Playground(target, seed=seed, **settings)
    first_target = box.pg.target  # 학생이 만든 목표('custom')도 목록에 남긴다
    s = box.pg.settings
    controls = {
        "target": widgets.Dropdown(options=[(label, name) for name, label in TARGET_LABELS.items()
                                            if name != "custom" or first_target.name == "custom"],
                                   value=first_target.name,
                                   description="목표 분포", style=style, layout=wide),
        "lr_g": widgets.FloatLogSlider(value=s.lr_g, base=10, min=-5, max=-1.5, step=0.25, description="생성자 학습률",
                                       style=style, layout=wide, readout_format=".1e"),
        "lr_d": widgets.FloatLogSlider(value=s.lr_d, base=10, min=-5, max=-1.5, step=0.25, description="판별자 학습률",
                                       style=style, layout=wide, readout_format=".1e"),
        "k": widgets.IntSlider(value=s.k, min=1, max=5, description="k (판별자 갱신 수 / 생성자 1번)", style=style, layout=wide),
        "loss": widgets.Dropdown(options=list(LOSS_LABELS.items()), value=s.loss, description="손실", style=style,
                                 layout=wide),
        "z_dim": widgets.Dropdown(options=[1, 2, 4, 8, 16, 64], value=s.z_dim, description="잠재 벡터 차원",
                                  style=style, layout=wide),
        "width": widgets.Dropdown(options=[16, 32, 64, 128, 256], value=s.g_hidden[0], description="은닉층 너비",
                                  style=style, layout=wide),
        "pack": widgets.Dropdown(options=[1, 2, 4], value=s.pack, description="PacGAN 묶음", style=style, layout=wide),
        "steps_per_frame": widgets.IntSlider(value=steps_per_frame, min=1, max=100, description="그림당 학습 단계",
                                             style=style, layout=wide),
    }
    play = widgets.ToggleButton(value=False, description="▶ 재생", button_style="success")
    step_button = widgets.Button(description="한 단계")
    slow = widgets.Checkbox(value=False, description="느린 모드 (판별자·생성자 갱신을 따로)", style=style)
    reset_button = widgets.Button(description="초기화", button_style="warning")
    image = widgets.Image(format="jpeg")
    status, note = widgets.HTML(), widgets.HTML()
    state = {"frames": 0, "thread": None, "figure": None, "times": [], "last_curves": 0.0}

    def new_figure():
        t = box.pg.target
        state["figure"] = PlaygroundFigure(t.extent, None if t.centers is None else t.centers.numpy(), dpi=dpi)

    def draw(curves=True):
        pg = box.pg
        now = time.perf_counter()
        curves = curves or now - state["last_curves"] >= curve_seconds
        state["last_curves"] = now if curves else state["last_curves"]
        image.value = state["figure"].update(pg.snapshot(), pg.history, pg.kl_floor, pg.summary(), curves).jpeg()
        state["frames"] += 1
        state["times"].append((now, pg.steps))
        del state["times"][:-10]  # 최근 그림 10장으로 속도를 잰다
        show_status()

    def rates():
        (t0, s0), (t1, s1) = state["times"][0], state["times"][-1]
        if t1 - t0 <= 0:
            return 0.0, 0.0
        return (len(state["times"]) - 1) / (t1 - t0), (s1 - s0) / (t1 - t0)

    def show_status():
        fps, sps = rates() if play.value else (0.0, 0.0)
        speed = f" | 초당 그림 {fps:.1f}장, 초당 {sps:.0f}단계" if play.value else ""
        status.value = f"<b>{box.pg.summary()}</b> | 그림 {state['frames']}장{speed}"

    def loop():
        while play.value:
            box.pg.train(controls["steps_per_frame"].value)
            draw(curves=False)

    def on_play(change):
        play.description = "⏸ 멈춤" if change["new"] else "▶ 재생"
        play.button_style = "" if change["new"] else "success"
        if change["new"]:
            state["times"].clear()
            note.value = ""
            state["thread"] = threading.Thread(target=loop, daemon=True)
            state["thread"].start()
        else:
            stop()
            draw()

    def stop():
        play.value = False
        thread = state["thread"]
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        state["thread"] = None

    def on_step(_button):
        if play.value:
            return
        pg = box.pg
        if slow.value:
            phase, before = pg.phase, pg.snapshot()
            pg.d_update() if phase == "D" else pg.g_update()
            after = pg.snapshot()
            note.value = SLOW_MODE_TEXT[phase].format(
                heat=float(abs(after["heat"] - before["heat"]).max()),
                move=float(((after["fake"] - before["fake"]) ** 2).sum(1).mean() ** 0.5))
        else:
            pg.train(controls["steps_per_frame"].value)
            note.value = ""
        draw()

    def on_reset(_button=None):
        was_playing = play.value
        stop()
        box.pg.reset()
        note.value = ""
        draw()
        play.value = was_playing

    def on_setting(name):
        def handler(change):
            value = change["new"]
            if name == "width":
                box.pg.set(g_hidden=(value,) * len(box.pg.settings.g_hidden),
                           d_hidden=(value,) * len(box.pg.settings.d_hidden))
            elif name == "pack" and box.pg.settings.batch_size % value:
                return
            else:
                box.pg.set(**{name: value})
            if not play.value:
                draw()
        return handler

    def on_target(change):
        was_playing = play.value
        stop()
        old = box.pg
        target = first_target if change["new"] == first_target.name else change["new"]
        box.pg = Playground(target, seed=old.seed, **dataclasses.asdict(old.settings))
        new_figure()
        draw()
        play.value = was_playing

    play.observe(on_play, names="value")
    step_button.on_click(on_step)
    reset_button.on_click(on_reset)
    controls["target"].observe(on_target, names="value")
    for name in ("lr_g", "lr_d", "k", "loss", "z_dim", "width", "pack"):
        controls[name].observe(on_setting(name), names="value")

    new_figure()
    draw()
    left = widgets.VBox([controls[name] for name in ("target", "lr_g", "lr_d", "k", "loss")])
    right = widgets.VBox([controls[name] for name in ("z_dim", "width", "pack", "steps_per_frame")])
    box.children = [widgets.HBox([play, step_button, reset_button, slow]), widgets.HBox([left, right]),
                    status, note, image]
    box.play, box.step_button, box.slow, box.reset_button = play, step_button, slow, reset_button
    box.controls, box.image, box.status, box.note, box.stop = controls, image, status, note, stop
    box.frames = lambda: state["frames"]
    return box
