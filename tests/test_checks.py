"""연습 문제 채점기(gan_utils.checks) 테스트.

정답은 통과하고, 흔한 오답은 그 실수에 맞는 한국어 힌트로 걸러지며, 덜 쓴 답(None, NotImplementedError,
None 반환, 틀린 모양 등)에서도 채점기가 멈추지 않고 이유를 설명하는지 확인한다.
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from conftest import run_checker
from gan_utils.checks import (check_discriminator_loss, check_generator_loss, check_optimal_discriminator,
                              check_value_function)
from gan_utils.checks.core import PASS_TEXT, call_student, inspect_output

SEEDS = range(10)  # 무작위 입력이 달라도 진단이 흔들리지 않아야 한다


# ---------------------------------------------------------------- 정답 (여러 방식)
def d_loss_bce_logits(real_logits, fake_logits):
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def d_loss_by_hand(real_logits, fake_logits):
    return -(torch.log(torch.sigmoid(real_logits)).mean() + torch.log(1 - torch.sigmoid(fake_logits)).mean())


def d_loss_probs(d_real, d_fake):
    bce = nn.BCELoss()
    return bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))


def g_loss_bce(fake_logits):
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def g_loss_by_hand(fake_logits):
    return -F.logsigmoid(fake_logits).mean()


def v_probs(d_real, d_fake):
    return torch.log(d_real).mean() + torch.log(1 - d_fake).mean()


def v_numpy(d_real, d_fake):
    return float(np.log(d_real.numpy()).mean() + np.log(1 - d_fake.numpy()).mean())


def d_star(p_data, p_g):
    return p_data / (p_data + p_g)


CORRECT = [
    (check_discriminator_loss, d_loss_bce_logits, {}),
    (check_discriminator_loss, d_loss_by_hand, {}),
    (check_discriminator_loss, d_loss_probs, {"takes": "probs"}),
    (check_generator_loss, g_loss_bce, {}),
    (check_generator_loss, g_loss_by_hand, {}),
    (check_value_function, v_probs, {}),
    (check_value_function, v_numpy, {}),
    (check_value_function, lambda r, f: v_probs(torch.sigmoid(r), torch.sigmoid(f)), {"takes": "logits"}),
    (check_optimal_discriminator, d_star, {}),
    (check_optimal_discriminator, lambda p, q: (p / (p + q)).numpy(), {}),
]


@pytest.mark.parametrize("checker, fn, kwargs", CORRECT, ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("seed", [0, 1, None])
def test_reference_solutions_pass(checker, fn, kwargs, seed):
    result = run_checker(checker, fn, seed=seed, **kwargs)
    assert result.passed and bool(result) and result.code == "ok", result.message
    assert result.message.startswith(PASS_TEXT)


def test_checker_prints_korean_message(capsys):
    check_generator_loss(g_loss_bce)
    assert PASS_TEXT in capsys.readouterr().out
    check_generator_loss(g_loss_bce, verbose=False)
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------- 흔한 오답: 콕 집은 힌트
bce_probs = nn.BCELoss()
WRONG = [
    # (채점기, 오답, 채점기 인자, 기대하는 code, 힌트의 핵심 문구)
    (check_discriminator_loss, lambda r, f: -d_loss_bce_logits(r, f), {}, "wrong_sign", "부호가 반대"),
    (check_discriminator_loss,
     lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.zeros_like(r))
                   + F.binary_cross_entropy_with_logits(f, torch.ones_like(f))), {}, "labels_swapped", "레이블이 뒤바뀌었"),
    (check_discriminator_loss,
     lambda r, f: bce_probs(r, torch.ones_like(r)) + bce_probs(f, torch.zeros_like(f)), {}, "missing_sigmoid",
     "시그모이드를 씌우지 않고"),
    (check_discriminator_loss, lambda r, f: -(torch.log(r).mean() + torch.log(1 - f).mean()), {}, "missing_sigmoid",
     "시그모이드를 씌우지 않고"),
    (check_discriminator_loss, lambda r, f: d_loss_bce_logits(torch.sigmoid(r), torch.sigmoid(f)), {}, "double_sigmoid",
     "두 번"),
    (check_discriminator_loss, d_loss_bce_logits, {"takes": "probs"}, "double_sigmoid", "이미 확률"),
    (check_discriminator_loss,
     lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="sum")
                   + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f), reduction="sum")), {}, "sum_not_mean",
     "평균 대신 합"),
    (check_discriminator_loss,
     lambda r, f: F.binary_cross_entropy_with_logits(torch.cat([r, f]), torch.cat([torch.ones_like(r),
                                                                                  torch.zeros_like(f)])),
     {}, "concat_mean", "절반"),
    (check_discriminator_loss, lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones_like(r)), {},
     "missing_term", "가짜 표본 항이 빠졌"),
    (check_discriminator_loss,
     lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.ones_like(r))
                   + F.binary_cross_entropy_with_logits(f, torch.ones_like(f))), {}, "wrong_label", "가짜 표본에도 레이블 1"),
    (check_generator_loss, lambda f: torch.log(1 - torch.sigmoid(f)).mean(), {}, "saturating", "포화형"),
    (check_generator_loss, lambda f: F.logsigmoid(f).mean(), {}, "wrong_sign", "부호가 반대"),
    (check_generator_loss, lambda f: F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)), {}, "labels_swapped",
     "판별자의 목표"),
    (check_generator_loss, lambda f: -torch.log(f).mean(), {}, "missing_sigmoid", "시그모이드를 씌우지 않고"),
    (check_generator_loss, lambda f: -F.logsigmoid(f).sum(), {}, "sum_not_mean", "평균 대신 합"),
    (check_value_function, lambda r, f: -v_probs(r, f), {}, "wrong_sign", "판별자 손실 -V"),
    (check_value_function, lambda r, f: torch.log(1 - r).mean() + torch.log(f).mean(), {}, "terms_swapped",
     "두 항이 뒤바뀌었"),
    (check_value_function, lambda r, f: r.mean() + (1 - f).mean(), {}, "missing_log", "log가 빠졌"),
    (check_value_function, lambda r, f: v_probs(torch.sigmoid(r), torch.sigmoid(f)), {}, "double_sigmoid", "이미 확률"),
    (check_value_function, v_probs, {"takes": "logits"}, "missing_sigmoid", "시그모이드를 씌우지 않고"),
    (check_optimal_discriminator, lambda p, q: q / (p + q), {}, "swapped", "분자"),
    (check_optimal_discriminator, lambda p, q: p / q, {}, "ratio", "분모"),
    (check_optimal_discriminator, lambda p, q: p / p + q, {}, "missing_parentheses", "괄호"),
]


@pytest.mark.parametrize("checker, fn, kwargs, code, phrase", WRONG,
                         ids=[f"{w[0].__name__}-{w[3]}-{i}" for i, w in enumerate(WRONG)])
def test_typical_mistakes_get_specific_hints(checker, fn, kwargs, code, phrase):
    for seed in SEEDS:
        result = run_checker(checker, fn, seed=seed, **kwargs)
        assert not result.passed
        assert result.code == code, (seed, result.message)
        assert phrase in result.message
        assert "힌트:" in result.message and "return " not in result.message  # 정답 코드는 보여 주지 않는다


# ---------------------------------------------------------------- 덜 쓴 답: 멈추지 않고 설명
def not_implemented(*args):
    raise NotImplementedError


def returns_none(*args):
    pass


def raises_inside(*args):
    return 1 / 0


def returns_nan(*args):
    return torch.tensor(float("nan"))


def returns_tuple(*args):
    return torch.tensor(0.5), torch.tensor(0.5)


def returns_text(*args):
    return "손실"


HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (3, "not_callable", "함수가 아니라"),
    (not_implemented, "not_implemented", "NotImplementedError"),
    (returns_none, "returned_none", "return"),
    (raises_inside, "exception", "ZeroDivisionError"),
    (returns_nan, "not_finite", "NaN"),
    (returns_tuple, "wrong_type", "tuple"),
    (returns_text, "wrong_type", "str"),
]
CHECKERS = [check_discriminator_loss, check_generator_loss, check_value_function, check_optimal_discriminator]


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("fn, code, phrase", HALF_WRITTEN, ids=[h[1] + str(i) for i, h in enumerate(HALF_WRITTEN)])
def test_half_written_answers_are_explained_without_crashing(checker, fn, code, phrase):
    if checker is check_optimal_discriminator and code == "not_finite":
        fn = lambda p, q: p / (p - p)  # noqa: E731  0/0 = NaN, 모양은 맞음
    result = run_checker(checker, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


def test_wrong_argument_count_is_explained():
    result = run_checker(check_discriminator_loss, lambda real_logits: real_logits.mean())
    assert result.code == "wrong_signature" and "인자 개수" in result.message


@pytest.mark.parametrize("checker, fn, code, phrase", [
    (check_discriminator_loss,
     lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="none")
                   + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f), reduction="none")),
     "not_reduced", ".mean()"),
    (check_generator_loss, lambda f: -F.logsigmoid(f), "not_reduced", ".mean()"),
    (check_value_function, lambda r, f: torch.stack([torch.log(r).mean(), torch.log(1 - f).mean()]), "not_scalar",
     "스칼라"),
    (check_optimal_discriminator, lambda p, q: (p / (p + q)).mean(), "wrong_shape", "모양"),
    (check_optimal_discriminator, lambda p, q: (p / (p + q))[:-1], "wrong_shape", "모양"),
])
def test_wrong_shapes_are_explained(checker, fn, code, phrase):
    result = run_checker(checker, fn)
    assert result.code == code, result.message
    assert phrase in result.message


def test_losses_must_stay_differentiable_tensors():
    as_float = run_checker(check_discriminator_loss, lambda r, f: d_loss_bce_logits(r, f).item())
    assert as_float.code == "not_tensor" and "backward" in as_float.message
    detached = run_checker(check_generator_loss, lambda f: g_loss_bce(f).detach())
    assert detached.code == "no_grad" and "기울기" in detached.message


def test_hard_coded_batch_size_is_pointed_out():
    def fixed_size(r, f):
        return (F.binary_cross_entropy_with_logits(r, torch.ones(48, 1))
                + F.binary_cross_entropy_with_logits(f, torch.zeros(48, 1)))
    result = run_checker(check_discriminator_loss, fixed_size)
    assert result.code == "exception" and "배치 크기" in result.message


def test_bce_on_logits_error_points_to_sigmoid():
    # nn.BCELoss에 음수 로짓이 들어가면 PyTorch가 오류를 낸다: 채점기는 시그모이드를 가리켜야 한다
    bce = nn.BCELoss()
    def bce_on_logits(f):
        return bce(f, torch.ones_like(f))
    result = run_checker(check_generator_loss, bce_on_logits)
    assert not result.passed
    assert "sigmoid" in result.message or "시그모이드" in result.message


def test_unknown_takes_is_a_clear_error():
    with pytest.raises(ValueError, match="takes"):
        check_discriminator_loss(d_loss_bce_logits, takes="probabilities", verbose=False)


# ---------------------------------------------------------------- 다른 강의가 쓸 공용 도우미
def test_call_student_and_inspect_output_helpers():
    value, failure = call_student(lambda x: x * 2, (torch.ones(3),), "예시")
    assert failure is None and torch.equal(value, torch.full((3,), 2.0))
    _, failure = call_student(not_implemented, (1,), "예시")
    assert failure.code == "not_implemented" and "예시" in failure.message
    got, failure = inspect_output(np.float32(1.5), "예시")
    assert failure is None and got.item() == 1.5 and got.dtype == torch.float64
    _, failure = inspect_output(torch.ones(2, 3), "예시", expected_shape=(3, 2))
    assert failure.code == "wrong_shape"
    _, failure = inspect_output(1.0, "예시", require_tensor=True)
    assert failure.code == "not_tensor"


# ---------------------------------------------------------------- 입력을 제자리에서 바꾸는 답, 오류와 차이의 설명
def d_star_in_numpy_in_place(p_data, p_g):
    a = p_data.numpy()  # 텐서와 메모리를 함께 쓰는 배열
    a /= a + p_g.numpy()
    return a


def test_run_check_catches_in_place_changes_to_the_copy_it_passes():
    """run_check는 학생에게 사본을 넘긴다: 그 사본을 바꿔도 알아채고 (numpy로 바꿔 바꿔도 같은 메모리라 잡힌다),
    다음 묶음과 참조 답은 흔들리지 않는다."""
    for fn in (lambda p, q: p.div_(p + q), d_star_in_numpy_in_place):
        result = run_checker(check_optimal_discriminator, fn)
        assert result.code == "mutated_input" and "제자리에서" in result.message, result.message
    assert "`p`" in run_checker(check_optimal_discriminator, lambda p, q: p.div_(p + q)).message


def _raise(make):
    def fn(*args):
        make()
    return fn


def _backward_twice():
    x = torch.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _modified_in_place():
    x = torch.ones(2, requires_grad=True)
    y = x.sigmoid()
    y.mul_(2)
    y.sum().backward()


PYTORCH_ERRORS = [
    # (오류를 내는 코드, 한국어 힌트에 꼭 있어야 할 문구)
    (lambda: torch.ones(2) @ torch.ones(2, dtype=torch.float64), "float64(Double)"),
    (lambda: F.binary_cross_entropy(torch.full((2, 1), 0.5), torch.ones(2, 1, dtype=torch.float64)), "자료형"),
    (lambda: nn.Linear(3, 4)(torch.ones(5, 2)), "in_features"),
    (_backward_twice, "두 번"),
    (lambda: torch.ones(2).sum().backward(), "기울기가 이어지지 않은"),
    (lambda: torch.ones(2, requires_grad=True).numpy(), ".detach().numpy()"),
    (lambda: torch.tensor(np.array([torch.ones(1), 3], dtype=object)), "torch.stack"),
    (lambda: torch.ones(200).item(), "값 하나로 줄이세요"),
    (lambda: float(torch.ones(200)), "값 하나로 줄이세요"),
    (_modified_in_place, "제자리(in-place)"),
    (lambda: undefined_in_this_test, "'undefined_in_this_test'이(가) 정의되어 있지 않습니다"),  # noqa: F821
    (lambda: (torch.ones(3) > 0).mean(), ".float()"),
    (lambda: bool(torch.ones(3) > 0), "참/거짓 하나로"),
    (lambda: torch.ones(3) + torch.ones(4), "모양이 맞지 않습니다"),
    (lambda: torch.ones(3)[5], "범위를 벗어났습니다"),
    (lambda: None + 1, "None으로 계산했습니다"),
    (lambda: torch.mean(np.ones(3)), "텐서가 아닌 값"),
    (lambda: F.binary_cross_entropy_with_logits(torch.ones(3, 1), torch.ones(3)), "예측과 같은 모양"),
    (lambda: 1 / 0, "0으로 나누었습니다"),
]


@pytest.mark.parametrize("make, phrase", PYTORCH_ERRORS, ids=[str(i) for i in range(len(PYTORCH_ERRORS))])
def test_english_errors_come_with_a_korean_explanation(make, phrase):
    value, failure = call_student(_raise(make), (), "예시")
    assert value is None and failure.code == "exception"
    assert phrase in failure.hint, (failure.what, failure.hint)
    assert "오류가 났습니다" in failure.what  # 원래의 영어 메시지도 그대로 보여 준다


def test_wrong_arrays_show_where_they_differ():
    """'모양 (200,)의 배열'처럼 차이가 안 보이는 말 대신, 몇 칸이 다르고 가장 크게 다른 칸의 두 값을 보여 준다."""
    result = run_checker(check_optimal_discriminator, lambda p, q: p / (p + q + 1))
    assert result.code == "wrong_value"
    assert "칸 가운데" in result.message and "가장 크게 다른" in result.message and "의 배열" not in result.message
    assert "log" not in result.message  # D*에는 log가 없다: 손실 문제의 힌트를 쓰지 않는다


def test_not_finite_hint_fits_the_exercise():
    d_star = run_checker(check_optimal_discriminator, lambda p, q: p / (p - p))
    assert d_star.code == "not_finite" and "0으로 나누" in d_star.message and "로짓" not in d_star.message
    loss = run_checker(check_generator_loss, lambda f: -torch.log(f - 10).mean())
    assert loss.code == "not_finite" and "로짓" in loss.message
    assert "로짓" not in inspect_output(float("nan"), "예시")[1].message


def test_a_wrong_answer_that_matches_a_mistake_only_by_chance_is_not_given_its_hint():
    """진단은 모든 입력 묶음에서 맞아야 한다: 한 묶음에서만 어떤 실수의 값과 우연히 같으면 그 실수라고 하지 않는다."""
    from gan_utils.checks.core import diagnose
    got = [torch.tensor(1.0, dtype=torch.float64), torch.tensor(5.0, dtype=torch.float64)]
    mistakes = [[("sum_not_mean", 1.0, "합")], [("sum_not_mean", 2.0, "합")]]
    assert diagnose(got, 0, mistakes) is None
    assert diagnose([got[0], None], 0, mistakes) == ("sum_not_mean", "합")  # 다른 묶음의 값이 없으면 그 묶음은 건너뛴다
    assert diagnose([got[0], torch.tensor(2.0, dtype=torch.float64)], 0, mistakes) == ("sum_not_mean", "합")


def test_small_epsilon_in_the_d_star_denominator_passes_for_every_seed():
    for seed in range(20):
        assert run_checker(check_optimal_discriminator, lambda p, q: p / (p + q + 1e-8), seed=seed).passed
        assert run_checker(check_optimal_discriminator, lambda p, q: p / (p + q + 1e-6), seed=seed).passed
