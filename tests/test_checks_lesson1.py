"""1강(위조지폐범과 경찰) 연습 채점기 테스트: check_police_batch, check_police_accuracy, check_counterfeiter_step.

정답(여러 방식)은 통과하고, 흔한 오답은 그 실수를 콕 집은 한국어 힌트로 걸러지며, 덜 쓴 답(None,
NotImplementedError, 틀린 자료형·모양)에서도 채점기가 멈추지 않고 이유를 설명하는지 확인한다.
"""
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

from conftest import run_checker
from gan_utils import counterfeit
from gan_utils.checks import check_counterfeiter_step, check_police_accuracy, check_police_batch
from gan_utils.checks.core import PASS_TEXT
from gan_utils.checks.lesson1 import _candidate_scores, _police

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_위조지폐범과_경찰.ipynb"
SEEDS = [0, 1, 2, None]  # 무작위 입력이 달라도 판정이 흔들리지 않아야 한다


def assert_rejected(result, code, phrases):
    assert not result.passed and result.code == code, result.message
    for phrase in phrases:
        assert phrase in result.message, (phrase, result.message)
    assert "힌트:" in result.message and "return " not in result.message  # 정답 코드는 보여 주지 않는다


def not_implemented(*args):
    raise NotImplementedError


# ================================================================ 연습 1: 경찰의 학습 배치
def batch_ones_like(real, fake):
    return torch.cat([real, fake]), torch.cat([torch.ones_like(real), torch.zeros_like(fake)])


def batch_by_size(real, fake):
    inputs = torch.cat([real, fake], dim=0)
    labels = torch.zeros(len(inputs), 1)
    labels[:len(real)] = 1.0
    return inputs, labels


@pytest.mark.parametrize("fn", [batch_ones_like, batch_by_size, lambda r, f: list(batch_ones_like(r, f))],
                         ids=["ones_like", "by_size", "list"])
@pytest.mark.parametrize("seed", SEEDS)
def test_police_batch_accepts_correct_answers(fn, seed):
    result = run_checker(check_police_batch, fn, seed)
    assert result.passed and result.code == "ok", result.message
    assert result.message.startswith(PASS_TEXT)


def labels_of(real_label, fake_label, flat=False):
    def fn(real, fake):
        shape_r, shape_f = ((len(real),), (len(fake),)) if flat else (real.shape, fake.shape)
        return torch.cat([real, fake]), torch.cat([torch.full(shape_r, real_label), torch.full(shape_f, fake_label)])
    return fn


BATCH_WRONG = [
    # (오답, 기대하는 code, 메시지에 꼭 있어야 할 문구들)
    (labels_of(0.0, 1.0), "labels_swapped", ["뒤바뀌었습니다", "진짜 지폐 → 1"]),
    (labels_of(1.0, 1.0), "all_ones", ["위폐에도 레이블 1", "위조범(생성자) 단계"]),
    (labels_of(0.0, 0.0), "all_zeros", ["진짜 지폐에도 레이블 0"]),
    (labels_of(1.0, 0.0, flat=True), "label_shape", ["(120,)", "(120, 1)", "BCE"]),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones(64, 1), torch.zeros(64, 1)])), "label_count",
     ["128줄", "120줄", "숫자로"]),
    (lambda r, f: (torch.cat([r, f]), torch.ones_like(r)), "missing_labels", ["48개만", "120개"]),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones(len(r), 1, dtype=torch.long),
                                                 torch.zeros(len(f), 1, dtype=torch.long)])),
     "labels_not_float", ["torch.int64", "실수"]),
    (lambda r, f: (torch.cat([f, r]), torch.cat([torch.zeros_like(f), torch.ones_like(r)])), "order",
     ["위폐가 먼저", "진짜 배치를 먼저"]),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.zeros_like(f), torch.ones_like(r)])), "labels_misaligned",
     ["inputs와 다릅니다"]),
    (lambda r, f: (torch.stack([r, f]), torch.stack([torch.ones_like(r), torch.zeros_like(f)])), "stacked",
     ["stack expects", "torch.stack은", "torch.cat으로"]),
    (lambda r, f: ([r, f], torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "not_concatenated", ["torch.cat"]),
    (lambda r, f: (torch.cat([r, f]).ravel(), torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "inputs_shape",
     ["(120,)", "(120, 1)"]),
    (lambda r, f: (torch.cat([r, f * 0]), torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "wrong_inputs",
     ["그대로 이어 붙이기만"]),
    (labels_of(0.9, 0.0), "smoothed", ["0.9", "진짜 1"]),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones_like(r), torch.full_like(f, 0.5)])), "wrong_labels",
     ["위폐 자리 레이블의 평균 0.500"]),
]


