"""연습 문제 채점기: 학생이 쓴 함수를 새 무작위 입력으로 불러 참조 구현과 비교하고 한국어로 알려 준다.

1강: check_police_batch, check_police_accuracy, check_counterfeiter_step.
2강: check_discriminator_loss, check_generator_loss, check_value_function, check_optimal_discriminator.
3강: check_kl_hist, check_kl_normal, check_new_target (+ compare_prediction).
4강: check_generator_spec, check_training_step.

맞으면 "정답입니다!"를, 틀리면 무엇이 어떻게 틀렸는지와 힌트를 출력한다 (정답 코드는 보여 주지 않는다).
채점기는 덜 쓴 답에서도 멈추지 않는다: 함수가 None이거나, NotImplementedError나 다른 예외를 내거나,
None·틀린 자료형·틀린 모양·NaN을 돌려주는 경우를 하나하나 설명한다.
흔한 실수(부호 반대, 포화형/비포화형 혼동, 레이블 뒤바뀜, 평균 대신 합, 시그모이드 누락)는
그 실수로 나올 값을 미리 계산해 두었다가 학생의 값과 맞춰 보고 콕 집어 말한다.

채점기는 결과를 출력하고 ``CheckResult``를 돌려준다 (``bool(result)``가 통과 여부, ``result.code``가
실수의 종류). 다른 강의의 채점기도 같은 모양으로 더할 수 있다:

1. 입력 묶음(case) 몇 개를 만든다. 각 묶음은 학생 함수에 넘길 인자들과, 참조 답과 실수 후보를
   계산할 재료를 담은 ``Case``이다.
2. 묶음마다 참조 답을 주는 함수와, 실수 후보 ``[(코드, 그 실수가 낼 값, 힌트), ...]``를 주는 함수를 쓴다.
3. ``run_check(fn, task=..., cases=..., reference=..., mistakes=...)``를 부른다. 학생 함수를 안전하게
   부르는 일(``call_student``), 돌려받은 값을 살피는 일(``inspect_output``), 값 비교(``close``)는
   여기서 함께 쓴다.
"""
import copy
import functools
import inspect
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .metrics import kl_divergence_hist, kl_normal
from .models import MODEL_CONFIGS, Discriminator, Generator
from .train import d_step, g_step

PASS_TEXT = "정답입니다!"
RTOL, ATOL = 1e-3, 1e-4  # float32로 log(1 - sigmoid)를 계산한 답도 통과하도록 조금 느슨하게


@dataclass
class CheckResult:
    """채점 결과. ``bool(result)``는 통과 여부, ``code``는 'ok' 또는 실수의 종류, ``message``는 출력한 문장."""
    passed: bool
    code: str
    message: str

    def __bool__(self):
        return self.passed


@dataclass
class Case:
    """학생 함수에 넘길 입력 한 묶음. ``args``는 텐서 튜플, ``info``는 참조 답·실수 후보 계산용 재료."""
    args: tuple
    info: dict = field(default_factory=dict)
    label: str = "무작위 입력"


# ---------------------------------------------------------------- 공용 도우미
def call_student(fn, args, task):
    """학생 함수를 부른다. (값, None) 또는 (None, CheckResult)를 돌려준다. 어떤 예외도 밖으로 내보내지 않는다."""
    if fn is None:
        return None, _fail("no_function", f"{task} 함수가 없습니다 (None을 받았습니다).",
                           "위 칸에서 함수를 def로 정의하고 그 칸을 실행한 뒤, 함수 이름을 채점기에 넘기세요.")
    if not callable(fn):
        return None, _fail("not_callable", f"{task} 자리에 함수가 아니라 {type(fn).__name__} 값을 넘겼습니다.",
                           "괄호 없이 함수 이름만 넘기세요. 예: check(my_function) (my_function(...) 아님).")
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        return None, _fail("wrong_signature", f"{task} 함수의 인자 개수가 맞지 않습니다: 인자 {len(args)}개를 받아야 합니다.",
                           "문제에 적힌 함수 머리(def 줄)를 바꾸지 마세요.")
    except ValueError:
        pass  # 서명을 읽을 수 없는 내장 함수 등: 그냥 불러 본다
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args), None
    except NotImplementedError:
        return None, _fail("not_implemented", f"{task}: 함수가 아직 비어 있습니다 (NotImplementedError).",
                           "raise NotImplementedError 줄을 지우고 함수 본문을 채운 뒤, 그 칸을 다시 실행하세요.")
    except Exception as exc:  # 학생 코드의 어떤 오류든 설명으로 바꾼다
        first_line = (str(exc).strip().splitlines() or [""])[0][:200]
        hint = "오류 메시지가 가리키는 줄을 확인하세요."
        if "between 0 and 1" in first_line:
            hint = ("nn.BCELoss / F.binary_cross_entropy는 0~1 사이의 확률만 받습니다. "
                    "로짓이라면 먼저 torch.sigmoid를 씌우거나 로짓용 BCEWithLogits를 쓰세요.")
        elif "size" in first_line.lower() or "shape" in first_line.lower():
            hint = ("모양이 맞지 않습니다. 배치 크기를 숫자로 적지 말고 torch.ones_like(x)처럼 "
                    "입력과 같은 모양의 텐서를 만드세요.")
        return None, _fail("exception", f"{task} 함수를 실행하다 오류가 났습니다: {type(exc).__name__}: {first_line}", hint)


def inspect_output(value, task, expected_shape=None, require_tensor=False, per_sample_shapes=()):
    """돌려받은 값을 float64 텐서로 바꾼다. (텐서, None) 또는 (None, CheckResult)를 돌려준다.

    expected_shape가 None이면 스칼라(원소 1개)를 기대한다. per_sample_shapes는 '평균을 빼먹으면
    나올 모양'들이다 (그 모양이면 평균을 잊었다고 콕 집어 말한다).
    """
    if value is None:
        return None, _fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                           "함수 마지막에 return 문이 있는지 확인하세요.")
    if isinstance(value, (tuple, list, dict, str, bool)):
        return None, _fail("wrong_type", f"{task} 함수가 {type(value).__name__}을(를) 돌려주었습니다.",
                           "torch 텐서 하나를 return 하세요.")
    if require_tensor and not isinstance(value, torch.Tensor):
        return None, _fail("not_tensor", f"{task} 함수가 torch 텐서가 아니라 {type(value).__name__}을(를) 돌려주었습니다.",
                           "손실은 torch 텐서여야 backward()로 학습할 수 있습니다. "
                           ".item(), float(), numpy 변환 없이 torch 연산만 쓰세요.")
    try:
        if isinstance(value, torch.Tensor):
            got = value.detach().to("cpu", torch.float64)
        else:
            got = torch.as_tensor(np.asarray(value, dtype=np.float64))
    except Exception:
        return None, _fail("wrong_type", f"{task} 함수가 숫자로 바꿀 수 없는 {type(value).__name__}을(를) 돌려주었습니다.",
                           "torch 텐서를 return 하세요.")
    if expected_shape is None:
        if got.numel() != 1:
            if tuple(got.shape) in per_sample_shapes:
                return None, _fail("not_reduced", f"{task} 함수가 스칼라가 아니라 모양 {tuple(got.shape)}의 텐서를 돌려주었습니다. "
                                   "표본마다의 값이 평균 내지지 않고 그대로 나왔습니다.",
                                   "배치 평균을 내세요 (.mean()).")
            return None, _fail("not_scalar", f"{task} 함수가 스칼라(값 하나)가 아니라 모양 {tuple(got.shape)}의 텐서를 돌려주었습니다.",
                               "배치 전체에 대한 값 하나가 나와야 합니다. 어디서 모양이 바뀌는지 확인하세요.")
        got = got.reshape(())
    elif tuple(got.shape) != tuple(expected_shape):
        return None, _fail("wrong_shape", f"{task} 함수의 결과 모양이 {tuple(got.shape)}입니다. "
                           f"입력과 같은 모양 {tuple(expected_shape)}이어야 합니다.",
                           "원소별 연산(+, /, *)만 쓰면 모양이 그대로 유지됩니다. 평균이나 합을 내지 마세요.")
    if not torch.isfinite(got).all():
        return None, _fail("not_finite", f"{task} 함수의 결과에 NaN이나 무한대가 있습니다.",
                           "log에 0 이하의 값이 들어가지 않았는지 보세요. 로짓(음수일 수 있음)에 곧바로 "
                           "log를 씌우면 NaN이 됩니다.")
    return got, None


def close(got, expected, rtol=RTOL, atol=ATOL):
    """두 값(또는 배열)이 허용 오차 안에서 같은가."""
    expected = torch.as_tensor(expected, dtype=torch.float64)
    if got.shape != expected.shape or not torch.isfinite(expected).all():
        return False
    return bool(torch.allclose(got, expected, rtol=rtol, atol=atol))


def run_check(fn, *, task, cases, reference, mistakes, expected_shape=None, require_tensor=False,
              per_sample_shapes=None, check_grad=False, verbose=True):
    """채점의 공통 흐름: 묶음마다 학생 함수를 부르고 → 값을 살피고 → 참조 답과 비교하고 → 틀리면 실수를 진단.

    reference(case) → 참조 값 (float64 텐서). mistakes(case) → [(코드, 값, 힌트), ...].
    check_grad=True면 마지막 묶음에서 입력에 대한 기울기까지 참조 구현과 비교한다.
    """
    return _report(lambda: _run_check(fn, task, cases, reference, mistakes, expected_shape, require_tensor,
                                      per_sample_shapes, check_grad),
                   "함수가 평범한 torch 텐서를 돌려주는지 확인하고, 그래도 같으면 강사에게 알려 주세요.", verbose)


def _report(grade, hint, verbose):
    """grade()로 채점하고 결과를 출력한다. 채점기 자체에서 예외가 나도 노트북을 멈추지 않고 hint와 함께 알린다."""
    try:
        result = grade()
    except Exception as exc:
        result = _fail("checker_error", f"채점 중 예상하지 못한 문제가 생겼습니다: {type(exc).__name__}: {exc}", hint)
    if verbose:
        print(result.message)
    return result


def _run_check(fn, task, cases, reference, mistakes, expected_shape, require_tensor, per_sample_shapes,
               check_grad):
    for i, case in enumerate(cases):
        shape = expected_shape(case) if callable(expected_shape) else expected_shape
        value, failure = call_student(fn, _fresh(case.args), task)
        if failure is None:
            per_sample = per_sample_shapes(case) if per_sample_shapes else ()
            got, failure = inspect_output(value, task, shape, require_tensor, per_sample)
        if failure is not None:
            if i > 0 and failure.code == "exception":  # 앞 묶음은 통과했는데 배치 크기가 다른 묶음에서 오류
                failure.message += ("\n참고: 앞의 입력에서는 실행되었는데 배치 크기가 다른 입력에서 오류가 났습니다. "
                                    "배치 크기나 모양을 숫자로 고정하지 않았는지 확인하세요.")
            return failure
        expected = reference(case)
        if close(got, expected):
            continue
        for code, wrong_value, hint in mistakes(case):
            if close(got, wrong_value):
                return _fail(code, f"{task} 값이 틀렸습니다 ({case.label}).", hint)
        return _fail("wrong_value", f"{task} 값이 틀렸습니다 ({case.label}): 받은 값 {_short(got)}, 기대한 값 {_short(expected)}.",
                     "문제의 식을 항 하나씩 다시 확인하세요: 어느 항에 log D가, 어느 항에 log(1 - D)가 들어가는지, "
                     "부호와 평균은 맞는지.")
    if check_grad:
        failure = _check_gradient(fn, cases[-1], reference, task)
        if failure is not None:
            return failure
    extra = " 입력에 대한 기울기도 같습니다." if check_grad else ""
    return CheckResult(True, "ok", f"{PASS_TEXT} {task}: 무작위 입력 {len(cases)}묶음에서 참조 구현과 값이 일치합니다.{extra}")


def _check_gradient(fn, case, reference, task):
    student_args = tuple(a.detach().clone().requires_grad_(True) for a in case.args)
    ref_args = tuple(a.detach().clone().double().requires_grad_(True) for a in case.args)
    value, failure = call_student(fn, student_args, task)
    if failure is not None:
        return failure
    if not isinstance(value, torch.Tensor) or not value.requires_grad:
        return _fail("no_grad", f"{task} 값은 맞지만 입력까지 기울기가 이어지지 않습니다.",
                     ".detach(), .item(), float(), numpy 변환, torch.no_grad()를 쓰지 말고 torch 연산만 쓰세요.")
    reference(Case(ref_args, case.info, case.label), differentiable=True).backward()
    try:
        value.sum().backward()
    except Exception as exc:
        return _fail("no_grad", f"{task} 결과로 backward()를 할 수 없습니다: {type(exc).__name__}.",
                     "torch 연산만으로 값을 계산하세요.")
    for a, r in zip(student_args, ref_args):
        if a.grad is None or not torch.allclose(a.grad.double(), r.grad, rtol=1e-2, atol=1e-4):
            return _fail("wrong_grad", f"{task} 값은 맞지만 입력에 대한 기울기가 참조 구현과 다릅니다.",
                         "clamp 같은 연산이 기울기를 자르고 있지 않은지 확인하세요.")
    return None


def _fresh(args):
    """학생 함수가 입력을 바꿔도(in-place) 다음 비교가 흔들리지 않게 복사본을 넘긴다."""
    return tuple(a.detach().clone() if isinstance(a, torch.Tensor) else a for a in args)


def _fail(code, what, hint):
    return CheckResult(False, code, f"아직 아닙니다. {what}\n힌트: {hint}")


def _short(t):
    return f"{t.item():.4f}" if t.numel() == 1 else f"모양 {tuple(t.shape)}의 배열"


def _generator(seed):
    gen = torch.Generator()
    if seed is None:
        gen.seed()  # 부를 때마다 새 무작위 입력
    else:
        gen.manual_seed(seed)
    return gen


def _mean_log(p):
    return torch.log(p).mean()


