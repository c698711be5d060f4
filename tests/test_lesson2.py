"""2강(미니맥스 손실)의 수치 항등식과 슬라이더 계산 테스트. 프런트엔드 없이 돈다.

노트북이 보여 주는 주장들을 gan_utils의 함수로 다시 확인한다:
BCE(레이블 1/0) = -V, V(D*, G) = -log 4 + 2·JSD, 최솟값 -log 4, 레이블 스무딩의 D* 상한,
비포화 손실의 기울기가 학습 초반에 더 크다는 것.
"""
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat
import numpy as np
import pytest
import torch
from torch import nn

from conftest import has_hangul
from gan_utils.losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from gan_utils.metrics import js_divergence, normal_pdf
from gan_utils.plots import setup_korean_font
from gan_utils.quizzes import LESSON2_QUIZ
from gan_utils.minimax import (generator_loss_slopes, minimax_1d, minimax_terms, plot_generator_loss_slopes,
                               plot_minimax_1d, plot_minimax_terms)
from gan_utils.widgets import loss_sliders, minimax_sliders

LOG4 = math.log(4)
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "02_미니맥스_손실.ipynb"


@pytest.fixture
def batch():
    gen = torch.Generator().manual_seed(0)
    real_logits = 1.0 + 2.0 * torch.randn(128, 1, generator=gen)
    fake_logits = -1.0 + 2.0 * torch.randn(128, 1, generator=gen)
    return real_logits, fake_logits


# ---------------------------------------------------------------- BCE = -V
def test_bce_with_labels_one_and_zero_equals_minus_v_terms(batch):
    real_logits, fake_logits = batch
    d_real, d_fake = torch.sigmoid(real_logits), torch.sigmoid(fake_logits)
    bce = nn.BCELoss()
    real_term = bce(d_real, torch.ones_like(d_real))
    fake_term = bce(d_fake, torch.zeros_like(d_fake))
    # 항마다: BCE(D(x), 1) = -E[log D(x)], BCE(D(G(z)), 0) = -E[log(1 - D(G(z)))]
    assert torch.allclose(real_term, -torch.log(d_real).mean(), atol=1e-5)
    assert torch.allclose(fake_term, -torch.log(1 - d_fake).mean(), atol=1e-5)
    # 합: gan_utils의 판별자 손실 = BCE 합 = -V
    assert torch.allclose(discriminator_loss(real_logits, fake_logits), real_term + fake_term, atol=1e-5)
    assert torch.allclose(-value_function(real_logits, fake_logits), real_term + fake_term, atol=1e-5)
    with_logits = nn.BCEWithLogitsLoss()
    assert torch.allclose(with_logits(real_logits, torch.ones_like(real_logits))
                          + with_logits(fake_logits, torch.zeros_like(fake_logits)), real_term + fake_term, atol=1e-5)


def test_non_saturating_loss_is_bce_with_label_one(batch):
    _, fake_logits = batch
    bce = nn.BCELoss()
    d_fake = torch.sigmoid(fake_logits)
    assert torch.allclose(generator_loss(fake_logits), bce(d_fake, torch.ones_like(d_fake)), atol=1e-5)
    assert torch.allclose(generator_loss(fake_logits, "saturating"), torch.log(1 - d_fake).mean(), atol=1e-5)


# ---------------------------------------------------------------- D*와 JS 발산
def _v_at_optimum_on_grid(data_mean, data_std, g_mean, g_std, n=20001):
    """테스트 안에서 따로 계산: 확률로 바로 log를 취해도 되는 구간(±8 표준편차)만 적분한다."""
    lo = min(data_mean - 8 * data_std, g_mean - 8 * g_std)
    hi = max(data_mean + 8 * data_std, g_mean + 8 * g_std)
    x = np.linspace(lo, hi, n)
    dx = x[1] - x[0]
    p, q = normal_pdf(x, data_mean, data_std), normal_pdf(x, g_mean, g_std)
    d = optimal_discriminator(p, q)
    v = np.sum(p * np.log(np.clip(d, 1e-300, None)) + q * np.log(np.clip(1 - d, 1e-300, None))) * dx
    return v, js_divergence(p * dx, q * dx)