@pytest.mark.parametrize("fn, code, phrases", BATCH_WRONG, ids=[w[1] + str(i) for i, w in enumerate(BATCH_WRONG)])
def test_police_batch_rejects_typical_mistakes(fn, code, phrases):
    assert_rejected(run_checker(check_police_batch, fn), code, phrases)


@pytest.mark.parametrize("seed", SEEDS)
def test_police_batch_diagnosis_does_not_depend_on_the_inputs(seed):
    assert run_checker(check_police_batch, labels_of(0.0, 1.0), seed).code == "labels_swapped"
    assert run_checker(check_police_batch, labels_of(1.0, 0.0, flat=True), seed).code == "label_shape"


def batch_numpy(real, fake):
    return np.concatenate([real.numpy(), fake.numpy()]), np.r_[np.ones(len(real)), np.zeros(len(fake))]


BATCH_HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (not_implemented, "not_implemented", "NotImplementedError"),
    (lambda r, f: None, "returned_none", "None"),
    (lambda r, f: torch.cat([r, f]), "not_pair", "Tensor 하나"),
    (lambda r, f: (r, f, r), "not_pair", "값 3개"),
    (batch_numpy, "not_tensor", "ndarray"),
    (lambda r, f: (torch.cat([r, f]), torch.ones(3) + torch.ones(2)), "exception", "RuntimeError"),
    (lambda r: (r, r), "wrong_signature", "인자 개수"),
    ("make_police_batch", "not_callable", "str"),
]


@pytest.mark.parametrize("fn, code, phrase", BATCH_HALF_WRITTEN,
                         ids=[h[1] + str(i) for i, h in enumerate(BATCH_HALF_WRITTEN)])
def test_police_batch_explains_half_written_answers(fn, code, phrase):
    result = run_checker(check_police_batch, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


# ================================================================ 연습 2: 경찰의 정확도
def accuracy_mean(d_real, d_fake):
    return ((d_real >= 0.5).float().mean() + (d_fake < 0.5).float().mean()) / 2


def accuracy_count(d_real, d_fake):
    correct = (d_real > 0.5).sum() + (d_fake <= 0.5).sum()  # > 로 판정해도 통과해야 한다
    return correct.item() / (len(d_real) + len(d_fake))


def accuracy_numpy(d_real, d_fake):
    decisions = np.concatenate([d_real.numpy().ravel() >= 0.5, d_fake.numpy().ravel() >= 0.5])
    labels = np.r_[np.ones(len(d_real)), np.zeros(len(d_fake))]
    return float(np.mean(decisions == labels))


@pytest.mark.parametrize("fn", [accuracy_mean, accuracy_count, accuracy_numpy], ids=["mean", "count_gt", "numpy"])
@pytest.mark.parametrize("seed", SEEDS)
def test_police_accuracy_accepts_correct_answers(fn, seed):
    result = run_checker(check_police_accuracy, fn, seed)
    assert result.passed and result.code == "ok", result.message


def test_police_accuracy_agrees_with_the_lesson_simulation():
    """같은 수의 진짜와 위폐를 경찰의 규칙으로 판정하면 counterfeit.police_accuracy의 accuracy와 같아야 한다."""
    rng = np.random.default_rng(0)
    real, fake = rng.normal(4.0, 1.25, 200_000), rng.normal(2.5, 0.8, 200_000)
    d_real = torch.from_numpy(counterfeit.police_rule(real, 4.0, 1.25, 2.5, 0.8)).unsqueeze(1)
    d_fake = torch.from_numpy(counterfeit.police_rule(fake, 4.0, 1.25, 2.5, 0.8)).unsqueeze(1)
    expected = counterfeit.police_accuracy(4.0, 1.25, 2.5, 0.8)["accuracy"]
    assert accuracy_mean(d_real, d_fake).item() == pytest.approx(expected, abs=5e-3)


ACCURACY_WRONG = [
    (lambda r, f: ((r > 0.5).float().mean() + (f > 0.5).float().mean()) / 2, "fake_side_flipped",
     ["거꾸로", "D < 0.5"]),
    (lambda r, f: (r >= 0.5).float().mean(), "real_only", ["진짜 지폐 쪽만"]),
    (lambda r, f: (f < 0.5).float().mean(), "fake_only", ["위폐 쪽만"]),
    (lambda r, f: 1 - accuracy_mean(r, f), "error_rate", ["틀린 비율"]),
    (lambda r, f: (r >= 0.5).float().mean() + (f < 0.5).float().mean(), "not_averaged", ["더하기만"]),
    (lambda r, f: (r >= 0.5).sum() + (f < 0.5).sum(), "count_not_fraction", ["개수"]),
    (lambda r, f: 100 * accuracy_mean(r, f), "percent", ["백분율"]),
    (lambda r, f: (r.mean() + (1 - f).mean()) / 2, "no_threshold", ["0.5를 기준으로"]),
    (lambda r, f: ((r >= 0.5).mean() + (f < 0.5).mean()) / 2, "exception", ["bool", ".float()"]),
    (lambda r, f: torch.cat([r >= 0.5, f < 0.5]).float(), "not_reduced", ["비율 하나로"]),
    (lambda r, f: (r >= 0.6).float().mean() / 2 + (f < 0.4).float().mean() / 2, "wrong_value", ["D ≥ 0.5"]),
]


@pytest.mark.parametrize("fn, code, phrases", ACCURACY_WRONG,
                         ids=[w[1] + str(i) for i, w in enumerate(ACCURACY_WRONG)])
def test_police_accuracy_rejects_typical_mistakes(fn, code, phrases):
    assert_rejected(run_checker(check_police_accuracy, fn), code, phrases)


@pytest.mark.parametrize("seed", SEEDS)
def test_police_accuracy_diagnosis_does_not_depend_on_the_inputs(seed):
    for fn, code, _ in ACCURACY_WRONG[:8]:
        assert run_checker(check_police_accuracy, fn, seed).code == code


ACCURACY_HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (not_implemented, "not_implemented", "NotImplementedError"),
    (lambda r, f: None, "returned_none", "None"),
    (lambda r, f: (0.5, 0.5), "wrong_type", "숫자 하나"),
    (lambda r, f: "50%", "wrong_type", "숫자 하나"),
    (lambda r, f: float("nan"), "not_finite", "NaN"),
    (lambda r: 0.5, "wrong_signature", "인자 개수"),
]