# ---------------------------------------------------------------- 2강: 입력 묶음
def _logit_cases(seed, two_inputs=True):
    """판별자 로짓 입력 묶음 세 개.

    첫 묶음은 로짓을 0~1 사이에서 뽑는다: 시그모이드를 빠뜨린 답도 NaN 없이 값을 내므로 그 실수를
    진단할 수 있다. 나머지는 진짜 로짓이 대체로 양수, 가짜 로짓이 대체로 음수인(판별자가 꽤 잘하는)
    일반적인 입력이고, 배치 크기가 서로 다르다.
    """
    gen = _generator(seed)
    real0 = 0.55 + 0.4 * torch.rand(48, 1, generator=gen)
    fake0 = 0.05 + 0.4 * torch.rand(48, 1, generator=gen)
    real1 = (1.5 + 1.5 * torch.randn(64, 1, generator=gen)).clamp(-6, 6)
    fake1 = (-1.5 + 1.5 * torch.randn(64, 1, generator=gen)).clamp(-6, 6)
    real2 = (0.8 + 2.0 * torch.randn(32, 1, generator=gen)).clamp(-6, 6)
    fake2 = (-0.8 + 2.0 * torch.randn(32, 1, generator=gen)).clamp(-6, 6)
    pairs = [(real0, fake0, "입력 묶음 1, 배치 48"), (real1, fake1, "입력 묶음 2, 배치 64"),
             (real2, fake2, "입력 묶음 3, 배치 32")]
    if two_inputs:
        return [Case((r, f), label=label) for r, f, label in pairs]
    return [Case((f,), label=label) for _, f, label in pairs]


def _as_inputs(cases, takes):
    """takes='probs'면 로짓 대신 시그모이드를 통과한 확률을 넘긴다. info['logits']에 원래 로짓을 남긴다."""
    if takes not in ("logits", "probs"):
        raise ValueError(f"takes는 'logits' 또는 'probs'여야 합니다 (받은 값: {takes!r}).")
    out = []
    for case in cases:
        args = case.args if takes == "logits" else tuple(torch.sigmoid(a) for a in case.args)
        out.append(Case(args, {"logits": tuple(a.double() for a in case.args), "takes": takes}, case.label))
    return out


def _probs(case):
    return tuple(torch.sigmoid(l) for l in case.info["logits"])


def _logits_of(case, differentiable):
    """참조 구현에 넘길 로짓. 기울기 비교 때는 학생과 같은 입력(로짓 또는 확률)에서 출발해야 한다."""
    if not differentiable:
        return case.info["logits"]
    if case.info["takes"] == "logits":
        return case.args
    return tuple(torch.logit(p) for p in case.args)


def _sigmoid_mistakes(case, loss_of_probs):
    """시그모이드를 빠뜨리거나 두 번 씌운 답이 낼 값. loss_of_probs(확률들) → 그 식의 값."""
    raw = case.info["logits"]
    out = []
    if case.info["takes"] == "logits" and all(((l > 0) & (l < 1)).all() for l in raw):
        out.append(("missing_sigmoid", loss_of_probs(*raw),
                    "로짓에 시그모이드를 씌우지 않고 그대로 확률처럼 썼습니다. 입력은 로짓이므로 torch.sigmoid로 "
                    "확률 D = sigmoid(로짓)을 먼저 구하거나, 로짓을 그대로 받는 "
                    "F.binary_cross_entropy_with_logits를 쓰세요."))
    twice = tuple(torch.sigmoid(p) for p in _probs(case))
    hint = ("시그모이드를 두 번 적용했습니다. BCEWithLogitsLoss(또는 F.binary_cross_entropy_with_logits)는 안에서 "
            "시그모이드를 한 번 계산하므로 확률이 아니라 로짓을 넘겨야 합니다.")
    if case.info["takes"] == "probs":
        hint = ("입력은 이미 확률 D(x), D(G(z))입니다. 시그모이드를 또 씌우거나 BCEWithLogits(로짓용)를 쓰지 말고 "
                "확률에 바로 log나 nn.BCELoss를 쓰세요.")
    out.append(("double_sigmoid", loss_of_probs(*twice), hint))
    return out


