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
