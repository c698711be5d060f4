"""3강(1차원 가우시안 GAN): 새 지표·그림 함수, 노트북 기본 설정의 짧은 학습, 연습 문제 채점기."""
import ast
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat
import numpy as np
import pytest
import torch
from torch import nn

from conftest import parse_figures
from gan_utils import checks as chk
from gan_utils.data import sample_mixture_1d, sample_real_1d
from gan_utils.metrics import discriminator_slope, kl_divergence_hist, kl_normal, mode_coverage
from gan_utils.models import Discriminator, Generator
from gan_utils.plots import animate_gan_moments, plot_divergence_curves, plot_gan_moment, plot_gradient_arrows
from gan_utils.train import generate, train_gan

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOK = ROOT / "notebooks" / "03_1차원_가우시안_GAN.ipynb"


class Bowl(nn.Module):
    """로짓 = -(x - 4)²인 가짜 판별자: 기울기는 -2(x - 4), 늘 x = 4 쪽을 가리킨다."""

    def __init__(self):
        super().__init__()
        self.center = nn.Parameter(torch.tensor(4.0))

    def forward(self, x):
        return -(x - self.center) ** 2


# ---------------------------------------------------------------- metrics: mode_coverage, discriminator_slope
def test_mode_coverage_two_peaks_half_each_and_one_peak_all_in_one():
    gen = torch.Generator().manual_seed(0)
    both = sample_mixture_1d(20_000, means=(-2.0, 2.0), stds=(0.5, 0.5), generator=gen)
    left, right = mode_coverage(both, (-2.0, 2.0), radius=1.0)
    assert left == pytest.approx(0.477, abs=0.02) and right == pytest.approx(0.477, abs=0.02)
    one = -2.0 + 0.5 * torch.randn(20_000, 1, generator=gen)
    left, right = mode_coverage(one, (-2.0, 2.0), radius=1.0)
    assert left == pytest.approx(0.954, abs=0.01) and right == 0.0
    assert mode_coverage(np.array([0.0, 10.0]), [0.0], radius=0.5) == (0.5,)


def test_mode_coverage_rejects_bad_arguments():
    with pytest.raises(ValueError, match="radius"):
        mode_coverage(np.zeros(10), (0.0,), radius=0)
    with pytest.raises(ValueError, match="centers"):
        mode_coverage(np.zeros(10), (), radius=1.0)
    with pytest.raises(ValueError, match="NaN"):
        mode_coverage(np.array([0.0, np.nan]), (0.0,), radius=1.0)


def test_discriminator_slope_matches_known_derivative_and_leaves_d_untouched():
    D = Bowl().train()
    x = np.array([0.0, 3.0, 4.0, 6.5])
    np.testing.assert_allclose(discriminator_slope(D, x), -2 * (x - 4), atol=1e-5)
    assert D.center.grad is None and D.training  # 가중치 기울기를 쌓지 않고, 학습 모드도 그대로
    torch.manual_seed(0)
    real_d = Discriminator(in_dim=1, hidden=(16, 16), dropout=0.0)
    pts = torch.tensor([[-1.3], [0.7], [2.2]], dtype=torch.float64)
    h = 1e-3
    with torch.no_grad():
        numeric = (real_d(pts.float() + h) - real_d(pts.float() - h)).squeeze(1).double() / (2 * h)
    np.testing.assert_allclose(discriminator_slope(real_d, pts), numeric.numpy(), rtol=1e-2, atol=1e-3)


# ---------------------------------------------------------------- plots
def test_gradient_arrows_point_where_the_logit_rises_and_are_clipped():
    import matplotlib.pyplot as plt
    _, ax = plt.subplots()
    quiver = plot_gradient_arrows(Bowl(), np.array([0.0, 3.5, 4.5, 9.0]), ax, scale=0.5, max_len=1.5)
    u = np.asarray(quiver.U)
    assert u[0] > 0 and u[1] > 0 and u[2] < 0 and u[3] < 0  # 모두 x = 4 쪽
    assert u[0] == pytest.approx(1.5) and u[3] == pytest.approx(-1.5)  # 자르기
    assert u[1] == pytest.approx(0.5) and np.all(np.asarray(quiver.V) == 0)