@pytest.mark.parametrize("g_mean, g_std", [(1.0, 0.8), (3.0, 1.25), (5.0, 2.0), (4.0, 0.5)])
def test_value_at_optimal_discriminator_is_minus_log4_plus_two_jsd(g_mean, g_std):
    v, jsd = _v_at_optimum_on_grid(4.0, 1.25, g_mean, g_std)
    assert abs(v - (-LOG4 + 2 * jsd)) < 1e-3
    result = minimax_1d(g_mean, g_std, 4.0, 1.25)
    assert abs(result["V"] - result["V_theory"]) < 1e-3
    assert abs(result["V"] - v) < 1e-3  # 슬라이더 계산과 테스트의 독립 계산이 같다
    assert 0.0 < result["jsd"] <= math.log(2)


def test_minimum_is_minus_log4_when_generator_matches_data():
    result = minimax_1d(4.0, 1.25, 4.0, 1.25)
    assert result["V"] == pytest.approx(-LOG4, abs=1e-6)
    assert result["jsd"] == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(result["d_star"], 0.5)
    zeros = torch.zeros(16, 1)  # 로짓 0 = D가 어디서나 1/2
    assert value_function(zeros, zeros).item() == pytest.approx(-LOG4, abs=1e-6)
    # 다른 생성자는 모두 -log 4보다 크다
    for g_mean in (2.0, 3.5, 4.5, 6.0):
        assert minimax_1d(g_mean, 1.25, 4.0, 1.25)["V"] > -LOG4 + 1e-4


def test_optimal_discriminator_is_the_pointwise_maximiser():
    # a log y + b log(1 - y)는 y = a / (a + b)에서 최대
    a, b = 0.3, 0.1
    ys = np.linspace(0.01, 0.99, 9801)
    best = ys[np.argmax(a * np.log(ys) + b * np.log(1 - ys))]
    assert best == pytest.approx(optimal_discriminator(a, b), abs=1e-3)


def test_label_smoothing_caps_optimal_discriminator_at_real_target():
    x = np.linspace(-6, 12, 2001)
    p, q = normal_pdf(x, 4.0, 1.25), normal_pdf(x, 1.0, 0.8)
    smooth = optimal_discriminator(p, q, real_target=0.9)
    assert smooth.max() <= 0.9 + 1e-12
    assert smooth.max() > 0.89  # 가짜가 없는 곳에서는 0.9에 닿는다
    assert np.allclose(smooth, 0.9 * optimal_discriminator(p, q))
    assert minimax_1d(1.0, 0.8, real_target=0.9)["d_star"].max() <= 0.9 + 1e-12


def test_smoothed_optimum_minimises_the_smoothed_bce():
    # 진짜 목표 0.9인 BCE는 D*_0.9에서 가장 작다 (값을 조금 옮기면 커진다)
    a, b, t = 0.3, 0.1, 0.9
    def loss(y):
        return -(a * (t * np.log(y) + (1 - t) * np.log(1 - y)) + b * np.log(1 - y))
    y_star = optimal_discriminator(a, b, real_target=t)
    assert loss(y_star) < loss(y_star + 0.01) and loss(y_star) < loss(y_star - 0.01)


# ---------------------------------------------------------------- 포화형 vs 비포화형
def _grad_wrt_logit(d_fake, kind):
    logit = torch.logit(torch.tensor([d_fake], dtype=torch.float64)).requires_grad_(True)
    generator_loss(logit, kind).backward()
    return logit.grad.item()


def test_non_saturating_gradient_is_larger_when_discriminator_rejects_fakes():
    sat, non_sat = _grad_wrt_logit(0.01, "saturating"), _grad_wrt_logit(0.01, "non_saturating")
    assert abs(non_sat) > 50 * abs(sat)
    assert sat == pytest.approx(-0.01, abs=1e-9)
    assert non_sat == pytest.approx(-0.99, abs=1e-9)
    # 둘 다 생성자를 같은 방향(D(G(z))가 커지는 쪽, 로짓 증가)으로 민다
    assert sat < 0 and non_sat < 0
    # D(G(z))가 1에 가까워지면 반대로 포화형의 기울기가 더 크다
    assert abs(_grad_wrt_logit(0.99, "saturating")) > abs(_grad_wrt_logit(0.99, "non_saturating"))