# ---------------------------------------------------------------- 2강 연습 1: 판별자 손실
def check_discriminator_loss(fn, takes="logits", seed=None, verbose=True):
    """연습: 판별자 손실 (BCE 형태, 진짜 레이블 1, 가짜 레이블 0) 채점.

    fn(real, fake) → 스칼라 텐서. takes='logits'면 real, fake는 판별자 로짓 (B, 1),
    'probs'면 확률 D(x), D(G(z)) (B, 1). 참조: gan_utils.losses.discriminator_loss (= -V).
    """
    cases = _as_inputs(_logit_cases(seed), takes)

    def reference(case, differentiable=False):
        return discriminator_loss(*_logits_of(case, differentiable))

    def formula(d_real, d_fake):
        return -_mean_log(d_real) - _mean_log(1 - d_fake)

    def mistakes(case):
        d_real, d_fake = _probs(case)
        n_real, n_fake = d_real.numel(), d_fake.numel()
        loss = formula(d_real, d_fake)
        swapped = -_mean_log(1 - d_real) - _mean_log(d_fake)
        return [
            ("wrong_sign", -loss, "부호가 반대입니다. 판별자는 V = E[log D(x)] + E[log(1 - D(G(z)))]를 키우고 싶으므로 "
                                  "최소화할 손실은 -V입니다. log 값은 0 이하라서 올바른 손실은 0 이상이어야 합니다."),
            ("labels_swapped", swapped, "진짜와 가짜의 레이블이 뒤바뀌었습니다. 진짜 표본 D(x)의 목표는 1(log D(x)), "
                                        "가짜 표본 D(G(z))의 목표는 0(log(1 - D(G(z))))입니다."),
            ("labels_swapped", -swapped, "진짜와 가짜의 레이블이 뒤바뀌었고 부호도 반대입니다. 진짜의 목표는 1, 가짜의 "
                                         "목표는 0이며, 손실은 -V입니다."),
            ("wrong_label", -_mean_log(d_real) - _mean_log(d_fake),
             "가짜 표본에도 레이블 1을 붙였습니다. 가짜에 1을 붙이는 것은 생성자의 목표이고, 판별자는 가짜를 "
             "0(log(1 - D(G(z))))으로 맞혀야 합니다."),
            ("wrong_label", -_mean_log(1 - d_real) - _mean_log(1 - d_fake),
             "진짜 표본에도 레이블 0을 붙였습니다. 판별자는 진짜를 1(log D(x))로, 가짜를 0으로 맞혀야 합니다."),
            ("sum_not_mean", -torch.log(d_real).sum() - torch.log(1 - d_fake).sum(),
             "평균 대신 합을 냈습니다. 기댓값 E[...]는 배치 평균(.mean())으로 계산합니다 "
             "(nn.BCELoss의 기본값 reduction='mean'과 같게)."),
            ("concat_mean", (-torch.log(d_real).sum() - torch.log(1 - d_fake).sum()) / (n_real + n_fake),
             "진짜와 가짜를 한 배치로 이어 붙여 평균을 내서 값이 정답의 약 절반입니다. 이 강의의 판별자 손실은 "
             "진짜 항의 평균과 가짜 항의 평균을 더한 값(BCE 두 개의 합)입니다."),
            ("missing_term", -_mean_log(d_real), "가짜 표본 항이 빠졌습니다. 판별자 손실은 진짜 항과 가짜 항, "
                                                 "BCE 두 개의 합입니다."),
            ("missing_term", -_mean_log(1 - d_fake), "진짜 표본 항이 빠졌습니다. 판별자 손실은 진짜 항과 가짜 항, "
                                                     "BCE 두 개의 합입니다."),
        ] + _sigmoid_mistakes(case, formula)

    return run_check(fn, task="판별자 손실", cases=cases, reference=reference, mistakes=mistakes,
                     require_tensor=True, per_sample_shapes=_batch_shapes, check_grad=True, verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 2: 비포화 생성자 손실
def check_generator_loss(fn, takes="logits", seed=None, verbose=True):
    """연습: 비포화(non-saturating) 생성자 손실 -E[log D(G(z))] 채점.

    fn(fake) → 스칼라 텐서. fake는 가짜 표본에 대한 판별자 로짓 (takes='logits') 또는 확률 (takes='probs').
    참조: gan_utils.losses.generator_loss(fake_logits, 'non_saturating').
    """
    cases = _as_inputs(_logit_cases(seed, two_inputs=False), takes)

    def reference(case, differentiable=False):
        return generator_loss(*_logits_of(case, differentiable), kind="non_saturating")

    def formula(d_fake):
        return -_mean_log(d_fake)

    def mistakes(case):
        (d_fake,) = _probs(case)
        saturating = _mean_log(1 - d_fake)
        return [
            ("saturating", saturating,
             "포화형(saturating) 손실 log(1 - D(G(z)))을 썼습니다. 미니맥스 식 그대로지만 D(G(z))가 0 근처일 때 "
             "판별자 로짓에 대한 기울기가 사라집니다. 이 문제는 비포화형: 가짜를 '진짜(1)'라고 부르게 만드는 -log D(G(z))입니다."),
            ("wrong_sign", -formula(d_fake),
             "부호가 반대입니다. 생성자는 log D(G(z))를 키우고 싶으므로 최소화할 손실은 -log D(G(z))의 평균입니다. "
             "올바른 손실은 0 이상입니다."),
            ("labels_swapped", -saturating,
             "가짜 표본에 레이블 0을 붙인 BCE(-log(1 - D(G(z))))를 썼습니다. 그것은 판별자의 목표입니다. "
             "생성자는 판별자를 속이려고 가짜에 '진짜(1)' 레이블을 붙입니다."),
            ("sum_not_mean", -torch.log(d_fake).sum(),
             "평균 대신 합을 냈습니다. 기댓값 E[...]는 배치 평균(.mean())으로 계산합니다."),
        ] + _sigmoid_mistakes(case, formula)

    return run_check(fn, task="비포화 생성자 손실", cases=cases, reference=reference, mistakes=mistakes,
                     require_tensor=True, per_sample_shapes=_batch_shapes, check_grad=True, verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 3: 가치 함수 V
def check_value_function(fn, takes="probs", seed=None, verbose=True):
    """연습: 가치 함수 V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))]의 배치 추정 채점.

    fn(d_real, d_fake) → 스칼라. 기본(takes='probs')은 확률 D(x), D(G(z)) (B, 1)를 받는다.
    텐서가 아닌 float을 돌려줘도 값만 맞으면 통과. 참조: gan_utils.losses.value_function.
    """
    cases = _as_inputs(_logit_cases(seed), takes)

    def reference(case, differentiable=False):
        return value_function(*_logits_of(case, differentiable))

    def formula(d_real, d_fake):
        return _mean_log(d_real) + _mean_log(1 - d_fake)

    def mistakes(case):
        d_real, d_fake = _probs(case)
        v = formula(d_real, d_fake)
        swapped = _mean_log(1 - d_real) + _mean_log(d_fake)
        return [
            ("wrong_sign", -v, "부호가 반대입니다: 돌려준 값은 판별자 손실 -V입니다. V 자체는 log 값들의 평균이라 "
                               "늘 0 이하입니다."),
            ("terms_swapped", swapped, "두 항이 뒤바뀌었습니다. 진짜 표본에는 log D(x), 가짜 표본에는 "
                                       "log(1 - D(G(z)))가 들어갑니다."),
            ("terms_swapped", -swapped, "두 항이 뒤바뀌었고 부호도 반대입니다. V = E[log D(x)] + E[log(1 - D(G(z)))]."),
            ("sum_not_mean", torch.log(d_real).sum() + torch.log(1 - d_fake).sum(),
             "평균 대신 합을 냈습니다. 기댓값 E[...]는 배치 평균(.mean())으로 계산합니다."),
            ("missing_log", d_real.mean() + (1 - d_fake).mean(), "log가 빠졌습니다. 확률 자체가 아니라 확률의 log를 "
                                                                 "평균 냅니다."),
            ("missing_term", _mean_log(d_real), "가짜 표본 항 E[log(1 - D(G(z)))]가 빠졌습니다."),
            ("missing_term", _mean_log(1 - d_fake), "진짜 표본 항 E[log D(x)]가 빠졌습니다."),
        ] + _sigmoid_mistakes(case, formula)

    return run_check(fn, task="가치 함수 V", cases=cases, reference=reference, mistakes=mistakes,
                     per_sample_shapes=_batch_shapes, verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 4: 최적 판별자 D*
def check_optimal_discriminator(fn, seed=None, verbose=True):
    """연습: 최적 판별자 D*(x) = p_data(x) / (p_data(x) + p_g(x)) 채점.

    fn(p_data, p_g) → p_data와 같은 모양의 텐서(또는 배열). p_data, p_g는 격자 위의 밀도 값 (N,).
    참조: gan_utils.losses.optimal_discriminator.
    """
    gen = _generator(seed)
    cases = []
    for n, label in ((200, "입력 묶음 1, 격자 200칸"), (150, "입력 묶음 2, 격자 150칸")):
        x = torch.linspace(-4.0, 8.0, n, dtype=torch.float64)
        m_data, m_g = 2.0 + 2.0 * torch.rand(2, generator=gen, dtype=torch.float64)  # 서로 다른 평균
        s_data, s_g = 0.6 + torch.rand(2, generator=gen, dtype=torch.float64)
        p_data = torch.exp(-0.5 * ((x - m_data) / s_data) ** 2) / (s_data * math.sqrt(2 * math.pi)) + 1e-6
        p_g = torch.exp(-0.5 * ((x - (m_g - 1.5)) / s_g) ** 2) / (s_g * math.sqrt(2 * math.pi)) + 1e-6
        cases.append(Case((p_data, p_g), label=label))

    def reference(case, differentiable=False):
        return optimal_discriminator(*case.args)

    def mistakes(case):
        p_data, p_g = case.args
        return [
            ("swapped", p_g / (p_data + p_g), "분자가 바뀌었습니다. D*(x)는 x가 '진짜'일 확률이므로 분자는 "
                                              "진짜 데이터의 밀도 p_data입니다."),
            ("ratio", p_data / p_g, "분모가 틀렸습니다. 두 밀도의 비율이 아니라, 두 밀도의 합으로 나눠야 "
                                    "0과 1 사이의 확률이 됩니다."),
            ("ratio", p_g / p_data, "분자와 분모가 모두 틀렸습니다. 분자는 p_data, 분모는 p_data + p_g입니다."),
            ("missing_parentheses", p_data / p_data + p_g, "괄호가 빠졌습니다. 나눗셈이 덧셈보다 먼저 계산되므로 "
                                                           "분모 전체를 괄호로 묶으세요."),
        ]

    return run_check(fn, task="최적 판별자 D*", cases=cases, reference=reference, mistakes=mistakes,
                     expected_shape=lambda case: tuple(case.args[0].shape), verbose=verbose)


def _batch_shapes(case):
    """평균을 빼먹으면 나올 모양들: (B, 1), (B,) 그리고 진짜+가짜를 이어 붙인 (2B, 1)."""
    shapes = set()
    for a in case.args:
        shapes |= {tuple(a.shape), (a.shape[0],)}
    total = sum(a.shape[0] for a in case.args)
    shapes |= {(total, 1), (total,)}
    return shapes


# ================================================================ 3강: 1차원 가우시안 GAN
DEFAULT_TARGET = (4.0, 1.25)  # 이 강의의 기본 목표 N(4, 1.25²)


def _finish(result, hints, verbose):
    """공용 run_check의 일반 힌트(2강용 문구)를 이 강의에 맞는 힌트로 바꿔 출력한다.

    hints: {코드: 힌트} 또는 {코드: (무엇이 틀렸는지, 힌트)} (앞 문장까지 바꿀 때).
    """
    if result.code in hints:
        replacement = hints[result.code]
        if isinstance(replacement, tuple):
            what, hint = replacement
            what = f"아직 아닙니다. {what}"
        else:
            what, hint = result.message.split("\n힌트:")[0], replacement
        result = CheckResult(False, result.code, f"{what}\n힌트: {hint}")
    if verbose:
        print(result.message)
    return result


def _number(value):
    """숫자 하나(float, numpy 스칼라, 원소 하나인 텐서)면 float으로, 아니면 None."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, torch.Tensor):
            if value.numel() != 1:
                return None
            value = value.item()
        number = float(np.asarray(value, dtype=np.float64).reshape(()))
    except Exception:
        return None
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------- 연습 1: 히스토그램 KL
def _hist_kl_variant(real, fake, bins, *, edges="real", norm="size", reverse=False, log=np.log, eps=1e-10):
    """참조 구현과 그 흔한 변형(실수)들. 실수가 낼 값을 미리 계산해 학생의 값과 맞춰 본다."""
    if edges == "real":
        e_real = e_fake = np.linspace(real.min(), real.max(), bins + 1)
    elif edges == "both":
        e_real = e_fake = np.linspace(min(real.min(), fake.min()), max(real.max(), fake.max()), bins + 1)
    else:  # 'separate': 표본마다 자기 범위로 칸을 나눔
        e_real = np.linspace(real.min(), real.max(), bins + 1)
        e_fake = np.linspace(fake.min(), fake.max(), bins + 1)
    cp, cq = np.histogram(real, e_real)[0].astype(float), np.histogram(fake, e_fake)[0].astype(float)
    if norm == "size":
        p, q = cp / real.size, cq / fake.size
    elif norm == "sum":
        p, q = cp / cp.sum(), cq / cq.sum()
    elif norm == "density":
        p, q = cp / (real.size * np.diff(e_real)), cq / (fake.size * np.diff(e_fake))
    else:  # 'counts'
        p, q = cp, cq
    if reverse:
        p, q = q, p
    p, q = p + eps, q + eps
    return float(np.sum(p * log(p / q)))


def _kl_cases(gen):
    """(real, fake, bins) 입력 묶음 세 개. 가짜 표본의 3%는 진짜 범위보다 조금 넓은 균등분포에서 뽑는다:
    진짜 범위 안의 모든 칸이 채워져 빈 칸 처리 방식(eps 크기)에 따라 값이 흔들리지 않고, 범위 밖으로
    나간 가짜 표본도 조금 생긴다."""
    def normal(n, mean, std):
        return mean + std * torch.randn(n, generator=gen, dtype=torch.float64)

    two_peaks = torch.where(torch.rand(6000, generator=gen) < 0.5, -2.0, 2.0).double() + normal(6000, 0.0, 0.5)
    specs = [  # (진짜 표본, 가짜 평균, 가짜 표준편차, 가짜 개수, 칸 수, 이름)
        (normal(5000, 0.0, 1.0), 0.4, 1.3, 8000, 20, "입력 묶음 1, 칸 20개"),
        (normal(10_000, 4.0, 1.25), 3.5, 1.0, 10_000, 50, "입력 묶음 2, 칸 50개"),
        (two_peaks, 0.0, 1.5, 7000, 30, "입력 묶음 3 (봉우리 둘), 칸 30개"),
    ]
    cases = []
    for real, mean, std, n_fake, bins, label in specs:
        n_uniform = n_fake * 3 // 100
        lo, hi = real.min().item(), real.max().item()
        uniform = lo - 0.05 * (hi - lo) + 1.1 * (hi - lo) * torch.rand(n_uniform, generator=gen, dtype=torch.float64)
        fake = torch.cat([normal(n_fake - n_uniform, mean, std), uniform])
        fake = fake[torch.randperm(n_fake, generator=gen)]
        real_np, fake_np = real.numpy(), fake.numpy()
        cases.append(Case((real_np.copy(), fake_np.copy(), bins),
                          {"real": real_np.copy(), "fake": fake_np.copy(), "bins": bins}, label))
    return cases


def check_kl_hist(fn, seed=None, verbose=True):
    """연습 1: 히스토그램 KL(p_real ‖ p_fake) 채점.

    fn(real, fake, bins) → 숫자 하나. real, fake는 1차원 numpy 배열, bins는 칸 수.
    칸 경계는 진짜 표본의 최솟값~최댓값을 bins개로 나누고, 칸마다 개수를 각 표본의 전체 개수로
    나눈 확률 p, q에 작은 eps(1e-10)를 더해 Σ p log(p/q)를 계산한다 (자연로그).
    참조: gan_utils.metrics.kl_divergence_hist.
    """
    task = "히스토그램 KL"
    gen = _generator(seed)
    cases = _kl_cases(gen)

    def reference(case, differentiable=False):
        info = case.info
        return torch.tensor(kl_divergence_hist(info["real"], info["fake"], info["bins"]), dtype=torch.float64)

    def mistakes(case):
        r, f, b = case.info["real"], case.info["fake"], case.info["bins"]
        v = lambda **kw: _hist_kl_variant(r, f, b, **kw)  # noqa: E731
        return [
            ("reversed", v(reverse=True),
             "방향이 반대입니다: KL(p_fake ‖ p_real)을 계산했습니다. 이 강의의 KL은 진짜 분포 p가 앞에 오는 "
             "KL(p_real ‖ p_fake) = Σ p log(p / q)입니다. KL은 대칭이 아니라서 순서를 바꾸면 값이 달라집니다."),
            ("separate_bins", v(edges="separate"),
             "진짜 표본과 가짜 표본을 서로 다른 칸으로 나눴습니다 (np.histogram(x, bins)에 칸 수만 주면 "
             "표본마다 자기 범위로 칸을 나눕니다). 칸 경계를 진짜 표본의 최솟값~최댓값으로 한 번 만들고 "
             "두 표본에 같은 경계를 쓰세요."),
            ("combined_range", v(edges="both"),
             "칸 경계를 두 표본을 합친 범위로 정했습니다. 이 강의(gan_utils.metrics)는 진짜 표본의 "
             "최솟값~최댓값을 칸으로 나눕니다."),
            ("density", v(norm="density"),
             "확률이 아니라 밀도로 나눴습니다 (density=True, 또는 칸 너비로 나눔). 칸마다 '개수 / 전체 "
             "표본 수'로 확률을 만들어 합이 1(범위 밖으로 나간 가짜는 빼고)이 되게 하세요."),
            ("counts", v(norm="counts"),
             "개수를 그대로 썼습니다. 칸마다 개수를 그 표본의 전체 개수로 나눠 확률로 바꾸세요."),
            ("renormalized", v(norm="sum"),
             "가짜 표본의 개수를 '칸 안에 든 개수의 합'으로 나눴습니다. 진짜 범위 밖으로 나간 가짜 표본도 "
             "'엉뚱한 곳에 놓인 확률'로 벌점을 받아야 하므로 전체 표본 수(len(fake))로 나누세요."),
            ("log2", v(log=np.log2),
             "밑이 2인 로그를 썼습니다 (단위 bit). 이 강의는 자연로그 np.log(단위 nat)를 씁니다."),
        ]

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes,
                       per_sample_shapes=lambda case: {(case.info["bins"],)}, verbose=False)
    if result:
        result = _check_empty_bins(fn, gen, task)
    return _finish(result, {
        "wrong_value": "식을 한 단계씩 확인하세요: (1) 진짜 표본의 범위로 칸 경계 만들기 (2) 두 표본을 같은 칸에 "
                       "세기 (3) 각 표본의 전체 개수로 나눠 확률 p, q 만들기 (4) 작은 eps 더하기 (5) Σ p log(p / q).",
        "not_reduced": (f"{task} 함수가 숫자 하나가 아니라 칸 수만큼의 배열을 돌려주었습니다.",
                        "칸마다의 값 p log(p / q)를 모두 더해(np.sum) 숫자 하나를 돌려주세요."),
        "not_scalar": (f"{task} 함수가 숫자 하나가 아니라 배열을 돌려주었습니다.",
                       "칸마다의 값 p log(p / q)를 모두 더해(np.sum) 숫자 하나를 돌려주세요."),
        "not_finite": "가짜 표본이 하나도 없는 칸이 있으면 q = 0이라 log(p / 0)이 무한대가 되고, 진짜 표본이 "
                      "없는 칸은 0 · log 0 = NaN이 됩니다. p와 q에 아주 작은 eps(예: 1e-10)를 더하세요.",
        "wrong_type": "숫자 하나(float)를 return 하세요.",
    }, verbose)


def _check_empty_bins(fn, gen, task):
    """가짜 표본이 진짜 범위의 일부만 덮어 빈 칸이 많은 경우에도 유한하고 비슷한 값이 나오는가."""
    real = torch.randn(3000, generator=gen, dtype=torch.float64).numpy()
    fake = (2.0 + 0.3 * torch.randn(3000, generator=gen, dtype=torch.float64)).numpy()
    bins = 25
    value, failure = call_student(fn, (real.copy(), fake.copy(), bins), task)
    if failure is not None:
        return failure
    got = _number(value)
    expected = kl_divergence_hist(real, fake, bins)
    if got is None:
        return _fail("not_finite", f"빈 칸이 많은 입력(가짜 표본이 진짜 범위의 일부만 덮음)에서 {task} 값이 "
                     f"숫자가 아닙니다 (받은 값: {value!r:.60}).", "")
    if not 0.5 * expected <= got <= 2.0 * expected:
        return _fail("empty_bins", f"빈 칸이 많은 입력에서 {task} 값이 {got:.4f}입니다 (기대한 값 약 {expected:.4f}).",
                     "가짜 표본이 없는 칸(q = 0)은 아주 작은 eps(예: 1e-10)를 더해 처리하세요. eps가 너무 크면 "
                     "(예: 1e-3) 빈 칸의 벌점이 작아집니다.")
    return CheckResult(True, "ok", f"{PASS_TEXT} {task}: 무작위 입력 3묶음에서 참조 구현과 값이 일치하고, "
                                   "빈 칸이 많은 입력에서도 유한한 값을 냅니다.")


# ---------------------------------------------------------------- 연습 2: 정규분포 KL (닫힌 식)
def check_kl_normal(fn, seed=None, verbose=True):
    """연습 2: KL(N(mean_p, std_p²) ‖ N(mean_q, std_q²))의 닫힌 식 채점.

    fn(mean_p, std_p, mean_q, std_q) → 숫자 하나. 참조: gan_utils.metrics.kl_normal
    = log(std_q / std_p) + (std_p² + (mean_p - mean_q)²) / (2 std_q²) - 1/2.
    """
    task = "정규분포 KL"
    gen = _generator(seed)
    cases = []
    for i in range(4):
        mean_p, mean_q = (8 * torch.rand(2, generator=gen, dtype=torch.float64) - 4).tolist()
        std_p, std_q = (0.3 + 2.2 * torch.rand(2, generator=gen, dtype=torch.float64)).tolist()
        if abs(std_p - std_q) < 0.2:  # 두 표준편차가 비슷하면 실수 몇 가지를 구분할 수 없다
            std_q = std_p + 0.5
        args = (round(mean_p, 3), round(std_p, 3), round(mean_q, 3), round(std_q, 3))
        cases.append(Case(args, {"args": args}, f"입력 묶음 {i + 1}: N({args[0]}, {args[1]}²) ‖ N({args[2]}, {args[3]}²)"))

    def reference(case, differentiable=False):
        return torch.tensor(kl_normal(*case.info["args"]), dtype=torch.float64)

    def mistakes(case):
        mp, sp, mq, sq = case.info["args"]
        ref = kl_normal(mp, sp, mq, sq)
        return [
            ("reversed", kl_normal(mq, sq, mp, sp),
             "방향이 반대입니다: KL(q ‖ p)를 계산했습니다. 앞의 분포(p, 여기서는 진짜)가 기댓값을 취하는 "
             "분포이고, 분모의 분산은 뒤의 분포 q의 분산입니다."),
            ("missing_half", ref + 0.5, "마지막의 - 1/2이 빠졌습니다. 두 분포가 같으면 KL이 0이 되는지 확인해 보세요."),
            ("variance_log", ref + math.log(sq / sp),
             "로그 항이 두 배입니다: log(분산 비율)에는 1/2이 붙어야 합니다. log(std_q² / std_p²) / 2 = log(std_q / std_p)."),
            ("log_flipped", ref - 2 * math.log(sq / sp),
             "로그 항의 분자와 분모가 뒤바뀌었습니다. p가 좁고 q가 넓으면 이 항은 양수여야 합니다."),
            ("std_not_var", math.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq) - 0.5,
             "분모에 분산 대신 표준편차를 썼습니다. 분모는 2 · std_q²입니다."),
            ("var_not_var", math.log(sq / sp) + (sp + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5,
             "분자에 std_p² 대신 std_p를 썼습니다. 분자는 std_p² + (mean_p - mean_q)²입니다."),
            ("missing_mean", ref - (mp - mq) ** 2 / (2 * sq ** 2),
             "평균 차이 항이 빠졌습니다. 평균이 다르면 KL이 커져야 합니다: 분자에 (mean_p - mean_q)²를 더하세요."),
        ]

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes, verbose=False)
    return _finish(result, {
        "wrong_value": "KL(p ‖ q) = log(std_q / std_p) + (std_p² + (mean_p - mean_q)²) / (2 · std_q²) - 1/2 의 "
                       "세 항을 하나씩 확인하세요. 두 분포가 같을 때 0이 나오는지 먼저 시험해 보면 좋습니다.",
        "not_finite": "표준편차는 양수입니다. log에 음수나 0이 들어가지 않았는지, 0으로 나누지 않았는지 확인하세요.",
        "wrong_type": "숫자 하나(float)를 return 하세요.",
        "not_scalar": "숫자 하나(float)를 return 하세요.",
    }, verbose)


# ---------------------------------------------------------------- 연습 3: 목표를 바꾸고 결과를 예측하기
def check_new_target(fn, n=20_000, verbose=True):
    """연습 3: 새 목표 분포, 그 분포의 표본 함수, 학습 결과의 예측을 채점한다 (학습은 하지 않는다).

    fn() → ((목표 평균, 목표 표준편차), sampler, (예측 평균, 예측 표준편차)).
    sampler(n)은 새 목표에서 뽑은 (n, 1) 텐서를 돌려줘야 한다 (train_gan의 real_data로 쓴다).
    예측은 '학습이 잘 끝난 생성자의 표본'의 평균과 표준편차다.
    """
    return _report(lambda: _check_new_target(fn, n),
                   "함수가 ((평균, 표준편차), 표본 함수, (예측 평균, 예측 표준편차))를 돌려주는지 확인하세요.", verbose)


def _check_new_target(fn, n):
    task = "연습 3"
    value, failure = call_student(fn, (), task)
    if failure is not None:
        return failure
    shape_hint = "return (목표 평균, 목표 표준편차), 표본 함수, (예측 평균, 예측 표준편차) 처럼 세 가지를 돌려주세요."
    if value is None:
        return _fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).", shape_hint)
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        return _fail("wrong_structure", f"{task} 함수가 세 가지가 아니라 {type(value).__name__} 값을 돌려주었습니다.",
                     shape_hint)
    target, sampler, prediction = value
    pair = _pair(target)
    if pair is None or pair[1] <= 0:
        return _fail("bad_target", f"목표 {target!r:.60}가 (평균, 양수 표준편차) 두 숫자가 아닙니다.",
                     "예: (-1.0, 0.5)처럼 숫자 두 개의 튜플로 적으세요.")
    mean, std = pair
    if abs(mean - DEFAULT_TARGET[0]) < 1e-9 and abs(std - DEFAULT_TARGET[1]) < 1e-9:
        return _fail("unchanged_target", "목표가 기본값 N(4, 1.25²) 그대로입니다.",
                     "평균이나 표준편차를 다른 값으로 바꿔 보세요 (예: 평균을 음수로).")

    # (1) 표본 함수가 정말 새 목표에서 뽑는가
    if not callable(sampler):
        return _fail("not_callable", f"두 번째 값이 함수가 아니라 {type(sampler).__name__}입니다.",
                     "표본 개수 n을 받아 (n, 1) 텐서를 돌려주는 함수를 넘기세요 (괄호 없이 함수 이름만).")
    samples, failure = call_student(sampler, (n,), "표본 함수")
    if failure is not None:
        return failure
    if not isinstance(samples, torch.Tensor):
        return _fail("not_tensor", f"표본 함수가 torch 텐서가 아니라 {type(samples).__name__}을(를) 돌려주었습니다.",
                     "train_gan에 진짜 데이터로 넘기려면 torch 텐서여야 합니다. sample_real_1d를 쓰세요.")
    if tuple(samples.shape) != (n, 1):
        return _fail("wrong_shape", f"표본 함수가 모양 {tuple(samples.shape)}의 텐서를 돌려주었습니다. "
                     f"({n}, 1)이어야 합니다.", "판별자는 (배치, 1) 모양을 받습니다. sample_real_1d가 그 모양을 돌려줍니다.")
    x = samples.detach().double().reshape(-1)
    if not torch.isfinite(x).all():
        return _fail("not_finite", "표본 함수의 결과에 NaN이나 무한대가 있습니다.", "표준편차가 양수인지 확인하세요.")
    got_mean, got_std = x.mean().item(), x.std().item()
    if not _near(got_mean, got_std, mean, std):
        for (m, s), code, hint in (
            (DEFAULT_TARGET, "sampler_default",
             "표본 함수가 예전 목표 N(4, 1.25²)에서 뽑습니다. sample_real_1d(n, mean=..., std=...)에 새 평균과 "
             "표준편차를 넘기세요 (넘기지 않으면 기본값 4, 1.25가 쓰입니다)."),
            ((mean, std ** 2), "variance_as_std",
             "표준편차 자리에 분산(std²)이 들어갔습니다. sample_real_1d의 std에는 표준편차를 넘기세요."),
            ((0.0, 1.0), "standard_normal",
             "표본 함수가 표준정규분포 N(0, 1)에서 뽑습니다. torch.randn만 쓰지 말고 평균과 표준편차를 반영하세요."),
        ):
            if _near(got_mean, got_std, m, s):
                return _fail(code, f"표본 함수의 표본이 목표 N({mean:g}, {std:g}²)와 다릅니다 "
                             f"(표본 평균 {got_mean:.3f}, 표본 표준편차 {got_std:.3f}).", hint)
        return _fail("sampler_mismatch", f"표본 함수의 표본이 목표 N({mean:g}, {std:g}²)와 다릅니다 "
                     f"(표본 평균 {got_mean:.3f}, 표본 표준편차 {got_std:.3f}).",
                     "표본 함수가 목표로 적은 평균과 표준편차를 그대로 쓰는지 확인하세요.")

    # (2) 예측이 맞는가: 학습이 잘 끝나면 생성자 분포는 진짜 분포를 따라간다
    guess = _pair(prediction)
    if guess is None:
        return _fail("bad_prediction", f"예측 {prediction!r:.60}가 (평균, 표준편차) 두 숫자가 아닙니다.",
                     "예측도 숫자 두 개의 튜플로 적으세요.")
    if _close_stats(guess, (mean, std)):
        return CheckResult(True, "ok", f"{PASS_TEXT} 새 목표 N({mean:g}, {std:g}²): 표본 함수가 그 분포에서 뽑고 "
                                       "예측도 맞습니다. 아래 칸에서 실제로 학습해 예측을 확인해 보세요.")
    for (m, s), code, hint in (
        (DEFAULT_TARGET, "predicted_old_target",
         "예측이 예전 목표 N(4, 1.25²)입니다. 생성자는 지금 넘겨주는 진짜 데이터를 흉내 냅니다. 목표를 바꿨으니 "
         "무엇을 흉내 낼까요?"),
        ((0.0, 1.0), "predicted_noise",
         "예측이 잠재 벡터 z의 분포 N(0, 1)입니다. z는 생성자의 입력일 뿐이고, 학습이 끝난 생성자의 출력은 "
         "판별자가 진짜와 구분하지 못하는 분포가 됩니다."),
        ((mean, std ** 2), "predicted_variance",
         "예측의 두 번째 값이 분산(std²)입니다. 표준편차로 적으세요."),
    ):
        if _close_stats(guess, (m, s)) and not _close_stats((m, s), (mean, std)):
            return _fail(code, f"예측 ({guess[0]:g}, {guess[1]:g})이(가) 맞지 않습니다.", hint)
    return _fail("wrong_prediction", f"예측 ({guess[0]:g}, {guess[1]:g})이(가) 맞지 않습니다.",
                 "판별자가 진짜와 가짜를 구분하지 못하게 되는 것(D(x) = 1/2)이 학습의 끝입니다. 그때 생성자 "
                 "표본의 평균과 표준편차는 어떤 분포의 것과 같아질까요?")


def compare_prediction(prediction, samples, tolerance=0.05, verbose=True):
    """연습 3의 확인: 학습한 생성자 표본의 평균·표준편차를 예측과 비교해 출력하고 dict로 돌려준다.

    tolerance: 표준편차는 상대 오차, 평균은 (예측 표준편차 × tolerance × 2)까지 같다고 본다.
    """
    try:
        guess = _pair(prediction)
        if isinstance(samples, torch.Tensor):
            x = samples.detach().double().reshape(-1).cpu().numpy()
        else:
            x = np.asarray(samples, dtype=np.float64).reshape(-1)
        if guess is None or x.size < 2 or not np.all(np.isfinite(x)):
            message = "비교할 수 없습니다: 예측은 (평균, 표준편차) 두 숫자, 표본은 유한한 숫자 배열이어야 합니다."
            out = {"ok": False, "message": message}
        else:
            mean, std = float(x.mean()), float(x.std())
            ok = _close_stats((mean, std), guess, tolerance)
            verdict = ("예측과 맞습니다 (차이 5% 안)." if ok else
                       "예측과 아직 다릅니다. 학습이 덜 끝났을 수 있습니다: 에폭 수(EX_EPOCHS)를 늘려 다시 실행해 보세요.")
            message = (f"예측: 평균 {guess[0]:.3f}, 표준편차 {guess[1]:.3f}\n"
                       f"학습 결과: 평균 {mean:.3f}, 표준편차 {std:.3f}\n{verdict}")
            out = {"ok": ok, "mean": mean, "std": std, "message": message}
    except Exception as exc:
        out = {"ok": False, "message": f"비교하다 문제가 생겼습니다: {type(exc).__name__}: {exc}"}
    if verbose:
        print(out["message"])
    return out


def _pair(value):
    """(숫자, 숫자)면 float 두 개의 튜플, 아니면 None."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        return None
    try:
        if len(value) != 2:
            return None
        a, b = _number(value[0]), _number(value[1])
    except Exception:
        return None
    return None if a is None or b is None else (a, b)


def _near(got_mean, got_std, mean, std):
    """표본 평균·표준편차가 N(mean, std²)에서 나온 것으로 볼 만한가 (표본 2만 개 기준으로 넉넉하게)."""
    return abs(got_mean - mean) <= 0.05 * std + 1e-6 and abs(got_std / std - 1) <= 0.05


def _close_stats(a, b, tolerance=0.05):
    """(평균, 표준편차) 두 쌍이 5% 안에서 같은가. 평균은 표준편차에 견준 차이로 본다."""
    (ma, sa), (mb, sb) = a, b
    if sb <= 0 or sa <= 0:
        return False
    return abs(ma - mb) <= 2 * tolerance * sb and abs(sa / sb - 1) <= tolerance


# ================================================================ 4강: MNIST GAN
GENERATOR_SPEC = ("z 크기 100 → Linear 256 → LeakyReLU(0.2) → Linear 512 → LeakyReLU(0.2) → Linear 1024 → "
                  "LeakyReLU(0.2) → Linear 784 → Tanh")
STEP_LR = 0.1  # SGD 한 걸음으로도 매개변수가 눈에 띄게 움직이고, 실수마다 결과가 확실히 갈라진다
STEP_ATOL, STEP_RTOL = 1e-5, 1e-4  # float32에서 진짜·가짜를 따로 통과시킨 답과 이어 붙인 답의 차이보다 넉넉하게


@functools.lru_cache(maxsize=1)
def _generator_spec():
    """명세의 참조 생성자(models.MODEL_CONFIGS['mnist'])에서 ((입력, 출력) 목록, 매개변수 개수, 기울기)를 읽는다."""
    with torch.random.fork_rng(devices=[]):  # 참조 모델의 초기화가 학생 노트북의 난수 흐름을 바꾸지 않게
        ref = Generator(**MODEL_CONFIGS["mnist"]["generator"])
    sizes = tuple((m.in_features, m.out_features) for m in ref.modules() if isinstance(m, nn.Linear))
    return sizes, sum(p.numel() for p in ref.parameters()), ref.config["leak"]


def _rehint(failure, hint, code=None):
    """call_student가 만든 실패의 '무엇이 틀렸는지'는 두고 힌트만 이 문제에 맞게 바꾼다."""
    what = failure.message.split("\n힌트:")[0].replace("아직 아닙니다. ", "", 1)
    return _fail(code or failure.code, what, hint)


def _allclose(a, b, atol=1e-5, rtol=1e-4):
    return a.shape == b.shape and bool(torch.allclose(a.double(), b.double(), rtol=rtol, atol=atol))


# ---------------------------------------------------------------- 4강 연습 1: 명세대로 생성자 만들기
def check_generator_spec(build_generator, seed=None, verbose=True):
    """4강 연습: 명세대로 MNIST 생성자를 만드는 함수 채점.

    build_generator() → nn.Module. 명세: z 크기 100 → Linear 256 → LeakyReLU(0.2) → Linear 512 →
    LeakyReLU(0.2) → Linear 1024 → LeakyReLU(0.2) → Linear 784 → Tanh.
    새 무작위 잠재 벡터를 넣어 출력 모양 (B, 784), 출력 범위([-1, 1]을 실제로 다 쓰는지), nn.Linear 층의
    크기와 순서, 층 사이의 활성화 함수(LeakyReLU 기울기 0.2), 매개변수 개수를 참조 생성자
    (gan_utils.models.Generator의 'mnist' 구성, 1,486,352개)와 비교한다.
    """
    return _report(lambda: _check_generator_spec(build_generator, _generator(seed)),
                   "build_generator()가 nn.Sequential 같은 nn.Module 모델 하나를 돌려주는지 확인하세요.", verbose)


def _check_generator_spec(fn, gen):
    task = "생성자 만들기"
    sizes, n_params, leak = _generator_spec()
    z_dim, out_dim = sizes[0][0], sizes[-1][1]
    model, failure = call_student(fn, (), task)
    if failure is not None:
        return failure
    failure = _module_failure(model, task)
    if failure is not None:
        return failure
    registered = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not registered:
        return _fail("no_linear", "모델에 nn.Linear 층이 하나도 없습니다.",
                     f"명세의 층을 nn.Linear와 활성화 함수로 차례로 쌓으세요: {GENERATOR_SPEC}.")
    param = registered[0].weight

    # (1) 새 잠재 벡터를 통과시키며 Linear가 불린 순서대로 입력과 출력을 기록한다
    z = torch.randn(16, z_dim, generator=gen).to(param.device, param.dtype)
    out, failure, calls = _trace_linears(model, z)
    if failure is not None:
        # 크기가 어긋난 층이 있으면 그것이 오류의 원인일 가능성이 크므로 먼저 말한다
        # (CheckResult는 실패일 때 거짓이므로 `or`로 잇지 않는다)
        size_failure = _linear_sizes_failure(registered, sizes)
        if size_failure is not None:
            return size_failure
        return _rehint(failure, f"모델에 z (배치, {z_dim})를 넣었을 때 오류가 났습니다. 층을 명세의 순서대로 쌓았는지, "
                                "forward에서 모든 층을 차례로 통과시키는지 확인하세요.")
    if not isinstance(out, torch.Tensor):
        return _fail("not_tensor", f"모델에 z를 넣었더니 텐서가 아니라 {type(out).__name__}이(가) 나왔습니다.",
                     "생성자는 가짜 그림 텐서 (배치, 784) 하나를 내보내야 합니다.")
    if tuple(out.shape) != (16, out_dim):
        size_failure = _linear_sizes_failure([m for m, _, _ in calls], sizes)
        if size_failure is not None:
            return size_failure
        return _fail(
            "wrong_shape", f"z (16, {z_dim})를 넣었더니 출력 모양이 {tuple(out.shape)}입니다. (16, {out_dim})이어야 합니다.",
            f"생성자는 잠재 벡터마다 MNIST 그림 한 장(28×28 = {out_dim} 픽셀을 한 줄로 편 것)을 내보냅니다.")

    # (2) 층의 개수·크기·편향
    failure = _linear_sizes_failure([m for m, _, _ in calls], sizes)
    if failure is not None:
        return failure
    for i, (m, _, _) in enumerate(calls):
        if m.bias is None:
            return _fail("no_bias", f"{i + 1}번째 Linear 층에 편향(bias)이 없습니다.",
                         "명세의 Linear 층은 모두 편향을 씁니다. bias=False를 빼세요.")

    # (3) 출력 범위: 큰 잠재 벡터를 넣으면 마지막 층 앞의 값이 커져 Tanh라면 ±1에 붙는다
    y = out.detach().double()
    if not torch.isfinite(y).all():
        return _fail("not_finite", "생성자의 출력에 NaN이나 무한대가 있습니다.",
                     "명세에 없는 계산(나눗셈, log 등)을 넣지 않았는지 확인하세요.")
    with torch.no_grad():
        big, failure = call_student(model, (z * 100,), "생성자")
    if failure is not None:
        return failure
    big = big.detach().double()
    lo, hi = min(y.min().item(), big.min().item()), max(y.max().item(), big.max().item())
    if lo >= 0 and hi <= 1 + 1e-6:
        return _fail("sigmoid_output", f"생성자의 출력이 한 번도 음수가 되지 않습니다 (0~1 사이, 최솟값 {lo:.3f}). "
                     "마지막에 Sigmoid를 쓴 것 같습니다.",
                     "이 강의는 MNIST 픽셀을 [-1, 1]로 바꿔 씁니다 (픽셀/127.5 - 1). 진짜 그림과 범위가 같아야 하므로 "
                     "생성자의 마지막 활성화는 출력이 -1~1인 Tanh입니다.")
    if lo < -1 - 1e-6 or hi > 1 + 1e-6:
        return _fail("missing_tanh", f"생성자의 출력이 [-1, 1]을 벗어납니다 (최솟값 {lo:.2f}, 최댓값 {hi:.2f}).",
                     "마지막 Linear 뒤에 Tanh를 두어 출력을 [-1, 1]로 맞추세요. 진짜 MNIST 그림도 [-1, 1]로 바꿔 "
                     "쓰므로, 범위가 다르면 판별자가 범위만 보고 가짜를 가려냅니다.")

    # (4) 층 사이의 활성화 함수: 앞 Linear의 출력과 다음 Linear의 입력을 원소별로 비교한다.
    # 범위를 다 쓰는지 보기 전에 확인한다: 명세에 없는 BatchNorm 등은 큰 입력을 도로 줄여 범위 문제처럼 보인다.
    for i in range(len(calls) - 1):
        failure = _activation_failure(i, calls[i][2].double(), calls[i + 1][1].double(), leak)
        if failure is not None:
            return failure

    # (5) Tanh의 범위를 다 쓰는가, 출력이 정말 마지막 Linear 출력의 tanh인가
    if big.min().item() > -0.99 or big.max().item() < 0.99:
        return _fail("narrow_range", f"큰 잠재 벡터를 넣어도 출력이 [{big.min().item():.2f}, {big.max().item():.2f}]에 "
                     "머물러, Tanh의 범위 [-1, 1]을 다 쓰지 않습니다.",
                     "Tanh의 출력을 곱하거나 옮기지 말고 그대로 내보내세요. 진짜 그림의 배경(-1)과 획(1)을 모두 "
                     "그릴 수 있어야 합니다.")
    pre_last = calls[-1][2].double()
    if not _allclose(y, torch.tanh(pre_last)):
        return _fail("output_activation", "출력이 마지막 Linear 출력의 tanh와 다릅니다.",
                     "마지막 Linear 바로 뒤에는 Tanh 하나만 두세요 (clamp나 Hardtanh, 그 밖의 계산 없이).")

    # (6) 배치 크기를 숫자로 고정하지 않았는가, 매개변수 개수가 명세와 같은가
    with torch.no_grad():
        small, failure = call_student(model, (z[:3].clone(),), "생성자")
    if failure is not None:
        failure.message += ("\n참고: 배치 16에서는 실행되었는데 배치 3에서 오류가 났습니다. 배치 크기를 숫자로 "
                            "고정하지 않았는지 확인하세요.")
        return failure
    if not isinstance(small, torch.Tensor) or tuple(small.shape) != (3, out_dim):
        shape = tuple(small.shape) if isinstance(small, torch.Tensor) else type(small).__name__
        return _fail("wrong_shape", f"z (3, {z_dim})를 넣었더니 출력이 {shape}입니다. (3, {out_dim})이어야 합니다.",
                     "배치 크기를 숫자로 고정하지 말고 입력의 배치 크기를 그대로 따르게 하세요.")
    count = sum(p.numel() for p in model.parameters())
    if count != n_params:
        return _fail("wrong_param_count", f"매개변수가 {count:,}개입니다. 명세대로라면 {n_params:,}개입니다.",
                     "명세에 없는 층(BatchNorm 등)이나 매개변수를 더하지 않았는지 확인하세요.")
    if not all(p.requires_grad for p in model.parameters()):
        return _fail("frozen", "학습되지 않도록 고정된(requires_grad=False) 매개변수가 있습니다.",
                     "생성자의 모든 매개변수는 학습되어야 합니다. requires_grad_(False)를 빼세요.")
    return CheckResult(True, "ok", f"{PASS_TEXT} {task}: Linear 층 {len(sizes)}개의 크기, 층 사이의 LeakyReLU({leak}), "
                                   f"Tanh 출력 [-1, 1], 출력 모양 (B, {out_dim}), 매개변수 {n_params:,}개가 명세와 "
                                   "일치합니다.")


def _module_failure(model, task):
    if model is None:
        return _fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                     "함수 안에서 만든 모델을 돌려주는지 (함수 마지막에 return 문이 있는지) 확인하세요.")
    if isinstance(model, type) and issubclass(model, nn.Module):
        return _fail("returned_class", f"{task} 함수가 모델이 아니라 클래스 {model.__name__}을(를) 돌려주었습니다.",
                     "클래스 이름 뒤에 괄호를 붙여 모델 객체를 만든 뒤 돌려주세요.")
    if not isinstance(model, nn.Module):
        hint = "nn.Sequential 같은 nn.Module 모델 하나를 돌려주세요."
        if isinstance(model, (tuple, list)) and model and all(isinstance(m, nn.Module) for m in model):
            hint = "층의 목록이 아니라, 층들을 nn.Sequential로 묶은 모델 하나를 돌려주세요 (목록 앞에 * 를 붙여 넘깁니다)."
        return _fail("not_module", f"{task} 함수가 nn.Module이 아니라 {type(model).__name__}을(를) 돌려주었습니다.", hint)
    return None


def _trace_linears(model, z):
    """model(z)를 부르고 (출력, 실패, [(Linear 층, 입력, 출력), ...])을 돌려준다 (불린 순서대로)."""
    calls = []

    def hook(module, inputs, output):
        # clone: 뒤따르는 LeakyReLU(inplace=True)가 기록해 둔 출력을 덮어쓰지 못하게
        calls.append((module, inputs[0].detach().clone(), output.detach().clone()))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        with torch.no_grad():
            out, failure = call_student(model, (z,), "생성자")
    finally:
        for h in handles:
            h.remove()
    return out, failure, calls


def _linear_sizes_failure(linears, sizes):
    """Linear 층들의 (입력, 출력) 크기를 명세와 비교해, 다르면 어느 층이 어떻게 다른지 알려 준다."""
    found = [(m.in_features, m.out_features) for m in linears]
    if found == list(sizes):
        return None

    def text(pairs):
        return " → ".join(f"Linear({a}, {b})" for a, b in pairs)

    if len(found) != len(sizes):
        return _fail("wrong_layer_count", f"nn.Linear 층이 {len(found)}개입니다 ({text(found)}). 명세에는 "
                     f"{len(sizes)}개가 있습니다.",
                     "명세를 왼쪽부터 읽으며 Linear 층을 하나씩 맞춰 보세요: 은닉층 셋과 출력층 하나입니다.")
    for i, (got, want) in enumerate(zip(found, sizes)):
        if got == want:
            continue
        what = (f"{i + 1}번째 Linear 층의 크기가 (입력 {got[0]}, 출력 {got[1]})입니다. "
                f"명세대로라면 (입력 {want[0]}, 출력 {want[1]})입니다.")
        if i == 0 and got[0] != want[0]:
            hint = f"첫 층의 입력 크기는 잠재 벡터 z의 크기 {want[0]}입니다."
        elif i == len(sizes) - 1 and got[1] != want[1]:
            hint = f"마지막 층의 출력 크기는 MNIST 그림 한 장의 픽셀 수 28×28 = {want[1]}입니다."
        else:
            hint = ("각 Linear의 입력 크기는 바로 앞 층의 출력 크기와 같고, 출력 크기는 명세의 순서를 따릅니다. "
                    "은닉층의 폭이 뒤바뀌지 않았는지 확인하세요.")
        return _fail("wrong_layer_size", what, hint)
    return None


def _activation_failure(i, pre, post, leak):
    """i번째 Linear의 출력 pre와 다음 Linear의 입력 post 사이의 계산이 LeakyReLU(leak)인가."""
    if _allclose(post, F.leaky_relu(pre, leak)):
        return None
    where = f"{i + 1}번째와 {i + 2}번째 Linear 층 사이"
    if _allclose(post, pre):
        return _fail("missing_activation", f"{where}에 활성화 함수가 없습니다.",
                     f"Linear만 이어 쌓으면 전체가 Linear 하나와 같아져 복잡한 그림을 만들 수 없습니다. 층 사이마다 "
                     f"LeakyReLU(기울기 {leak})를 두세요.")
    if _allclose(post, F.relu(pre)):
        return _fail("relu", f"{where}의 활성화 함수가 ReLU입니다. 명세는 LeakyReLU({leak})입니다.",
                     f"ReLU는 음수 입력의 기울기가 0이라 기울기가 끊기고 뉴런이 죽을 수 있습니다. GAN에서는 음수 쪽에도 "
                     f"작은 기울기({leak})를 남기는 LeakyReLU를 씁니다.")
    neg, pos = pre < -1e-3, pre > 1e-3
    if neg.any() and _allclose(post[pos], pre[pos]):
        ratio = post[neg] / pre[neg]
        if (ratio.max() - ratio.min()).item() < 1e-3:
            slope = ratio.mean().item()
            hint = f"명세의 음수 쪽 기울기는 {leak}입니다. nn.LeakyReLU에 기울기를 직접 넘기세요."
            if abs(slope - 0.01) < 1e-4:
                hint += " 아무것도 넘기지 않으면 기본값 0.01이 쓰입니다."
            return _fail("wrong_slope", f"{where}의 LeakyReLU 기울기가 {slope:.3g}입니다.", hint)
    return _fail("wrong_activation", f"{where}에 LeakyReLU({leak})가 아닌 계산이 들어 있습니다.",
                 f"명세에 없는 층(BatchNorm, Dropout 등)이나 다른 활성화 함수(Sigmoid, Tanh 등)를 빼고, 층 사이에는 "
                 f"LeakyReLU({leak}) 하나만 두세요.")


# ---------------------------------------------------------------- 4강 연습 2: 학습 한 단계
def check_training_step(train_step, seed=None, verbose=True):
    """4강 연습: 판별자를 한 번, 이어서 생성자를 한 번 갱신하는 학습 단계 채점.

    train_step(G, D, opt_G, opt_D, real, z) → (loss_D, loss_G) (숫자 또는 0차원 텐서).
    판별자는 로짓을 내보낸다. 판별자 손실은 진짜 목표 1, 가짜 목표 0의 BCE-with-logits 두 개의 합,
    생성자 손실은 갱신된 판별자로 계산한 비포화형 -log D(G(z)).
    작은 새 생성자·판별자(드롭아웃 없음)와 SGD 옵티마이저로 한 단계를 밟게 하고, 같은 시작점에서
    참조 구현(gan_utils.train.d_step, g_step)이 낸 두 손실, 갱신된 판별자·생성자의 매개변수와 비교한다.
    이어서 .grad에 이전 값을 채워 둔 새 모델로 한 번 더 불러 zero_grad를 빠뜨리지 않았는지 본다.
    """
    return _report(lambda: _check_training_step(train_step, _generator(seed)),
                   "train_step이 넘겨받은 모델과 옵티마이저만 쓰고 (loss_D, loss_G)를 돌려주는지 확인하세요.", verbose)


def _check_training_step(fn, gen):
    task = "학습 단계"

    # (1) 깨끗한 상태(.grad 없음)에서 한 단계
    G, D, real, z = _step_setup(gen, 16)
    G0, D0 = copy.deepcopy(G), copy.deepcopy(D)  # 학생 함수가 바꾸기 전의 시작점 (실수 흉내도 여기서 출발)
    ref = _simulate_step(G0, D0, real, z, reference=True)
    grad_calls = [0]
    # 생성자의 첫 가중치에 기울기가 몇 번 흘러드는지 센다: detach를 빠뜨리면 판별자 손실에서도 흘러든다
    handle = next(G.parameters()).register_hook(lambda grad: grad_calls.__setitem__(0, grad_calls[0] + 1))
    try:
        value, failure = _call_step(fn, G, D, real, z, task)
    finally:
        handle.remove()
    if failure is not None:
        return failure
    losses, failure = _two_losses(value, task)
    if failure is not None:
        return failure
    if grad_calls[0] > 1:
        return _fail("missing_detach", "판별자 단계에서 판별자 손실의 기울기가 생성자까지 흘러들었습니다 "
                     f"(생성자 매개변수가 기울기를 {grad_calls[0]}번 받았습니다).",
                     "판별자를 갱신할 때 생성자는 고정해야 합니다. 판별자에 넣는 가짜 표본을 .detach() 해서 판별자 "
                     "손실의 backward()가 생성자까지 내려가지 않게 하세요.")
    failure = _step_loss_failure(losses, ref, (G0, D0), (G, D), real, z, task)
    if failure is not None:
        return failure
    for name, model in (("판별자", D), ("생성자", G)):
        if not all(p.requires_grad for p in model.parameters()):
            return _fail("left_frozen", f"학습 단계가 끝난 뒤 {name}의 매개변수가 고정된(requires_grad=False) 채로 "
                         "남아 있습니다.", "requires_grad_(False)로 잠시 고정했다면 단계가 끝나기 전에 "
                         "requires_grad_(True)로 되돌리세요. 그대로 두면 다음 단계에서 학습되지 않습니다.")
    for name, model, start, after in (("판별자", D, D0, ref[2]), ("생성자", G, G0, ref[3])):
        failure = _update_failure(name, model, start, after)
        if failure is not None:
            return failure

    # (2) .grad에 이전 단계의 기울기가 남아 있는 상태에서 한 단계: zero_grad를 빠뜨리면 결과가 달라진다.
    # 한 번에 한 모델의 .grad만 채운다: 판별자 갱신이 틀리면 생성자 손실도 따라 틀리므로, 둘을 함께 채우면
    # 어느 옵티마이저의 zero_grad가 빠졌는지 가려낼 수 없다.
    stale = []
    for name, opt in (("판별자", "opt_D"), ("생성자", "opt_G")):
        G, D, real, z = _step_setup(gen, 10)
        ref = _simulate_step(G, D, real, z, reference=True)
        model, after = (D, ref[2]) if name == "판별자" else (G, ref[3])
        for p in model.parameters():
            p.grad = torch.randn(p.shape, generator=gen)
        value, failure = _call_step(fn, G, D, real, z, task)
        if failure is not None:
            if failure.code == "exception":
                failure.message += ("\n참고: 배치 16에서는 실행되었는데 배치 10에서 오류가 났습니다. 배치 크기를 숫자로 "
                                    "고정하지 말고 torch.ones_like처럼 입력의 모양을 따르게 하세요.")
            return failure
        if not _allclose(_flat(model), after, STEP_ATOL, STEP_RTOL):
            stale.append((name, opt))
    if stale:
        names, opts = "와 ".join(n for n, _ in stale), ", ".join(o for _, o in stale)
        return _fail("no_zero_grad", f".grad에 이전 기울기가 남아 있으면 {names}의 갱신 결과가 달라집니다: "
                     "지난 기울기가 이번 갱신에 더해졌습니다.",
                     f"PyTorch는 backward()할 때마다 기울기를 .grad에 더합니다(누적). 각 backward() 전에 그 옵티마이저의 "
                     f"zero_grad()를 부르세요 ({opts}).")
    return CheckResult(True, "ok", f"{PASS_TEXT} {task}: 판별자 한 번, 생성자 한 번 갱신한 결과(두 손실과 두 모델의 "
                                   "매개변수)가 참조 구현과 일치하고, 이전 기울기가 남아 있어도 흔들리지 않습니다.")


def _step_setup(gen, batch):
    """작은 새 생성자·판별자, 진짜 배치, 잠재 벡터. 가중치는 gen에서 뽑아 시드마다 같고 학생의 난수 흐름은 그대로 둔다."""
    with torch.random.fork_rng(devices=[]):
        G = Generator(z_dim=8, hidden=(16,), out_dim=12)
        D = Discriminator(in_dim=12, hidden=(16,), dropout=0.0)
    with torch.no_grad():
        for p in [*G.parameters(), *D.parameters()]:
            # 판별자 로짓이 0 근처에 몰리지 않을 만큼 크게: 포화형·비포화형처럼 비슷한 실수도 값이 갈린다
            p.copy_(0.5 * torch.randn(p.shape, generator=gen))
    real = torch.rand(batch, 12, generator=gen) * 2 - 1  # MNIST처럼 [-1, 1]
    z = torch.randn(batch, 8, generator=gen)
    return G, D, real, z


def _call_step(fn, G, D, real, z, task):
    opt_G = torch.optim.SGD(G.parameters(), lr=STEP_LR)
    opt_D = torch.optim.SGD(D.parameters(), lr=STEP_LR)
    value, failure = call_student(fn, (G, D, opt_G, opt_D, real.clone(), z.clone()), task)
    if failure is None or failure.code != "exception":
        return value, failure
    if "backward through the graph a second time" in failure.message:
        return None, _rehint(failure, "판별자 단계에서 가짜 표본을 .detach() 하지 않아, 판별자 손실의 backward()가 "
                                      "생성자의 계산 그래프까지 지나가며 지워 버렸습니다. 판별자를 갱신할 때 생성자는 "
                                      "고정해야 하므로 판별자에 넣는 가짜 표본을 .detach() 하세요.", "missing_detach")
    if "modified by an inplace operation" in failure.message:
        return None, _rehint(failure, "판별자를 갱신(opt_D.step())하기 전에 계산한 판별자 출력을 생성자 손실에 다시 "
                                      "썼습니다. 그 사이 판별자의 가중치가 바뀌어 backward()를 할 수 없습니다. 생성자 "
                                      "단계에서는 갱신된 판별자에 가짜 표본을 다시 통과시키세요.", "stale_d_output")
    return None, failure


def _two_losses(value, task):
    """(loss_D, loss_G) 두 숫자. ((float, float), None) 또는 (None, CheckResult)."""
    shape_hint = "판별자 손실과 생성자 손실, 두 값을 (loss_D, loss_G) 순서의 튜플로 돌려주세요."
    if value is None:
        return None, _fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).", shape_hint)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        what = (f"{task} 함수가 값 {len(value)}개를 돌려주었습니다." if isinstance(value, (tuple, list))
                else f"{task} 함수가 두 값이 아니라 {type(value).__name__} 하나를 돌려주었습니다.")
        return None, _fail("wrong_structure", what, shape_hint)
    numbers = [_number(v) for v in value]
    for name, v, number in zip(("loss_D", "loss_G"), value, numbers):
        if number is None:
            return None, _fail("not_number", f"돌려준 {name}이(가) 유한한 숫자 하나가 아닙니다 (받은 값: {v!r:.60}).",
                               "손실은 숫자 하나(float) 또는 원소 하나인 텐서여야 합니다. 평균을 냈는지, NaN이 "
                               "나오지 않았는지 확인하세요.")
    return tuple(numbers), None