def test_gan_moment_draws_three_curves_and_arrows_on_fixed_axes():
    import matplotlib.pyplot as plt
    real = sample_real_1d(2000, generator=torch.Generator().manual_seed(1))
    fake = real - 2
    ax = plot_gan_moment(real, fake, Bowl(), x_range=(-2, 9), title="에폭 1", n_arrows=5)
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"진짜 데이터 밀도", "생성자 밀도", "판별자 D(x)"} <= set(labels)
    assert len(ax.collections) == 1 and len(ax.collections[0].U) == 5
    assert ax.get_xlim() == (-2, 9) and ax.get_ylim()[1] == pytest.approx(1.05)
    assert ax.get_title() == "에폭 1"
    _, ax2 = plt.subplots()
    plot_gan_moment(real, fake, None, ax=ax2, legend=False)
    assert len(ax2.get_lines()) == 3 and not ax2.collections and ax2.get_legend() is None  # 2개 곡선 + 0 기준선


def test_animation_has_one_frame_per_moment_and_saves_a_gif(tmp_path):
    from matplotlib.animation import PillowWriter
    from PIL import Image
    real = sample_real_1d(1000, generator=torch.Generator().manual_seed(2))
    moments = [(f"에폭 {i}", real - 3 + i, Bowl()) for i in range(3)]
    anim = animate_gan_moments(real, moments, (-3, 9), dpi=30)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 3
    path = tmp_path / "a.gif"
    anim.save(path, writer=PillowWriter(fps=2))
    assert Image.open(path).n_frames == 3
    with pytest.raises(ValueError, match="moments"):
        animate_gan_moments(real, [], (-3, 9))


def test_animation_frames_are_projector_wide_with_the_lesson_style():
    import base64
    import re
    from gan_utils.plots import use_lesson_style
    real = sample_real_1d(500, generator=torch.Generator().manual_seed(2))
    with matplotlib.rc_context():
        use_lesson_style()
        html = animate_gan_moments(real, [("에폭 0", real - 3, Bowl())], (-3, 9)).to_jshtml()
    start = html.index("data:image/png;base64,") + len("data:image/png;base64,")
    head = base64.b64decode(re.sub(r"[^A-Za-z0-9+/]", "", html[start:start + 200])[:32])  # PNG 머리: 너비는 16~20바이트
    assert head[1:4] == b"PNG" and int.from_bytes(head[16:20], "big") >= 800


def test_divergence_curves_draw_floor_lines_and_plain_log_labels():
    history = {"epoch": [1, 2, 3], "kl": [5.0, 0.3, 0.02], "js": [0.5, 0.05, 0.002]}
    ax = plot_divergence_curves(history, ["kl", "js"], floor={"바닥 1": 0.018, "바닥 2": 0.2}, labels={"kl": "KL"})
    lines = ax.get_lines()
    assert len(lines) == 4 and lines[0].get_label() == "KL"
    assert [line.get_ydata()[0] for line in lines[2:]] == [0.018, 0.2]
    assert ax.get_yscale() == "log"
    assert ax.yaxis.get_major_formatter()(0.01, 0) == "0.01"  # 10^-2 (유니코드 마이너스) 대신


# ---------------------------------------------------------------- 노트북 기본 설정으로 짧게 학습
def _notebook_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    values = {}
    for node in ast.parse(cell.source).body:
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def test_short_run_with_notebook_defaults_lowers_kl_fivefold():
    p = _notebook_parameters()
    torch.manual_seed(p["SEED"])
    G = Generator(z_dim=p["Z_DIM"], hidden=p["G_HIDDEN"], out_dim=1, out_activation=None, noise=p["NOISE"])
    D = Discriminator(in_dim=1, hidden=p["D_HIDDEN"], dropout=0.0)
    real = sample_real_1d(10_000, p["TARGET_MEAN"], p["TARGET_STD"], generator=torch.Generator().manual_seed(7))
    kl = lambda g: kl_divergence_hist(real, generate(g, 10_000, seed=8), 100)  # noqa: E731
    kl_start = kl(G)
    history = train_gan(G, D, lambda n: sample_real_1d(n, p["TARGET_MEAN"], p["TARGET_STD"]), epochs=3,
                        batch_size=p["BATCH_SIZE"], steps_per_epoch=p["STEPS_PER_EPOCH"], lr_g=p["LR_G"],
                        lr_d=p["LR_D"], betas=(0.5, 0.999), k=p["K"], real_target=p["REAL_TARGET"],
                        seed=p["SEED"], device="cpu", progress=False, metrics={"kl": kl})
    assert kl_start > 1.0
    assert history["kl"][-1] <= kl_start / 5, (kl_start, history["kl"])


