"""1강(위조지폐범과 경찰)의 퀴즈, 시뮬레이션, 위젯 테스트. 프런트엔드 없이 돈다."""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from conftest import has_hangul
from gan_utils import plots
from gan_utils.counterfeit import counterfeiter_step, plot_rounds, police_accuracy, police_rule, simulate_rounds
from gan_utils.losses import optimal_discriminator
from gan_utils.metrics import normal_pdf
from gan_utils.quizzes import LESSON1_QUIZ, check_quiz_answer
from gan_utils.widgets import quiz_widget, simulation_widget


# ---------------------------------------------------------------- 퀴즈
def test_quiz_has_three_to_five_well_formed_questions():
    assert 3 <= len(LESSON1_QUIZ) <= 5
    for item in LESSON1_QUIZ:
        assert has_hangul(item["question"])
        assert len(item["choices"]) >= 3
        assert len(set(item["choices"])) == len(item["choices"]), "보기가 겹치면 안 된다"
        assert 0 <= item["answer"] < len(item["choices"])


def _find(keyword):
    matches = [i for i, q in enumerate(LESSON1_QUIZ) if keyword in q["question"]]
    assert len(matches) == 1, f"'{keyword}'가 들어간 문제가 정확히 하나 있어야 한다"
    return LESSON1_QUIZ[matches[0]]


def test_answer_key_matches_the_questions():
    def answer_text(item):
        return item["choices"][item["answer"]]

    assert "생성자" in answer_text(_find("만들어 내는"))
    assert "GAN" in answer_text(_find("경쟁"))
    assert answer_text(_find("먼저 갱신")).startswith("판별자")
    assert answer_text(_find("진짜 분포와 같아지면")) == "1/2"
    assert answer_text(_find("생성자 단계")).startswith("1")


@pytest.mark.parametrize("index", range(len(LESSON1_QUIZ)))
def test_correct_answer_accepted_and_wrong_answers_rejected_in_korean(index):
    item = LESSON1_QUIZ[index]
    ok, message = check_quiz_answer(index, item["answer"])
    assert ok is True and message.startswith("정답") and has_hangul(message)
    for choice in range(len(item["choices"])):
        if choice == item["answer"]:
            continue
        ok, message = check_quiz_answer(index, choice)
        assert ok is False
        assert "답이 아닙니다" in message and item["choices"][choice] in message
        # 틀렸을 때는 정답을 바로 알려 주지 않고 힌트만 준다
        assert "정답입니다" not in message


@pytest.mark.parametrize("index, choice, name", [(99, 0, "question_index"), (-1, 0, "question_index"),
                                                 (0, 7, "choice"), (0, "생성자", "choice"),
                                                 (True, 0, "question_index")])
def test_quiz_bad_inputs_name_the_parameter(index, choice, name):
    with pytest.raises(ValueError, match=name):
        check_quiz_answer(index, choice)


def test_quiz_widget_gives_feedback_on_click(ipywidgets):
    box = quiz_widget()
    assert isinstance(box, ipywidgets.VBox)
    assert len(box.radios) == len(LESSON1_QUIZ)
    assert "0 / " in box.score.value

    box.buttons[0].click()  # 아무것도 고르지 않고 누름
    assert "고르세요" in box.feedbacks[0].value

    wrong = next(i for i in range(len(LESSON1_QUIZ[0]["choices"])) if i != LESSON1_QUIZ[0]["answer"])
    box.radios[0].index = wrong
    box.buttons[0].click()
    assert "답이 아닙니다" in box.feedbacks[0].value

    for i, item in enumerate(LESSON1_QUIZ):
        box.radios[i].index = item["answer"]
        box.buttons[i].click()
        assert "정답입니다" in box.feedbacks[i].value
    assert f"{len(LESSON1_QUIZ)} / {len(LESSON1_QUIZ)}" in box.score.value


def test_quiz_widget_rejects_malformed_questions(ipywidgets):
    with pytest.raises(ValueError, match="questions"):
        quiz_widget([{"question": "?", "choices": ["a", "b"]}])