def _flat(model):
    return torch.cat([p.detach().reshape(-1).to("cpu", torch.float64) for p in model.parameters()])


def _simulate_step(G, D, real, z, reference=False, d_loss=discriminator_loss, g_loss=generator_loss,
                   g_first=False, refresh=False):
    """복사본으로 한 단계를 밟아 (loss_D, loss_G, 판별자 매개변수, 생성자 매개변수)를 돌려준다.

    reference=True면 학습 루프가 쓰는 d_step, g_step 그대로 (참조 답). 아니면 흔한 실수를 흉내 낸다:
    d_loss(진짜 로짓, 가짜 로짓), g_loss(가짜 로짓)를 바꾸거나, g_first=True로 생성자를 먼저 갱신한다
    (refresh=True면 판별자 단계에서 갱신된 생성자로 가짜를 다시 만든다).
    """
    G, D = copy.deepcopy(G), copy.deepcopy(D)
    opt_G = torch.optim.SGD(G.parameters(), lr=STEP_LR)
    opt_D = torch.optim.SGD(D.parameters(), lr=STEP_LR)
    fake = G(z)
    if reference:
        loss_d = d_step(D, opt_D, real, fake)[0]
        loss_g = g_step(D, opt_G, fake)
        return loss_d.item(), loss_g.item(), _flat(D), _flat(G)

    def step_d(fake):
        loss = d_loss(D(real), D(fake.detach()))
        opt_D.zero_grad()
        loss.backward()
        opt_D.step()
        return loss.item()

    def step_g(fake):
        loss = g_loss(D(fake))
        opt_G.zero_grad()
        loss.backward()
        opt_G.step()
        return loss.item()

    if g_first:
        loss_g = step_g(fake)
        loss_d = step_d(G(z) if refresh else fake)
    else:
        loss_d = step_d(fake)
        loss_g = step_g(fake)
    return loss_d, loss_g, _flat(D), _flat(G)