def test_committed_lesson3_output_is_fresh_and_converged():
    """신선도 검사: 저장소에 저장된 노트북 출력(기본 설정의 전체 실행)의 요약 칸이 완료 기준을 만족한다.

    코드를 실행하지 않고 저장된 숫자만 읽는다: 누군가 노트북을 기본 설정으로 다시 실행해 저장하지 않았거나 짧은 실행을
    저장했으면 실패한다. 학습 코드 자체의 동작은 test_short_run_with_notebook_defaults_lowers_kl_fivefold(위)와
    tests/test_notebooks.py의 papermill 실행(요약 칸의 이름과 값)이 본다.
    """
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "".join(out.get("text", "") for out in nb.cells[-1].outputs if out.output_type == "stream")
    figures = {name: float(value) for name, value in parse_figures(text).items()}
    assert set(figures) == {"final_kl_hist", "kl_floor", "kl_gauss", "js", "gen_mean", "gen_std", "train_seconds"}
    p = _notebook_parameters()
    assert figures["final_kl_hist"] <= 0.03
    assert abs(figures["gen_mean"] / p["TARGET_MEAN"] - 1) <= 0.05
    assert abs(figures["gen_std"] / p["TARGET_STD"] - 1) <= 0.05
    assert figures["train_seconds"] < 60


# ---------------------------------------------------------------- 연습 1: 히스토그램 KL
def _kl_reference(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real) + 1e-10
    q = np.histogram(fake, edges)[0] / len(fake) + 1e-10
    return float(np.sum(p * np.log(p / q)))


# 흔한 오답: 학생이 쓸 법한 코드를 하나씩 손으로 적는다. 채점기의 실수 모형(_hist_kl_variant)으로 만들면
# 그 모형이 틀렸을 때 테스트도 같이 틀려 아무것도 잡지 못한다.
def _kl_reversed(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real) + 1e-10
    q = np.histogram(fake, edges)[0] / len(fake) + 1e-10
    return float(np.sum(q * np.log(q / p)))


def _kl_separate_bins(real, fake, bins):
    p = np.histogram(real, bins)[0] / len(real) + 1e-10  # 칸 수만 주면 표본마다 자기 범위로 나눈다
    q = np.histogram(fake, bins)[0] / len(fake) + 1e-10
    return float(np.sum(p * np.log(p / q)))


def _kl_combined_range(real, fake, bins):
    both = np.concatenate([real, fake])
    edges = np.linspace(both.min(), both.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real) + 1e-10
    q = np.histogram(fake, edges)[0] / len(fake) + 1e-10
    return float(np.sum(p * np.log(p / q)))


def _kl_density_true(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges, density=True)[0] + 1e-10
    q = np.histogram(fake, edges, density=True)[0] + 1e-10
    return float(np.sum(p * np.log(p / q)))