# ---------------------------------------------------------------- 시뮬레이션 (순수 함수)
def test_police_rule_equals_optimal_discriminator():
    # 신뢰할 수 있는 기준(losses.optimal_discriminator)과 같은 값을 내야 한다
    x = np.linspace(-3, 8, 201)
    expected = optimal_discriminator(normal_pdf(x, 4.0, 1.25), normal_pdf(x, 0.0, 0.5))
    np.testing.assert_allclose(police_rule(x, 4.0, 1.25, 0.0, 0.5), expected, atol=1e-9)
    # 두 분포가 같으면 어디서나 1/2
    np.testing.assert_allclose(police_rule(x, 4.0, 1.25, 4.0, 1.25), 0.5)
    # 아주 먼 꼬리에서도 NaN이 나오지 않는다
    assert np.all(np.isfinite(police_rule(np.array([-1e4, 1e4]), 4.0, 1.25, 0.0, 0.5)))


def test_police_accuracy_matches_closed_form_for_equal_stds():
    # 표준편차가 같으면 경계는 두 평균의 가운데이고 정확도 = Φ(|μ1 - μ2| / (2σ))
    score = police_accuracy(4.0, 1.0, 1.0, 1.0)
    expected = 0.5 * (1 + torch.erf(torch.tensor(1.5 / 2 ** 0.5)).item())
    assert score["accuracy"] == pytest.approx(expected, abs=1e-3)
    assert police_accuracy(4.0, 1.25, 4.0, 1.25)["accuracy"] == pytest.approx(0.5, abs=1e-3)


def test_counterfeiter_moves_toward_what_police_calls_real():
    mean, std = counterfeiter_step(0.0, 0.5, 4.0, 1.25, 0.0, 0.5, learning_rate=1.0)
    assert 0.0 < mean < 4.0 + 1e-9
    assert 0.5 < std  # 진짜가 더 넓게 퍼져 있으니 위폐도 넓어진다
    # 경찰이 이미 속고 있으면(위폐 = 진짜) 움직일 이유가 없다
    mean, std = counterfeiter_step(4.0, 1.25, 4.0, 1.25, 4.0, 1.25)
    assert mean == pytest.approx(4.0, abs=1e-9) and std == pytest.approx(1.25, abs=1e-9)


def test_rounds_converge_to_the_real_distribution():
    states = simulate_rounds(10)
    assert len(states) == 11 and [s["round"] for s in states] == list(range(11))
    gaps = [abs(s["fake_mean"] - s["real_mean"]) for s in states]
    accuracies = [s["accuracy"] for s in states]
    assert all(b < a for a, b in zip(gaps, gaps[1:])), "위조범의 평균이 라운드마다 진짜 평균에 다가가야 한다"
    assert all(b < a for a, b in zip(accuracies, accuracies[1:])), "경찰의 정확도가 라운드마다 떨어져야 한다"
    assert accuracies[0] > 0.95
    assert accuracies[-1] == pytest.approx(0.5, abs=0.02)
    assert states[-1]["fake_std"] == pytest.approx(states[-1]["real_std"], abs=0.05)
    assert states[-1]["fake_pass"] > states[0]["fake_pass"]


@pytest.mark.parametrize("learning_rate", [0.3, 1.0, 2.0])
@pytest.mark.parametrize("start", [(0.0, 0.5), (10.0, 3.0), (-4.0, 0.2)])
def test_rounds_converge_from_other_starts(start, learning_rate):
    states = simulate_rounds(60, fake_mean=start[0], fake_std=start[1], learning_rate=learning_rate)
    assert states[-1]["fake_mean"] == pytest.approx(4.0, abs=0.1)
    assert states[-1]["accuracy"] < 0.55


def test_zero_rounds_is_just_the_start():
    (state,) = simulate_rounds(0, fake_mean=1.0, fake_std=2.0)
    assert (state["round"], state["fake_mean"], state["fake_std"]) == (0, 1.0, 2.0)


@pytest.mark.parametrize("kwargs, name", [
    (dict(n_rounds=-1), "n_rounds"),
    (dict(n_rounds=2.5), "n_rounds"),
    (dict(n_rounds=3, real_std=0.0), "real_std"),
    (dict(n_rounds=3, fake_std=-1.0), "fake_std"),
    (dict(n_rounds=3, fake_mean=float("nan")), "fake_mean"),
    (dict(n_rounds=3, learning_rate=0.0), "learning_rate"),
    (dict(n_rounds=3, learning_rate=5.0), "learning_rate"),
])
def test_simulation_bad_inputs_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name) as info:
        simulate_rounds(**kwargs)
    assert "받은 값" in str(info.value)