def _update_failure(name, model, start, after, losses_ok=True):
    """model(판별자 또는 생성자)이 시작점 start에서 참조 답 after(매개변수 벡터)로 갱신되었는가."""
    opt, code = ("opt_D", "d") if name == "판별자" else ("opt_G", "g")
    got = _flat(model)
    if _allclose(got, _flat(start), atol=1e-7, rtol=0):
        hint = f"{name} 손실로 backward()를 한 뒤 넘겨받은 {opt}로 step()을 부르세요."
        if name == "생성자":
            hint += (" 생성자 단계의 가짜 표본을 detach하거나 torch.no_grad() 안에서 만들면 기울기가 생성자까지 "
                     "오지 않습니다.")
        return _fail(f"{code}_not_updated", f"{name}의 매개변수가 그대로입니다.", hint)
    if _allclose(got, after, STEP_ATOL, STEP_RTOL):
        return None
    what = (f"두 손실 값은 맞지만 갱신된 {name}의 매개변수가 참조 구현과 다릅니다." if losses_ok else
            f"갱신된 {name}의 매개변수가 참조 구현과 달라, 그 {name}로 계산한 생성자 손실도 다릅니다.")
    return _fail(f"{code}_mismatch", what,
                 f"넘겨받은 {opt}로 {name} 손실에 대해 한 번만 step() 하세요. 옵티마이저를 새로 만들거나, 두 번 "
                 "갱신하거나, 다른 손실로 backward() 하지 않았는지 확인하세요.")