def _kl_divided_by_width(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    width = edges[1] - edges[0]
    p = np.histogram(real, edges)[0] / (len(real) * width) + 1e-10
    q = np.histogram(fake, edges)[0] / (len(fake) * width) + 1e-10
    return float(np.sum(p * np.log(p / q)))


def _kl_counts(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] + 1e-10
    q = np.histogram(fake, edges)[0] + 1e-10
    return float(np.sum(p * np.log(p / q)))


def _kl_renormalized(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    count_p, count_q = np.histogram(real, edges)[0], np.histogram(fake, edges)[0]
    p = count_p / count_p.sum() + 1e-10
    q = count_q / count_q.sum() + 1e-10  # 범위 밖으로 나간 가짜를 빼고 나눈다
    return float(np.sum(p * np.log(p / q)))


def _kl_log2(real, fake, bins):
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real) + 1e-10
    q = np.histogram(fake, edges)[0] / len(fake) + 1e-10
    return float(np.sum(p * np.log2(p / q)))


@pytest.mark.parametrize("fn", [_kl_reference, lambda r, f, b: kl_divergence_hist(r, f, b),
                                lambda r, f, b: torch.tensor(_kl_reference(r, f, b))])
def test_kl_hist_checker_accepts_correct_answers(fn, capsys):
    assert chk.check_kl_hist(fn, seed=0)
    assert capsys.readouterr().out.startswith("정답입니다!")


@pytest.mark.parametrize("fn, code", [
    (_kl_reversed, "reversed"),
    (_kl_separate_bins, "separate_bins"),
    (_kl_combined_range, "combined_range"),
    (_kl_density_true, "density"),
    (_kl_divided_by_width, "density"),
    (_kl_counts, "counts"),
    (_kl_renormalized, "renormalized"),
    (_kl_log2, "log2"),
    (lambda r, f, b: _kl_reference(r, f, b) + 0.3, "wrong_value"),
])
def test_kl_hist_checker_names_typical_mistakes(fn, code, capsys):
    result = chk.check_kl_hist(fn, seed=1)
    assert not result and result.code == code
    out = capsys.readouterr().out
    assert out.startswith("아직 아닙니다.") and "힌트:" in out and "np.sum((p" not in out


def test_kl_hist_checker_explains_missing_eps():
    def no_eps(real, fake, bins):
        edges = np.linspace(real.min(), real.max(), bins + 1)
        p = np.histogram(real, edges)[0] / len(real)
        q = np.histogram(fake, edges)[0] / len(fake)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(p * np.log(p / q)))

    result = chk.check_kl_hist(no_eps, seed=2, verbose=False)
    assert result.code == "not_finite" and "eps" in result.message
    def huge_eps(real, fake, bins):
        edges = np.linspace(real.min(), real.max(), bins + 1)
        p = np.histogram(real, edges)[0] / len(real) + 1e-2
        q = np.histogram(fake, edges)[0] / len(fake) + 1e-2
        return float(np.sum(p * np.log(p / q)))

    assert chk.check_kl_hist(huge_eps, seed=2, verbose=False).code in ("wrong_value", "empty_bins")


@pytest.mark.parametrize("fn, code", [
    (None, "no_function"),
    ("my_kl_hist", "not_callable"),
    (lambda r, f, b: (_ for _ in ()).throw(NotImplementedError()), "not_implemented"),
    (lambda r, f, b: 1 / 0, "exception"),
    (lambda r, f, b: None, "returned_none"),
    (lambda r, f, b: [1.0, 2.0], "wrong_type"),
    (lambda r, f: 0.0, "wrong_signature"),
    (lambda r, f, b: np.zeros(b), "not_reduced"),
])
def test_kl_hist_checker_survives_unfinished_answers(fn, code):
    result = chk.check_kl_hist(fn, verbose=False)
    assert not result and result.code == code and "힌트:" in result.message


# ---------------------------------------------------------------- 연습 2: 정규분포 KL
def test_kl_normal_checker_accepts_reference(capsys):
    assert chk.check_kl_normal(kl_normal)
    assert chk.check_kl_normal(lambda mp, sp, mq, sq: np.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5)
    assert capsys.readouterr().out.count("정답입니다!") == 2