def test_generator_loss_slopes_depend_on_the_variable():
    """포화형은 D(G(z))로 미분하면 D ≈ 0에서 약 -1(평평하지 않음), 로짓으로 미분하면 -D ≈ 0 (평평함)."""
    s = generator_loss_slopes(0.01)
    assert s["dD_saturating"] == pytest.approx(-1 / 0.99, abs=1e-12)  # -1/(1 - D)
    assert s["dlogit_saturating"] == pytest.approx(-0.01, abs=1e-12)  # -D
    assert s["dD_non_saturating"] == pytest.approx(-100.0, abs=1e-9)  # -1/D
    assert s["dlogit_non_saturating"] == pytest.approx(-0.99, abs=1e-12)  # -(1 - D)
    assert all(isinstance(v, float) for v in s.values())
    # 로짓 기울기 = D 기울기 × 시그모이드의 기울기 D(1 - D) (연쇄 법칙)
    for kind in ("saturating", "non_saturating"):
        assert s[f"dlogit_{kind}"] == pytest.approx(s[f"dD_{kind}"] * 0.01 * 0.99, abs=1e-12)
    # 로짓 기울기는 minimax_terms(슬라이더)가 주는 값과 같다
    terms = minimax_terms(0.9, 0.01)
    assert s["dlogit_saturating"] == pytest.approx(terms["grad_saturating"], abs=1e-12)
    assert s["dlogit_non_saturating"] == pytest.approx(terms["grad_non_saturating"], abs=1e-12)


def test_generator_loss_slopes_on_arrays_keep_shape():
    d = np.array([[0.05, 0.5], [0.8, 0.999]])
    s = generator_loss_slopes(d)
    for key in s:
        assert s[key].shape == d.shape
    assert np.allclose(s["dD_saturating"], -1 / (1 - d))
    assert np.allclose(s["dlogit_saturating"], -d)
    assert np.allclose(s["dD_non_saturating"], -1 / d)
    assert np.allclose(s["dlogit_non_saturating"], -(1 - d))
    # 2강 6절의 숫자: D(G(z)) = 0.05에서 D로는 -1.05와 -20, 로짓으로는 -0.05와 -0.95
    assert s["dD_saturating"][0, 0] == pytest.approx(-1.0526315789, abs=1e-9)
    assert s["dD_non_saturating"][0, 0] == pytest.approx(-20.0, abs=1e-9)
    # 한가운데 D = 1/2에서는 두 손실의 기울기가 같다
    assert s["dlogit_saturating"][0, 1] == pytest.approx(s["dlogit_non_saturating"][0, 1]) == pytest.approx(-0.5)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.2, float("nan"), [0.5, 1.0], []])
def test_generator_loss_slopes_rejects_non_probabilities(bad):
    with pytest.raises(ValueError, match="확률"):
        generator_loss_slopes(bad)


# ---------------------------------------------------------------- 슬라이더 뒤의 계산
def test_minimax_terms_values():
    terms = minimax_terms(0.8, 0.3)
    assert terms["V"] == pytest.approx(math.log(0.8) + math.log(0.7), abs=1e-9)
    assert terms["loss_D"] == pytest.approx(-terms["V"], abs=1e-9)
    assert terms["loss_G_saturating"] == pytest.approx(math.log(0.7), abs=1e-9)
    assert terms["loss_G_non_saturating"] == pytest.approx(-math.log(0.3), abs=1e-9)
    assert terms["grad_saturating"] == pytest.approx(-0.3, abs=1e-9)
    assert terms["grad_non_saturating"] == pytest.approx(-0.7, abs=1e-9)
    assert minimax_terms(0.5, 0.5)["V"] == pytest.approx(-LOG4, abs=1e-9)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, 1.5])
def test_minimax_terms_rejects_non_probabilities(bad):
    with pytest.raises(ValueError, match="확률"):
        minimax_terms(bad, 0.5)
    with pytest.raises(ValueError, match="확률"):
        minimax_terms(0.5, bad)