def _step_loss_failure(losses, ref, start, after, real, z, task):
    """두 손실이 참조 답과 다르면 흔한 실수 중 어느 것과 같은지 찾아 콕 집어 말한다.

    start = (G0, D0)은 학생 함수를 부르기 전의 복사본, after = (G, D)는 학생 함수가 갱신한 모델이다.
    """
    def same(a, b):
        return all(abs(x - y) <= STEP_ATOL + STEP_RTOL * abs(y) for x, y in zip(a, b))

    if same(losses, ref[:2]):
        return None
    (G0, D0), (G, D) = start, after

    def swapped_d(r, f):
        return discriminator_loss(r, f, real_target=0.0, fake_target=1.0)

    def g_label_zero(f):
        return F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))

    order = ("판별자보다 생성자를 먼저 갱신했습니다. 이 강의의 학습 단계는 (1) 판별자 한 번 (2) 생성자 한 번 순서이고, "
             "생성자 손실은 방금 갱신된 판별자로 계산합니다.")
    swap_d = ("판별자 손실에서 진짜와 가짜의 레이블이 뒤바뀌었습니다. 진짜 표본의 목표는 1, 가짜 표본의 목표는 0입니다.")
    swap_g = ("생성자 손실에서 가짜 표본에 레이블 0을 붙였습니다. 그것은 판별자의 목표입니다. 생성자는 판별자를 속이려고 "
              "가짜에 '진짜(1)' 레이블을 붙입니다.")
    variants = [
        ("wrong_order", dict(g_first=True), order),
        ("wrong_order", dict(g_first=True, refresh=True), order),
        ("saturating", dict(g_loss=lambda f: generator_loss(f, "saturating")),
         "생성자 손실로 포화형(saturating) log(1 - D(G(z)))를 썼습니다. 판별자가 가짜를 자신 있게 거절하는 학습 "
         "초반에 판별자 로짓에 대한 기울기가 사라집니다. 가짜에 '진짜(1)' 레이블을 붙인 비포화형 -log D(G(z))를 쓰세요."),
        ("wrong_sign", dict(g_loss=lambda f: -generator_loss(f)),
         "생성자 손실의 부호가 반대입니다. 생성자는 log D(G(z))를 키우고 싶으므로 최소화할 손실은 -log D(G(z))의 "
         "평균이고, 0 이상입니다."),
        ("wrong_sign", dict(d_loss=lambda r, f: -discriminator_loss(r, f)),
         "판별자 손실의 부호가 반대입니다. 판별자는 log D(x) + log(1 - D(G(z)))를 키우고 싶으므로 최소화할 손실은 "
         "그 음수(BCE 두 개의 합)이고, 0 이상입니다."),
        ("labels_swapped", dict(d_loss=swapped_d), swap_d),
        ("labels_swapped", dict(g_loss=g_label_zero), swap_g),
        ("labels_swapped", dict(d_loss=swapped_d, g_loss=g_label_zero),
         "판별자와 생성자 손실 모두에서 레이블이 뒤바뀌었습니다. 판별자는 진짜 1, 가짜 0을 목표로 하고, 생성자는 "
         "가짜에 '진짜(1)' 레이블을 붙입니다."),
        ("d_loss_halved", dict(d_loss=lambda r, f: discriminator_loss(r, f) / 2),
         "판별자 손실이 정답의 절반입니다 (2로 나눴거나, 진짜와 가짜를 한 배치로 이어 붙여 평균을 냈습니다). 이 강의의 "
         "판별자 손실은 진짜 항의 BCE와 가짜 항의 BCE를 더한 값입니다."),
        ("double_sigmoid", dict(d_loss=lambda r, f: discriminator_loss(torch.sigmoid(r), torch.sigmoid(f)),
                                g_loss=lambda f: generator_loss(torch.sigmoid(f))),
         "판별자의 출력은 이미 로짓인데, 시그모이드를 씌워 BCEWithLogits에 넘겨 시그모이드를 두 번 적용했습니다. "
         "로짓을 그대로 BCEWithLogits에 넘기세요."),
    ]
    if same(losses, ref[1::-1]):
        return _fail("return_order", f"{task} 함수가 돌려준 두 값의 순서가 바뀌었습니다.",
                     "판별자 손실을 먼저, 생성자 손실을 나중에: (loss_D, loss_G) 순서로 돌려주세요.")
    simulated = [(code, _simulate_step(G0, D0, real, z, **kwargs), hint) for code, kwargs, hint in variants]
    got_d, got_g = _flat(D), _flat(G)
    # 손실과 갱신된 두 모델까지 모두 같은 실수가 가장 확실하다 (예: 판별자를 아예 갱신하지 않은 답은 손실만
    # 보면 '생성자를 먼저 갱신한' 답과 같지만, 판별자 매개변수에서 갈린다)
    for code, (loss_d, loss_g, sim_d, sim_g), hint in simulated:
        if (same(losses, (loss_d, loss_g)) and _allclose(got_d, sim_d, STEP_ATOL, STEP_RTOL)
                and _allclose(got_g, sim_g, STEP_ATOL, STEP_RTOL)):
            return _fail(code, f"{task}의 손실 값이 틀렸습니다.", hint)
    # 생성자 손실은 갱신된 판별자로 계산하므로, 판별자 손실은 맞는데 갱신이 틀리면 생성자 손실이 따라 틀린다
    if same(losses[:1], ref[:1]):
        failure = _update_failure("판별자", D, D0, ref[2], losses_ok=False)
        if failure is not None:
            return failure
    for code, (loss_d, loss_g, _, _), hint in simulated:
        if same(losses, (loss_d, loss_g)):
            return _fail(code, f"{task}의 손실 값이 틀렸습니다.", hint)
    wrong = [name for name, got, want in zip(("loss_D", "loss_G"), losses, ref) if not same((got,), (want,))]
    hint = ("생성자 손실은 방금 갱신된 판별자로 계산한 -log D(G(z))의 평균입니다 (가짜에 목표 1을 붙인 BCE-with-logits)."
            if wrong == ["loss_G"] else
            "판별자 손실은 진짜 로짓에 목표 1, 가짜 로짓에 목표 0을 붙인 BCE-with-logits 두 개의 합입니다. 판별자는 "
            "로짓을 내보내므로 시그모이드를 따로 씌우지 마세요.")
    return _fail("wrong_value", f"{task}의 손실 값이 참조 구현과 다릅니다: 받은 값 loss_D {losses[0]:.4f}, loss_G "
                 f"{losses[1]:.4f} / 기대한 값 loss_D {ref[0]:.4f}, loss_G {ref[1]:.4f}.", hint)