@pytest.mark.parametrize("fn, code, phrase", ACCURACY_HALF_WRITTEN,
                         ids=[h[1] + str(i) for i, h in enumerate(ACCURACY_HALF_WRITTEN)])
def test_police_accuracy_explains_half_written_answers(fn, code, phrase):
    result = run_checker(check_police_accuracy, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


# ================================================================ 연습 3: 위조범의 한 걸음
def step_loop(fake_mean, fake_std, eps, police, step):
    best_mean, best_score = fake_mean, -1.0
    for candidate in (fake_mean - step, fake_mean, fake_mean + step):
        score = police(candidate + fake_std * eps).mean()
        if score > best_score:
            best_mean, best_score = candidate, score
    return best_mean


def step_argmax(fake_mean, fake_std, eps, police, step):
    candidates = np.array([fake_mean - step, fake_mean, fake_mean + step])
    scores = [np.mean(police(c + fake_std * eps)) for c in candidates]
    return candidates[np.argmax(scores)]  # numpy 스칼라도 숫자로 받는다


def step_log_torch(fake_mean, fake_std, eps, police, step):
    # 시뮬레이션처럼 평균 log D로 골라도, 결과를 torch 텐서로 돌려줘도 통과한다
    candidates = torch.tensor([fake_mean - step, fake_mean, fake_mean + step], dtype=torch.float64)
    scores = torch.stack([torch.log(torch.as_tensor(police(c.item() + fake_std * eps))).mean() for c in candidates])
    return candidates[scores.argmax()]


@pytest.mark.parametrize("fn", [step_loop, step_argmax, step_log_torch], ids=["loop", "argmax", "log_torch"])
@pytest.mark.parametrize("seed", SEEDS)
def test_counterfeiter_step_accepts_correct_answers(fn, seed):
    result = run_checker(check_counterfeiter_step, fn, seed)
    assert result.passed and result.code == "ok", result.message


@pytest.mark.parametrize("start", [(0.0, 0.5), (6.0, 0.8), (2.0, 1.0)])
def test_counterfeiter_step_moves_like_the_lesson_simulation(start):
    """작은 보폭이면 세 후보 중 고른 쪽이 counterfeit.counterfeiter_step(기울기로 오르기)이 평균을 옮기는 쪽과 같다."""
    fake_mean, fake_std = start
    eps = np.random.default_rng(0).standard_normal(4000)
    police = _police(4.0, 1.25, fake_mean, fake_std)
    new_mean, _ = counterfeit.counterfeiter_step(fake_mean, fake_std, 4.0, 1.25, fake_mean, fake_std, learning_rate=0.1)
    candidates, scores = _candidate_scores(fake_mean, fake_std, eps, police, 0.05)
    ours = candidates[int(np.argmax(scores))]
    assert np.sign(ours - fake_mean) == np.sign(new_mean - fake_mean) != 0


def step_argmin(fake_mean, fake_std, eps, police, step):
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmin([police(c + fake_std * eps).mean() for c in candidates]))]