def test_minimax_1d_losses_match_direct_integrals():
    result = minimax_1d(1.0, 0.8, 4.0, 1.25)
    x, p, q, d = result["x"], result["p_data"], result["p_g"], result["d_star"]
    dx = x[1] - x[0]
    inside = np.minimum(p, q) > 1e-15 * np.maximum(p, q)  # 1 - D*가 0으로 반올림되지 않는 구간
    assert result["loss_D"] == pytest.approx(-result["V"], abs=1e-9)
    assert result["loss_G_non_saturating"] == pytest.approx(-np.sum((q * np.log(d))[inside]) * dx, abs=1e-4)
    assert result["loss_G_saturating"] == pytest.approx(np.sum((q * np.log(1 - d))[inside]) * dx, abs=1e-4)
    # 레이블 스무딩: 판별자 손실은 BCE(0.9) 기준이라 더 이상 -V가 아니다
    smooth = minimax_1d(1.0, 0.8, 4.0, 1.25, real_target=0.9)
    assert smooth["loss_D"] != pytest.approx(-smooth["V"], abs=1e-3)


@pytest.mark.parametrize("g_mean, g_std", [(-2.0, 0.2), (10.0, 0.2), (4.0, 3.0), (-2.0, 3.0)])
def test_minimax_1d_stays_finite_at_slider_extremes(g_mean, g_std):
    with np.errstate(divide="raise", invalid="raise", over="raise"):  # 꼬리에서 log 0이나 0 · inf가 생기면 실패 (underflow는 괜찮다)
        result = minimax_1d(g_mean, g_std, 4.0, 1.25)
        smooth = minimax_1d(g_mean, g_std, 4.0, 1.25, real_target=0.7)
    for r in (result, smooth):
        for key in ("V", "jsd", "V_theory", "loss_D", "loss_G_saturating", "loss_G_non_saturating"):
            assert math.isfinite(r[key]), key
    assert abs(result["V"] - result["V_theory"]) < 1e-3


def test_minimax_1d_rejects_bad_arguments():
    with pytest.raises(ValueError, match="표준편차"):
        minimax_1d(1.0, 0.0)
    with pytest.raises(ValueError, match="n_grid"):
        minimax_1d(1.0, 1.0, n_grid=10)


# ---------------------------------------------------------------- 그림과 슬라이더 (프런트엔드 없이)
def test_plots_have_korean_titles_and_labels():
    import matplotlib.pyplot as plt
    setup_korean_font()
    ax = plot_minimax_1d(minimax_1d(1.0, 0.8))
    assert has_hangul(ax.get_title()) and has_hangul(ax.get_xlabel()) and has_hangul(ax.get_ylabel())
    axes = plot_minimax_terms(0.9, 0.05)
    for ax in axes:
        assert has_hangul(ax.get_title()) and has_hangul(ax.get_xlabel()) and has_hangul(ax.get_ylabel())
    axes = plot_generator_loss_slopes(d_mark=0.01)
    assert axes.shape == (2, 2)
    for ax in axes.ravel():
        assert has_hangul(ax.get_title()) and has_hangul(ax.get_xlabel()) and has_hangul(ax.get_ylabel())
        assert "\u2212" not in ax.get_title() + ax.get_xlabel() + ax.get_ylabel()
    assert "로짓" in axes[1, 0].get_xlabel() and "D(G(z))" in axes[0, 0].get_xlabel()
    plt.close("all")


def test_generator_loss_slope_plot_draws_the_helper_values():
    import matplotlib.pyplot as plt
    setup_korean_font()
    axes = plot_generator_loss_slopes(d_mark=0.01)
    # 아랫줄 오른쪽(로짓으로 미분)의 포화형 곡선: 로짓 l에서 -sigmoid(l)
    sat = next(line for line in axes[1, 1].get_lines() if line.get_label() == "포화형")
    l, y = sat.get_xdata(), sat.get_ydata()
    assert np.allclose(y, -1 / (1 + np.exp(-l)))
    assert y[0] > -0.001  # 로짓 -7 (학습 초반)에서 거의 0
    # 윗줄 오른쪽(D로 미분)의 포화형 곡선: D ≈ 0에서 약 -1
    sat_d = next(line for line in axes[0, 1].get_lines() if line.get_label() == "포화형")
    assert sat_d.get_ydata()[0] == pytest.approx(-1 / 0.999)
    with pytest.raises(ValueError, match="확률"):
        plot_generator_loss_slopes(d_mark=0.0)
    plt.close("all")