def check_interpolation(fn, seed=None, verbose=True):
    """4강 연습 3: 두 잠재 벡터 사이의 직선 보간 채점.

    fn(z0, z1, steps) → (steps, z 크기) 텐서, i번째 줄 = (1 - t_i)·z0 + t_i·z1, t_i = i / (steps - 1).
    참조: gan_utils.data.latent_interpolation.
    """
    from .data import latent_interpolation
    task = "잠재 벡터 보간"
    gen = _generator(seed)
    cases = []
    for i, (dim, steps) in enumerate(((8, 5), (100, 10), (3, 7))):
        z0, z1 = torch.randn(2, dim, generator=gen).unbind(0)
        cases.append(Case((z0, z1, steps), {"steps": steps}, f"입력 묶음 {i + 1}: z 크기 {dim}, steps {steps}"))

    def reference(case, differentiable=False):
        z0, z1, steps = case.args
        return latent_interpolation(z0, z1, steps).double()

    def mistakes(case):
        z0, z1, steps = (a.double() if isinstance(a, torch.Tensor) else a for a in case.args)
        t_open = (torch.arange(steps, dtype=torch.float64) / steps).unsqueeze(1)  # 끝점 z1에 닿지 않음
        t = torch.linspace(0, 1, steps, dtype=torch.float64).unsqueeze(1)
        return [
            ("reversed", t * z0 + (1 - t) * z1,
             "방향이 반대입니다: 첫 줄이 z1, 마지막 줄이 z0이 되었습니다. t = 0일 때 z0이 나와야 합니다."),
            ("no_endpoint", (1 - t_open) * z0 + t_open * z1,
             "마지막 줄이 z1이 아닙니다: t를 i / steps로 나누었습니다. 양 끝을 포함하려면 t = i / (steps - 1) "
             "(torch.linspace(0, 1, steps))입니다."),
            ("midpoint_only", ((z0 + z1) / 2).expand(steps, -1),
             "모든 줄이 가운데 점 (z0 + z1) / 2입니다. 줄마다 t가 달라야 합니다."),
        ]

    expected_shape = lambda case: (case.args[2], case.args[0].numel())  # noqa: E731
    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes,
                       expected_shape=expected_shape, require_tensor=True, verbose=False)
    return _finish(result, {
        "wrong_value": "줄마다 t = i / (steps - 1)을 정하고 (1 - t)·z0 + t·z1을 계산하세요. "
                       "t를 (steps, 1) 모양으로 만들면 z0 (크기 d)와 곱할 때 (steps, d)로 넓혀집니다.",
        "wrong_shape": "결과는 (steps, z 크기) 모양이어야 합니다. t를 (steps, 1) 모양(unsqueeze(1))으로 만들었는지 확인하세요.",
    }, verbose)


# ================================================================ 1강: 위조지폐범과 경찰
# 신경망 없이 작은 텐서·배열로 푸는 연습 세 개. 1: 경찰(판별자)의 학습 배치와 레이블, 2: 경찰의 정확도,
# 3: 경찰의 판정 곡선을 고정해 두고 위조범(생성자)이 평균을 한 걸음 옮기기 (gan_utils.widgets의 시뮬레이션).
def _split_means(t, n_real):
    """레이블 텐서의 진짜 쪽 평균과 위폐 쪽 평균 (틀린 레이블을 설명할 때 쓴다)."""
    flat = t.reshape(-1)
    return flat[:n_real].mean().item(), flat[n_real:].mean().item()


# ---------------------------------------------------------------- 1강 연습 1: 경찰의 학습 배치
def check_police_batch(fn, seed=None, verbose=True):
    """1강 연습 1: 판별자 단계에서 경찰이 볼 배치와 정답 레이블 채점.

    fn(real, fake) → (inputs, labels). real (B_진짜, 1), fake (B_위폐, 1) 텐서를 받아
    inputs = 진짜를 먼저, 위폐를 뒤에 이어 붙인 (B_진짜 + B_위폐, 1) 텐서,
    labels = 같은 모양의 실수 텐서로 진짜 자리는 1, 위폐 자리는 0.
    """
    return _report(lambda: _check_police_batch(fn, _generator(seed)),
                   "함수가 (inputs, labels) 두 텐서를 돌려주는지 확인하세요.", verbose)


def _check_police_batch(fn, gen):
    task = "경찰의 학습 배치"
    # 진짜와 위폐의 수가 다른 묶음이 먼저: 레이블 순서가 어긋난 답과 뒤바뀐 답이 갈린다
    for i, (n_real, n_fake) in enumerate(((48, 72), (64, 64), (100, 30))):
        real = 4.0 + 1.25 * torch.randn(n_real, 1, generator=gen)
        fake = 0.5 * torch.randn(n_fake, 1, generator=gen)
        label = f"입력 묶음 {i + 1}: 진짜 {n_real}장, 위폐 {n_fake}장"
        value, failure = call_student(fn, (real.clone(), fake.clone()), task)
        if failure is not None and failure.code == "exception" and "stack" in failure.message:
            failure = _rehint(failure, "torch.stack은 크기가 같은 텐서를 새 축으로 쌓습니다. 진짜 배치와 위폐 배치는 수가 다를 "
                              "수 있으니 torch.cat으로 0번 축(배치 축)을 따라 이어 붙이세요.", code="stacked")
        if failure is None:
            failure = _police_batch_failure(value, real, fake, task, label)
        if failure is not None:
            if i > 0 and failure.code == "exception":
                failure.message += ("\n참고: 앞의 입력 묶음에서는 실행되었는데 크기가 다른 이 묶음에서 오류가 났습니다. "
                                    "배치 크기를 숫자로 고정하지 않았는지 확인하세요.")
            return failure
    return CheckResult(True, "ok", f"{PASS_TEXT} {task}: 입력 묶음 3개(진짜와 위폐의 수가 다른 묶음 포함)에서 "
                                   "inputs와 labels의 모양, 순서, 값이 모두 맞습니다.")


def _police_batch_failure(value, real, fake, task, label):
    n_real, n_fake = len(real), len(fake)
    n = n_real + n_fake
    if value is None:
        return _fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                     "함수 마지막에서 inputs와 labels 두 값을 돌려주는지(return) 확인하세요.")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        what = (f"{type(value).__name__} 하나" if not isinstance(value, (tuple, list))
                else f"값 {len(value)}개")
        return _fail("not_pair", f"{task} 함수가 {what}를 돌려주었습니다. (inputs, labels) 두 값이 필요합니다.",
                     "경찰에게 보여 줄 지폐들(inputs)과 그 정답(labels)을 쉼표로 묶어 함께 돌려주세요.")
    inputs, labels = value
    if isinstance(inputs, (tuple, list)):
        return _fail("not_concatenated", f"inputs가 텐서 하나가 아니라 {type(inputs).__name__}입니다.",
                     "진짜 배치와 위폐 배치를 torch.cat으로 0번 축(배치 축)을 따라 이어 붙여 텐서 하나로 만드세요.")
    for name, t in (("inputs", inputs), ("labels", labels)):
        if not isinstance(t, torch.Tensor):
            return _fail("not_tensor", f"{name}이(가) torch 텐서가 아니라 {type(t).__name__}입니다.",
                         "판별자와 손실 함수는 torch 텐서를 받습니다. torch.cat, torch.ones_like, torch.zeros_like 같은 "
                         "torch 함수로 만드세요.")
    if tuple(inputs.shape) != (n, 1):
        return _fail("inputs_shape", f"inputs의 모양이 {tuple(inputs.shape)}입니다 ({label}). ({n}, 1)이어야 합니다.",
                     "진짜 배치 (B_진짜, 1)와 위폐 배치 (B_위폐, 1)를 0번 축을 따라 이어 붙이면 (B_진짜 + B_위폐, 1)이 됩니다.")
    got_inputs = inputs.detach().to("cpu", torch.float64)
    if not torch.allclose(got_inputs, torch.cat([real, fake]).double()):
        if torch.allclose(got_inputs, torch.cat([fake, real]).double()):
            return _fail("order", f"inputs의 순서가 바뀌었습니다: 위폐가 먼저입니다 ({label}).",
                         "문제의 약속대로 진짜 배치를 먼저, 위폐 배치를 뒤에 이어 붙이세요. 레이블도 같은 순서를 따릅니다.")
        return _fail("wrong_inputs", f"inputs의 값이 받은 진짜·위폐 배치와 다릅니다 ({label}).",
                     "받은 real과 fake를 바꾸거나 섞지 말고 그대로 이어 붙이기만 하세요.")
    if tuple(labels.shape) != (n, 1):
        if labels.numel() == n:
            return _fail("label_shape", f"labels의 모양이 {tuple(labels.shape)}입니다 ({label}). inputs와 같은 ({n}, 1)이어야 "
                         "합니다.", "판별자의 출력은 지폐 하나당 한 줄인 (N, 1) 모양이고, 손실 함수(BCE)는 출력과 레이블의 모양이 "
                         "같아야 합니다. 1차원 (N,)이 아니라 inputs와 같은 모양으로 만드세요 (ones_like, zeros_like가 편합니다).")
        if labels.shape[:1] in ((n_real,), (n_fake,)):
            return _fail("missing_labels", f"labels에 {labels.shape[0]}개만 있습니다 ({label}). 진짜와 위폐 모두의 레이블, "
                         f"{n}개가 필요합니다.", "진짜 배치의 레이블과 위폐 배치의 레이블을 각각 만든 뒤 inputs와 같은 순서로 "
                         "이어 붙이세요.")
        if labels.dim() == 2 and labels.shape[1] == 1:
            return _fail("label_count", f"labels가 {labels.shape[0]}줄입니다 ({label}). inputs와 같은 {n}줄이어야 합니다.",
                         "배치 크기를 숫자로 적지 않았는지 보세요. torch.ones_like(real), torch.zeros_like(fake)처럼 "
                         "받은 텐서에서 크기를 따오면 진짜와 위폐의 수가 달라도 맞습니다.")
        return _fail("label_shape", f"labels의 모양이 {tuple(labels.shape)}입니다 ({label}). inputs와 같은 ({n}, 1)이어야 합니다.",
                     "지폐 한 장에 레이블 하나씩, inputs와 같은 모양으로 만드세요.")
    if not labels.is_floating_point():
        return _fail("labels_not_float", f"labels의 자료형이 {labels.dtype}입니다. 실수(float) 텐서여야 합니다.",
                     "BCE 손실은 레이블을 0과 1 사이의 확률(실수)로 받습니다. torch.ones_like/zeros_like로 만들거나 "
                     ".float()를 붙이세요.")
    got = labels.detach().to("cpu", torch.float64)
    ones, zeros = torch.ones(n_real, 1, dtype=torch.float64), torch.zeros(n_fake, 1, dtype=torch.float64)
    if torch.equal(got, torch.cat([ones, zeros])):
        return None
    mistakes = [
        ("labels_swapped", torch.cat([1 - ones, 1 - zeros]),
         "진짜와 위폐의 레이블이 뒤바뀌었습니다. 경찰에게 가르칠 정답은 '진짜 지폐 → 1(진짜)', '위조지폐 → 0(가짜)'입니다."),
        ("all_ones", torch.ones(n, 1, dtype=torch.float64),
         "위폐에도 레이블 1을 붙였습니다. 위폐에 '진짜(1)'라는 레이블을 붙이는 것은 위조범(생성자) 단계의 목표입니다. "
         "경찰(판별자) 단계에서는 위폐가 0입니다."),
        ("all_zeros", torch.zeros(n, 1, dtype=torch.float64),
         "진짜 지폐에도 레이블 0을 붙였습니다. 경찰은 진짜 지폐를 1(진짜)이라고 말하도록 배워야 합니다."),
        ("labels_misaligned", torch.cat([torch.zeros(n_fake, 1, dtype=torch.float64),
                                         torch.ones(n_real, 1, dtype=torch.float64)]),
         "레이블의 순서가 inputs와 다릅니다: inputs는 진짜가 먼저인데 레이블은 위폐의 0이 먼저입니다. 레이블은 "
         "inputs의 같은 줄에 있는 지폐의 정답이어야 합니다."),
    ]
    for code, wrong, hint in mistakes:
        if torch.equal(got, wrong):
            return _fail(code, f"labels의 값이 틀렸습니다 ({label}).", hint)
    if torch.allclose(got, torch.cat([0.9 * ones, zeros]), atol=1e-6):
        return _fail("smoothed", f"진짜 레이블이 1이 아니라 0.9입니다 ({label}).",
                     "레이블 스무딩(0.9)은 2강부터 다룹니다. 이 문제에서는 진짜 1, 위폐 0을 그대로 쓰세요.")
    real_mean, fake_mean = _split_means(got, n_real)
    return _fail("wrong_labels", f"labels의 값이 틀렸습니다 ({label}): 진짜 자리 레이블의 평균 {real_mean:.3f}, "
                 f"위폐 자리 레이블의 평균 {fake_mean:.3f}.",
                 "앞의 진짜 자리에는 모두 1, 뒤의 위폐 자리에는 모두 0이 있어야 합니다.")