def step_no_stay(fake_mean, fake_std, eps, police, step):
    left, right = police(fake_mean - step + fake_std * eps).mean(), police(fake_mean + step + fake_std * eps).mean()
    return fake_mean + step if right > left else fake_mean - step


def step_returns_score(fake_mean, fake_std, eps, police, step):
    return max(police(c + fake_std * eps).mean() for c in (fake_mean - step, fake_mean, fake_mean + step))


STEP_WRONG = [
    (step_argmin, "wrong_direction", ["가장 낮은 쪽", "가장 큰 후보"]),
    (step_no_stay, "no_stay", ["입력 묶음 3", "지금 자리가 가장 좋은데도", "세 개"]),
    (step_returns_score, "returned_score", ["새 평균"]),
    (lambda m, s, e, p, st: step_loop(m, s, e, p, st) - m, "returned_change", ["옮긴 양"]),
    (lambda m, s, e, p, st: m + st / 2, "wrong_value", ["입력 묶음 1", "같은 eps"]),
    (lambda m, s, e, p, st: p(m + s * e), "not_scalar", ["평균을 내서"]),
]


@pytest.mark.parametrize("fn, code, phrases", STEP_WRONG, ids=[w[1] + str(i) for i, w in enumerate(STEP_WRONG)])
def test_counterfeiter_step_rejects_typical_mistakes(fn, code, phrases):
    assert_rejected(run_checker(check_counterfeiter_step, fn), code, phrases)


@pytest.mark.parametrize("seed", SEEDS)
def test_counterfeiter_step_diagnosis_does_not_depend_on_the_inputs(seed):
    for fn, code, _ in STEP_WRONG[:4]:
        assert run_checker(check_counterfeiter_step, fn, seed).code == code


def step_mutates_eps(fake_mean, fake_std, eps, police, step):
    eps *= fake_std  # 고른 값은 맞지만 함수 밖의 eps가 줄어든다
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmax([police(c + eps).mean() for c in candidates]))]


def test_counterfeiter_step_rejects_in_place_changes_to_eps():
    """노트북의 다음 칸은 같은 eps를 라운드마다 다시 쓴다: eps *= fake_std는 값이 맞아도 위폐의 퍼짐을 몰래 줄이므로 떨어진다."""
    result = run_checker(check_counterfeiter_step, step_mutates_eps)
    assert_rejected(result, "mutated_input", ["`eps`", "제자리에서", "라운드마다"])
    eps = np.random.default_rng(0).standard_normal(200)
    before = eps.copy()
    check_counterfeiter_step(step_mutates_eps, verbose=False)
    assert np.array_equal(eps, before)  # 채점기는 자기 사본만 넘긴다


@pytest.mark.parametrize("kind", ["spread", "shifted", "stay"])
def test_counterfeiter_cases_fall_back_to_a_fixed_generator(kind):
    """입력을 못 찾을 때 쓰는 정해진 난수 rng(0)에서도 조건에 맞는 입력이 나온다 (채점기가 오류 없이 늘 같은 판정)."""
    from gan_utils.checks.core import rng
    from gan_utils.checks.lesson1 import _counterfeiter_case_ok, _draw_counterfeiter_case
    gen = rng(0)
    assert any(_counterfeiter_case_ok(_draw_counterfeiter_case(gen, kind, "묶음")) for _ in range(300))