def test_sliders_build_and_update_without_frontend(ipywidgets):
    import matplotlib.pyplot as plt
    setup_korean_font()
    for widget, names in ((minimax_sliders(), ["g_mean", "g_std", "real_target"]),
                          (loss_sliders(), ["d_real", "d_fake"])):
        assert isinstance(widget, ipywidgets.interactive)
        sliders = [c for c in widget.children if isinstance(c, ipywidgets.FloatSlider)]
        assert len(sliders) == len(names) and list(widget.kwargs) == names
        for slider in sliders:  # 움직여도 오류 없이 다시 계산되어야 한다
            slider.value = slider.min + (slider.max - slider.min) / 3
        assert [widget.kwargs[n] for n in names] == pytest.approx([s.value for s in sliders])
    plt.close("all")


# ---------------------------------------------------------------- 노트북의 약속
def _exercise_and_check_cells(nb):
    """노트북의 (연습 답 칸, 바로 다음의 채점 칸) 짝들."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [(c, code[i + 1]) for i, c in enumerate(code) if "### BEGIN SOLUTION" in c.source]


def test_notebook_exercises_have_solution_markers_and_checkers():
    """노트북의 구조(저장된 출력이 아니라 칸의 코드): 연습 문제 셋 이상, 각 답 칸 다음에 채점기를 부르는 확인 칸."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.cells[0].source.startswith("# 2강. 미니맥스 손실")
    pairs = _exercise_and_check_cells(nb)
    assert len(pairs) >= 3
    for answer, check in pairs:
        assert "### END SOLUTION" in answer.source
        assert "gan_utils.checks" not in answer.source
        assert "check_" in check.source and "NBVAL_CHECK_OUTPUT" in check.source


def test_committed_lesson2_checker_output_is_fresh_and_passes():
    """신선도 검사: 저장소에 저장된 2강 노트북에서 연습 문제마다 채점 칸의 출력이 '정답입니다!'를 보여 준다.

    코드를 실행하지 않고 저장된 출력만 읽는다: 답 칸이나 채점기를 바꾸고 노트북을 다시 실행해 저장하지 않았으면 실패한다.
    지금 코드로 정답이 통과하는지는 tests/test_notebooks.py의 test_papermill_executes[02_미니맥스_손실]
    (`# NBVAL_CHECK_OUTPUT` 칸을 다시 실행해 저장된 출력과 비교)가, 채점기 자체는 tests/test_checks.py가 본다.
    """
    pairs = _exercise_and_check_cells(nbformat.read(NOTEBOOK, as_version=4))
    assert len(pairs) >= 3
    for _, check in pairs:
        outputs = "".join(o.get("text", "") for o in check.outputs)
        assert "정답입니다!" in outputs, outputs


def test_lesson2_quiz_matches_the_lesson():
    """형식과 보기마다의 채점은 tests/test_quizzes.py가 본다. 여기서는 2강의 내용과 맞는지만."""
    saturation = next(item for item in LESSON2_QUIZ if "포화형 생성자 손실" in item["question"])
    assert "로짓" in saturation["choices"][saturation["answer"]]  # 기울기가 사라지는 것은 로짓에 대해서다


def test_committed_lesson2_quiz_fallback_output_is_fresh_and_right():
    """신선도 검사: 저장소에 저장된 2강 노트북에서 퀴즈 대체 칸(check_quiz_answer)의 출력이 정답 판정을 보여 준다.

    코드를 실행하지 않고 저장된 출력만 읽는다. 지금 코드가 같은 출력을 내는지는 tests/test_notebooks.py의
    test_papermill_executes[02_미니맥스_손실](`# NBVAL_CHECK_OUTPUT` 칸 비교)가, 퀴즈 위젯이 있는지와 확인 칸은
    tests/test_quizzes.py, tests/test_claims.py가 모든 강의에 대해 본다.
    """
    nb = nbformat.read(NOTEBOOK, as_version=4)
    fallback = next(c for c in nb.cells if c.cell_type == "code" and "check_quiz_answer(" in c.source)
    assert "정답입니다!" in "".join(o.get("text", "") for o in fallback.outputs)