# ---------------------------------------------------------------- 1강 연습 2: 경찰의 정확도
def _accuracy_case(gen, batch, label):
    """판정 확률 배치 (B, 1) 두 개. 진짜·위폐에서 맞힌 개수를 정해 두고 뽑아, 흔한 실수가 낼 값이 서로 갈라진다.

    0.5와 같은 값은 넣지 않는다 (그래서 D ≥ 0.5와 D > 0.5 중 무엇으로 판정해도 답이 같다).
    """
    high = lambda k: 0.51 + 0.48 * torch.rand(k, generator=gen, dtype=torch.float64)  # noqa: E731
    low = lambda k: 0.01 + 0.48 * torch.rand(k, generator=gen, dtype=torch.float64)  # noqa: E731
    for _ in range(100):
        k_real = int(batch * (0.6 + 0.35 * torch.rand(1, generator=gen).item()))
        k_fake = int(batch * (0.45 + 0.4 * torch.rand(1, generator=gen).item()))
        d_real = torch.cat([high(k_real), low(batch - k_real)])[torch.randperm(batch, generator=gen)]
        d_fake = torch.cat([low(k_fake), high(batch - k_fake)])[torch.randperm(batch, generator=gen)]
        a_real, a_fake = k_real / batch, k_fake / batch
        # 정답과 흔한 실수들(연습 2의 mistakes)이 낼 값이 서로 뚜렷이 달라야 진단이 흔들리지 않는다
        values = sorted([(a_real + a_fake) / 2, a_real, a_fake, (a_real + 1 - a_fake) / 2, 1 - (a_real + a_fake) / 2,
                         a_real + a_fake, (d_real.float().mean() + (1 - d_fake.float()).mean()).item() / 2])
        if min(np.diff(values)) > 0.01:
            break
    return Case((d_real.float().unsqueeze(1), d_fake.float().unsqueeze(1)),
                {"k_real": k_real, "k_fake": k_fake, "batch": batch}, label)


def check_police_accuracy(fn, seed=None, verbose=True):
    """1강 연습 2: 경찰의 정확도 채점.

    fn(d_real, d_fake) → 숫자 하나. d_real, d_fake는 같은 수의 진짜 지폐와 위폐에 경찰(판별자)이 준 '진짜일 확률'
    (B, 1)이다. D ≥ 0.5면 '진짜', 아니면 '가짜'라고 판정할 때 전체 2B장 가운데 맞힌 비율을 돌려준다
    (D > 0.5로 판정해도 통과한다). 진짜와 위폐가 반반일 때 gan_utils.widgets.police_accuracy의 accuracy와 같은 뜻이다.
    """
    task = "경찰의 정확도"
    gen = _generator(seed)
    cases = [_accuracy_case(gen, b, f"입력 묶음 {i + 1}: 진짜 {b}장, 위폐 {b}장")
             for i, b in enumerate((40, 64, 25))]

    def reference(case, differentiable=False):
        d_real, d_fake = (a.double() for a in case.args)
        correct = (d_real >= 0.5).sum() + (d_fake < 0.5).sum()
        return correct.double() / (d_real.numel() + d_fake.numel())

    def mistakes(case):
        d_real, d_fake = (a.double() for a in case.args)
        acc_real, acc_fake = case.info["k_real"] / case.info["batch"], case.info["k_fake"] / case.info["batch"]
        acc = (acc_real + acc_fake) / 2
        return [
            ("fake_side_flipped", (acc_real + 1 - acc_fake) / 2,
             "위폐 쪽을 거꾸로 셌습니다: 위폐에 D ≥ 0.5를 준 것(속은 것)을 맞힌 것으로 셌습니다. 위폐는 경찰이 "
             "'가짜'(D < 0.5)라고 판정해야 맞힌 것입니다."),
            ("real_only", acc_real, "진짜 지폐 쪽만 셌습니다. 경찰의 정확도는 진짜와 위폐를 모두 합친 판정에서 맞힌 비율입니다: "
                                    "위폐를 '가짜'라고 맞힌 것도 세세요."),
            ("fake_only", acc_fake, "위폐 쪽만 셌습니다. 진짜 지폐를 '진짜'라고 맞힌 것도 함께 세세요."),
            ("error_rate", 1 - acc, "맞힌 비율이 아니라 틀린 비율을 냈습니다. 진짜는 D ≥ 0.5일 때, 위폐는 D < 0.5일 때 "
                                    "맞힌 것입니다."),
            ("not_averaged", acc_real + acc_fake, "진짜 쪽 비율과 위폐 쪽 비율을 더하기만 했습니다. 값이 1을 넘을 수 있으니 "
                                                  "전체 지폐 수로 나눈 비율(두 비율의 평균)이어야 합니다."),
            ("count_not_fraction", acc * 2 * case.info["batch"],
             "맞힌 개수를 냈습니다. 정확도는 전체 지폐 수(진짜 수 + 위폐 수)로 나눈 비율(0과 1 사이)입니다."),
            ("percent", 100 * acc, "백분율(×100)로 냈습니다. 0과 1 사이의 비율로 돌려주세요 (출력할 때 :.1% 로 바꾸면 됩니다)."),
            ("no_threshold", (d_real.mean() + (1 - d_fake).mean()) / 2,
             "확률을 그대로 평균 냈습니다. 먼저 0.5를 기준으로 판정(진짜/가짜)을 내리고, 그 판정이 맞았는지를 세세요."),
        ]

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes,
                       per_sample_shapes=_batch_shapes, verbose=False)
    hints = {
        "wrong_value": "진짜 지폐는 D ≥ 0.5('진짜' 판정)일 때, 위폐는 D < 0.5('가짜' 판정)일 때 맞힌 것입니다. 둘을 모두 세어 "
                       "전체 지폐 수로 나누세요.",
        "wrong_type": "정확도 숫자 하나(0과 1 사이의 비율)를 돌려주세요.",
        "not_scalar": "정확도 숫자 하나(0과 1 사이의 비율)를 돌려주세요. 어디서 모양이 바뀌는지 확인하세요.",
        "not_reduced": "지폐마다 맞았는지(참/거짓)를 구한 뒤, 전체에서 맞힌 비율 하나로 줄이세요.",
    }
    if result.code == "exception" and ("Bool" in result.message or "dtype" in result.message):
        hints["exception"] = ("비교 결과(참/거짓, bool 텐서)에는 바로 .mean()을 쓸 수 없습니다. .float()로 0과 1로 바꾼 뒤 "
                              "평균을 내거나, .sum()으로 센 뒤 전체 수로 나누세요.")
    return _finish(result, hints, verbose)


# ---------------------------------------------------------------- 1강 연습 3: 위조범의 한 걸음
def _police(real_mean, real_std, fake_mean, fake_std):
    """경찰의 판정 곡선 D(x) (위폐 분포 N(fake_mean, fake_std²)를 보고 세운 것)를 함수 하나로 묶는다."""
    from .widgets import police_rule

    def police(x):
        return police_rule(np.asarray(x, dtype=np.float64), real_mean, real_std, fake_mean, fake_std)
    return police


def _candidate_scores(fake_mean, fake_std, eps, police, step, score=np.mean):
    candidates = (fake_mean - step, fake_mean, fake_mean + step)
    return candidates, [float(score(police(c + fake_std * eps))) for c in candidates]


def _counterfeiter_case(gen, kind, label):
    """kind: 'right'(진짜가 오른쪽), 'left'(진짜가 왼쪽), 'stay'(제자리가 가장 좋음).

    세 후보의 점수가 뚜렷이 갈리고, 평균 D와 평균 log D 중 무엇으로 골라도 같은 후보가 나오는 입력만 쓴다.
    """
    expected = {"left": 0, "stay": 1, "right": 2}[kind]
    for _ in range(200):
        u = torch.rand(5, generator=gen, dtype=torch.float64).tolist()
        real_mean, real_std = round(-1 + 6 * u[0], 2), round(0.8 + 0.7 * u[1], 2)
        if kind == "right":
            fake_mean, fake_std = real_mean - (2.5 + 1.5 * u[2]), 0.3 + 0.4 * u[3]
        elif kind == "left":
            fake_mean, fake_std = real_mean + (1.5 + 1.5 * u[2]), 0.5 + 0.5 * u[3]
        else:
            fake_mean, fake_std = real_mean, real_std * (1.6 + 0.6 * u[3])
        fake_mean, fake_std, step = round(fake_mean, 2), round(fake_std, 2), round(0.3 + 0.5 * u[4], 2)
        eps = torch.randn(200, generator=gen, dtype=torch.float64).numpy()
        police = _police(real_mean, real_std, fake_mean, fake_std)
        _, scores = _candidate_scores(fake_mean, fake_std, eps, police, step)
        _, log_scores = _candidate_scores(fake_mean, fake_std, eps, police, step,
                                          score=lambda d: np.mean(np.log(np.maximum(d, 1e-300))))
        gaps = np.diff(sorted(scores))
        if (int(np.argmax(scores)) == expected == int(np.argmax(log_scores)) and gaps.min() > 1e-3
                and max(scores) < 1 - 1e-2):
            break
    info = dict(fake_mean=fake_mean, fake_std=fake_std, eps=eps.copy(), police=police, step=step,
                real=(real_mean, real_std))
    return Case((fake_mean, fake_std, eps.copy(), police, step), info,
                f"{label}: 진짜 N({real_mean}, {real_std}²), 위폐 N({fake_mean}, {fake_std}²), 보폭 {step}")


def check_counterfeiter_step(fn, seed=None, verbose=True):
    """1강 연습 3: 경찰의 판정 곡선을 고정해 두고 위조범이 위폐 분포의 평균을 한 걸음 옮기기 채점.

    fn(fake_mean, fake_std, eps, police, step) → 새 평균(숫자 하나). 위폐는 x = 평균 + fake_std · eps
    (eps: 표준정규분포에서 뽑은 numpy 배열, 후보마다 같은 eps를 쓴다), police(x)는 경찰의 판정 곡선 D(x)
    (numpy 배열을 받아 같은 모양의 '진짜일 확률'을 돌려줌). 후보 평균 fake_mean - step, fake_mean,
    fake_mean + step 가운데 위폐들이 받는 평균 판정 mean(D(x))가 가장 큰 것을 돌려준다.
    gan_utils.widgets.counterfeiter_step(같은 목표를 기울기로 오르는 시뮬레이션)의 평균 쪽을 쉽게 만든 것이다.
    """
    task = "위조범의 한 걸음"
    gen = _generator(seed)
    cases = [_counterfeiter_case(gen, kind, f"입력 묶음 {i + 1}")
             for i, kind in enumerate(("right", "left", "stay"))]

    def reference(case, differentiable=False):
        i = case.info
        candidates, scores = _candidate_scores(i["fake_mean"], i["fake_std"], i["eps"], i["police"], i["step"])
        return torch.tensor(candidates[int(np.argmax(scores))], dtype=torch.float64)

    def mistakes(case):
        i = case.info
        m = i["fake_mean"]
        candidates, scores = _candidate_scores(m, i["fake_std"], i["eps"], i["police"], i["step"])
        best = candidates[int(np.argmax(scores))]
        sides = (scores[0], scores[2])
        return [
            ("wrong_direction", candidates[int(np.argmin(scores))],
             "위폐가 받는 평균 판정이 가장 낮은 쪽으로 옮겼습니다. 위조범은 경찰이 '진짜'라고 말하는 쪽, 곧 평균 D(x)가 "
             "가장 큰 후보를 골라야 합니다."),
            ("no_stay", candidates[0] if sides[0] > sides[1] else candidates[2],
             "지금 자리가 가장 좋은데도 한쪽으로 옮겼습니다. 후보는 '왼쪽으로 한 걸음', '그대로', '오른쪽으로 한 걸음' "
             "세 개입니다. 지금 평균의 점수도 함께 비교하세요."),
            ("returned_score", max(scores),
             "가장 높은 점수(평균 판정)를 돌려주었습니다. 돌려줄 것은 그 점수를 받은 후보, 곧 위조범의 새 평균입니다."),
            ("returned_change", best - m,
             "옮긴 양(+step, 0, -step)을 돌려주었습니다. 돌려줄 것은 옮긴 뒤의 새 평균입니다."),
        ]

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes, verbose=False)
    return _finish(result, {
        "wrong_value": "후보 평균 세 개(fake_mean - step, fake_mean, fake_mean + step)마다 위폐 x = 후보 + fake_std · eps를 "
                       "만들고, police(x)의 평균(위폐가 받는 평균 판정)을 구해 가장 큰 후보를 고르세요. 세 후보 모두 같은 "
                       "eps를 써야 공정하게 비교됩니다.",
        "wrong_type": "새 평균 숫자 하나를 돌려주세요 (표준편차는 바꾸지 않습니다).",
        "not_scalar": "새 평균 숫자 하나를 돌려주세요. police(x)의 결과는 지폐마다의 판정이므로 평균을 내서 점수 하나로 만드세요.",
        "not_finite": "police(x)에는 위폐의 특징 값 x(숫자 배열)를 넣으세요. 표준편차는 양수입니다.",
    }, verbose)