def test_counterfeiter_diagnosis_reads_how_the_fakes_were_made():
    """틀린 답은 police에 넘긴 x로 진단한다: 후보마다 부르든 세 후보를 한 배열로 부르든, 위폐 한 장씩 부르든 같다."""
    def no_std_outer(fake_mean, fake_std, eps, police, step):
        candidates = fake_mean + np.array([-step, 0.0, step])
        return candidates[police(np.add.outer(candidates, eps)).mean(axis=1).argmax()]

    def point_per_candidate(fake_mean, fake_std, eps, police, step):
        return max((fake_mean - step, fake_mean, fake_mean + step), key=lambda c: float(police(c)))

    for fn, code in ((no_std_outer, "no_std"), (point_per_candidate, "point")):
        for seed in range(5):
            assert run_checker(check_counterfeiter_step, fn, seed).code == code


STEP_HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (not_implemented, "not_implemented", "NotImplementedError"),
    (lambda m, s, e, p, st: None, "returned_none", "None"),
    (lambda m, s, e, p, st: (m + st, s), "wrong_type", "숫자 하나"),
    (lambda m, s, e, p, st: p(m + s * e).mean() + undefined_name, "exception", "NameError"),  # noqa: F821
    (lambda m, s, e, p: m, "wrong_signature", "인자 개수"),
]


@pytest.mark.parametrize("fn, code, phrase", STEP_HALF_WRITTEN,
                         ids=[h[1] + str(i) for i, h in enumerate(STEP_HALF_WRITTEN)])
def test_counterfeiter_step_explains_half_written_answers(fn, code, phrase):
    result = run_checker(check_counterfeiter_step, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


@pytest.mark.parametrize("checker", [check_police_batch, check_police_accuracy, check_counterfeiter_step])
def test_checkers_print_and_leave_the_global_random_state_alone(checker, capsys):
    torch.manual_seed(123)
    before = torch.get_rng_state()
    answer = {check_police_batch: batch_ones_like, check_police_accuracy: accuracy_mean,
              check_counterfeiter_step: step_loop}[checker]
    result = checker(answer)
    assert result.passed
    assert capsys.readouterr().out.startswith(PASS_TEXT)
    assert torch.equal(torch.get_rng_state(), before)


# ================================================================ 노트북의 약속
LESSON1_CHECKERS = ("check_police_batch", "check_police_accuracy", "check_counterfeiter_step")


def _exercise_and_check_cells(nb):
    """노트북의 (연습 답 칸, 바로 다음의 채점 칸) 짝들."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [(c, code[i + 1]) for i, c in enumerate(code) if "### BEGIN SOLUTION" in c.source]


def test_notebook_ends_with_three_checked_exercises_before_the_summary():
    """노트북의 구조(저장된 출력이 아니라 칸의 코드): 정리 바로 앞에 연습 문제 셋, 각 답 칸 다음에 그 채점기를 부르는 칸."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    sections = [h for h in headings if h.startswith("## ")]
    assert sections[-1].startswith("## 8. 정리")  # 연습 문제는 정리 바로 앞, 다른 절 없이
    assert sections[-2] == "## 7. 연습 문제"
    pairs = _exercise_and_check_cells(nb)
    assert len(pairs) == 3
    for (answer, check), checker in zip(pairs, LESSON1_CHECKERS):
        assert "### END SOLUTION" in answer.source and "gan_utils.checks" not in answer.source
        assert check.source.startswith("# NBVAL_CHECK_OUTPUT") and f"{checker}(" in check.source


def test_committed_lesson1_checker_output_is_fresh_and_passes():
    """신선도 검사: 저장소에 저장된 1강 노트북에서 세 채점 칸의 출력이 '정답입니다!'로 시작한다.

    코드를 실행하지 않고 저장된 출력만 읽는다: 답 칸이나 채점기를 바꾸고 노트북을 다시 실행해 저장하지 않았으면 실패한다.
    지금 코드로 정답이 통과하는지는 tests/test_notebooks.py의 test_papermill_executes[01_위조지폐범과_경찰]
    (`# NBVAL_CHECK_OUTPUT` 칸을 다시 실행해 저장된 출력과 비교)가, 채점기 자체는 이 파일의 위 테스트들이 본다.
    """
    pairs = _exercise_and_check_cells(nbformat.read(NOTEBOOK, as_version=4))
    assert len(pairs) == len(LESSON1_CHECKERS)
    for _, check in pairs:
        outputs = "".join(o.get("text", "") for o in check.outputs)
        assert outputs.startswith(PASS_TEXT), outputs