@pytest.mark.parametrize("fn, code", [
    (lambda mp, sp, mq, sq: kl_normal(mq, sq, mp, sp), "reversed"),
    (lambda mp, sp, mq, sq: kl_normal(mp, sp, mq, sq) + 0.5, "missing_half"),
    (lambda mp, sp, mq, sq: math.log(sq ** 2 / sp ** 2) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5, "variance_log"),
    (lambda mp, sp, mq, sq: math.log(sp / sq) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5, "log_flipped"),
    (lambda mp, sp, mq, sq: math.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq) - 0.5, "std_not_var"),
    (lambda mp, sp, mq, sq: math.log(sq / sp) + sp ** 2 / (2 * sq ** 2) - 0.5, "missing_mean"),
    (lambda mp, sp, mq, sq: 0.123, "wrong_value"),
])
def test_kl_normal_checker_names_typical_mistakes(fn, code):
    result = chk.check_kl_normal(fn, seed=3, verbose=False)
    assert not result and result.code == code and "힌트:" in result.message


@pytest.mark.parametrize("fn, code", [
    (None, "no_function"),
    (lambda mp, sp, mq, sq: (_ for _ in ()).throw(NotImplementedError()), "not_implemented"),
    (lambda mp, sp, mq, sq: "0.5", "wrong_type"),
    (lambda mp, sp, mq, sq: math.log(-1.0), "exception"),
    (lambda mp, sp, mq, sq: float("nan"), "not_finite"),
])
def test_kl_normal_checker_survives_unfinished_answers(fn, code):
    result = chk.check_kl_normal(fn, verbose=False)
    assert not result and result.code == code


# ---------------------------------------------------------------- 연습 3: 목표 바꾸고 예측하기
def _setup(target=(-1.0, 0.5), sample_with=None, prediction=None):
    sample_with = sample_with or target

    def new_target():
        return target, (lambda n: sample_real_1d(n, mean=sample_with[0], std=sample_with[1])), prediction or target
    return new_target


def test_new_target_checker_accepts_a_correct_setup(capsys):
    assert chk.check_new_target(_setup())
    assert chk.check_new_target(_setup(target=(10.0, 3.0)))
    assert capsys.readouterr().out.count("정답입니다!") == 2


@pytest.mark.parametrize("fn, code", [
    (_setup(sample_with=(4.0, 1.25)), "sampler_default"),  # sample_real_1d에 평균, 표준편차를 안 넘김
    (_setup(sample_with=(-1.0, 0.25)), "variance_as_std"),
    (_setup(sample_with=(0.0, 1.0)), "standard_normal"),
    (_setup(prediction=(4.0, 1.25)), "predicted_old_target"),
    (_setup(prediction=(0.0, 1.0)), "predicted_noise"),
    (_setup(prediction=(-1.0, 0.25)), "predicted_variance"),
    (_setup(prediction=(2.0, 2.0)), "wrong_prediction"),
    (_setup(target=(4.0, 1.25)), "unchanged_target"),
    (lambda: ((-1.0, 0.5), (lambda n: sample_real_1d(n, -1.0, 0.5).squeeze(1)), (-1.0, 0.5)), "wrong_shape"),
    (lambda: ((-1.0, 0.5), None, (-1.0, 0.5)), "not_callable"),
])
def test_new_target_checker_names_typical_mistakes(fn, code):
    result = chk.check_new_target(fn, verbose=False)
    assert not result and result.code == code and result.what and result.hint
    for text in (result.hint, result.note):  # 힌트와 참고에 정답(새 목표의 평균, 표준편차)을 적지 않는다
        assert "-1.0, 0.5)" not in text, text


@pytest.mark.parametrize("fn, code", [
    (None, "no_function"),
    (lambda: (_ for _ in ()).throw(NotImplementedError()), "not_implemented"),
    (lambda: None, "returned_none"),
    (lambda: (-1.0, 0.5), "wrong_structure"),
    (lambda: ("a", print, (1, 2)), "bad_target"),
    (lambda: ((-1.0, -0.5), print, (1, 2)), "bad_target"),
    (lambda: ((-1.0, 0.5), (lambda n: sample_real_1d(n, -1.0, 0.5)), "모름"), "bad_prediction"),
])
def test_new_target_checker_survives_unfinished_answers(fn, code):
    result = chk.check_new_target(fn, verbose=False)
    assert not result and result.code == code