def test_plot_rounds_draws_one_panel_per_round_and_checks_rounds():
    states = simulate_rounds(10)
    fig = plot_rounds(states, rounds=(0, 2, 5, 10))
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title().split(":")[0] for ax in panels] == ["라운드 0", "라운드 2", "라운드 5", "라운드 10"]
    with pytest.raises(ValueError, match="rounds"):
        plot_rounds(states, rounds=(0, 11))


def test_diagram_has_every_role():
    ax = plots.draw_gan_diagram()
    text = " ".join(t.get_text() for t in ax.texts)
    for word in ("잠재 벡터", "생성자", "판별자", "진짜일 확률", "위조지폐범", "경찰", "모나리자"):
        assert word in text


# ---------------------------------------------------------------- 시뮬레이션 위젯
def test_simulation_widget_updates_on_slider_and_button(ipywidgets):
    box = simulation_widget(n_rounds=5)
    assert isinstance(box, ipywidgets.VBox)
    assert "라운드 0" in box.summary.value
    first_png = box.image.value
    assert first_png[:8] == b"\x89PNG\r\n\x1a\n"

    box.round_slider.value = 3
    assert "라운드 3" in box.summary.value
    assert box.image.value != first_png

    box.next_button.click()
    assert box.round_slider.value == 4 and "라운드 4" in box.summary.value
    box.round_slider.value = 5
    box.next_button.click()  # 마지막 다음은 처음으로
    assert box.round_slider.value == 0


def test_simulation_widget_learning_rate_slider_recomputes(ipywidgets):
    box = simulation_widget(n_rounds=5)
    box.round_slider.value = 1
    before = box.summary.value
    box.lr_slider.value = 0.5
    assert box.summary.value != before
    assert box.states[1]["fake_mean"] == pytest.approx(simulate_rounds(1, learning_rate=0.5)[1]["fake_mean"])


def test_simulation_widget_bad_inputs(ipywidgets):
    with pytest.raises(ValueError, match="n_rounds"):
        simulation_widget(n_rounds=0)
    with pytest.raises(ValueError, match="fake_std"):
        simulation_widget(fake_std=0)


# ---------------------------------------------------------------- 노트북 본문의 주장
def test_claims_that_depend_on_the_run_are_checked_only_with_default_parameters():
    """학생이 매개변수를 바꿔도 Run All이 멈추지 않도록, 실행 값에 따라 달라지는 주장은 applies=DEFAULT_RUN으로만 확인한다.

    언제나 확인하는 주장은 매개변수와 상관없는 사실(코드가 하는 일, 항등식)뿐이다. DEFAULT_RUN은 그림의 라운드 번호
    (SHOW_ROUNDS)를 뺀 모든 매개변수가 기본값인지를 본다.
    """
    import ast
    from pathlib import Path

    import nbformat
    path = Path(__file__).resolve().parent.parent / "notebooks" / "01_위조지폐범과_경찰.ipynb"
    nb = nbformat.read(path, as_version=4)
    always = ("변화량은 정확히 0", "D(x)는 그대로다", "정답지와 견주어 센 값이 같다", "어디서나 1/2")
    for cell in (c for c in nb.cells if "claim" in c.metadata.get("tags", [])):
        for call in ast.walk(ast.parse(cell.source)):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "check_claim"):
                continue
            sentence = ast.unparse(call.args[1])
            applies = [k.value for k in call.keywords if k.arg == "applies"]
            if applies:
                assert ast.unparse(applies[0]) == "DEFAULT_RUN", sentence
            else:
                assert any(word in sentence for word in always), f"실행 값에 따라 달라지는 주장은 applies=DEFAULT_RUN: {sentence}"

    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    names = [t.targets[0].id for t in ast.parse(params.source).body if isinstance(t, ast.Assign)]
    setup = next(c.source for c in nb.cells if c.cell_type == "code" and "DEFAULT_RUN =" in c.source)
    missing = [n for n in names if n != "SHOW_ROUNDS" and n not in setup.split("DEFAULT_RUN =", 1)[1]]
    assert not missing, f"DEFAULT_RUN이 보지 않는 매개변수: {missing}"