def test_compare_prediction_reports_and_never_crashes(capsys):
    good = chk.compare_prediction((-1.0, 0.5), sample_real_1d(10_000, -1.01, 0.505, generator=torch.Generator().manual_seed(0)))
    assert good["ok"] and good["mean"] == pytest.approx(-1.01, abs=0.02)
    bad = chk.compare_prediction((-1.0, 0.5), np.full(100, 3.0) + np.linspace(0, 1, 100))
    assert not bad["ok"] and "EX_EPOCHS" in bad["message"]
    for prediction, samples in ((None, None), ((1, 2), "abc"), ((1, 2), [np.nan, 1.0])):
        assert not chk.compare_prediction(prediction, samples)["ok"]
    assert "예측" in capsys.readouterr().out


# ---------------------------------------------------------------- 퀴즈와 본문 주장의 확인 칸
def test_lesson3_quiz_matches_the_lesson():
    """형식과 보기마다의 채점은 tests/test_quizzes.py가 본다. 여기서는 3강의 내용과 맞는지만."""
    from gan_utils.quizzes import LESSON3_QUIZ

    def answer(keyword):
        (item,) = [q for q in LESSON3_QUIZ if keyword in q["question"]]
        return item["choices"][item["answer"]]

    assert "ε" in answer("10만큼 더 왼쪽")  # 천장: 거리가 아니라 ε가 값을 정한다
    assert "빠진 봉우리" in answer("KL(p_real ‖ p_fake)입니다")  # 방향: 진짜가 있는데 가짜가 없는 곳을 벌한다
    assert "mode_coverage" in answer("모드 붕괴")
    assert "[-1, 1]" in answer("선형")


def _quiz_fallback_cell(nb):
    return next(c for c in nb.cells if c.cell_type == "code" and "check_quiz_answer(" in c.source)


def test_notebook_shows_the_quiz_fallback_and_the_epsilon_ceiling():
    """노트북의 코드(저장된 출력이 아니라): 퀴즈 대체 칸은 nbval이 출력을 비교하는 칸이고, ε 천장과 KL의 방향을 보여 준다.

    퀴즈 위젯이 있는지와 확인 칸은 tests/test_quizzes.py, tests/test_claims.py가 모든 강의에 대해 본다.
    """
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "NBVAL_CHECK_OUTPUT" in _quiz_fallback_cell(nb).source
    # 천장(ε)과 KL의 방향을 실제로 보여 준다
    sources = "\n".join(c.source for c in code)
    assert "eps=e" in sources and "uncovered_mass" in sources and "kl_divergence_hist(fake, mix_eval" in sources


def test_committed_lesson3_quiz_fallback_output_is_fresh_and_gives_a_hint():
    """신선도 검사: 저장소에 저장된 3강 노트북에서 퀴즈 대체 칸(일부러 틀린 답)의 출력이 힌트를 보여 준다.

    코드를 실행하지 않고 저장된 출력만 읽는다. 지금 코드가 같은 출력을 내는지는 tests/test_notebooks.py의
    test_papermill_executes[03_1차원_가우시안_GAN](`# NBVAL_CHECK_OUTPUT` 칸 비교)가, 퀴즈 채점 자체는 tests/test_quizzes.py가 본다.
    """
    fallback = _quiz_fallback_cell(nbformat.read(NOTEBOOK, as_version=4))
    assert "힌트:" in "".join(o.get("text", "") for o in fallback.outputs)


def test_claim_flags_cover_every_parameter_and_the_text_explains_them():
    """FULL_RUN은 매개변수 칸의 모든 이름을 기본값과 비교하고, 본문이 두 플래그(FULL_RUN, DEFAULT_SETUP)의 뜻을 설명한다."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (setup,) = [c for c in nb.cells if c.cell_type == "code" and "FULL_RUN = " in c.source]
    flags = setup.source[setup.source.index("DEFAULT_SETUP = "):]
    flags = flags[:flags.index("\n\n")]
    missing = [name for name in _notebook_parameters() if name not in flags]
    assert not missing, missing
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "`FULL_RUN`" in text and "`DEFAULT_SETUP`" in text and "실행은 계속됩니다" in text
