"""채점기의 공통 뼈대: 결과 하나의 모양, 학생 함수를 안전하게 부르기, 돌려받은 값 살피기, 값 비교, 출력.

강의별 채점기(lesson1~4)는 모두 이 모듈의 부품으로 만든다. 새 채점기를 더하는 방법:

1. 입력 묶음(``Case``) 몇 개를 만든다. 각 묶음은 학생 함수에 넘길 인자들과, 참조 답과 실수 후보를
   계산할 재료를 담는다.
2. 묶음마다 참조 답을 주는 함수와, 실수 후보 ``[(코드, 그 실수가 낼 값, 힌트), ...]``를 주는 함수를 쓴다.
3. ``run_check(fn, task=..., cases=..., reference=..., mistakes=...)``를 부른다. 학생 함수 부르기
   (``call_student``), 돌려받은 값 살피기(``inspect_output``), 값 비교(``close``)를 여기서 함께 쓴다.

판정은 입력(seed)에 기대지 않아야 한다: 정답은 어떤 입력에서도 통과하고, 같은 오답은 늘 같은 실수로 진단되어야 한다.
그래서 입력 묶음은 정답과 실수 후보들의 값이 뚜렷이 갈리도록 고르고, 진단은 모든 묶음에서 맞는 실수만 짚는다
(``diagnose``). tests/test_checker_verdicts_*.py가 채점기마다 seed 50개로 이것을 확인한다.

채점기는 결과를 출력하고 ``CheckResult``를 돌려준다. 정답 코드는 어떤 문장에도 넣지 않는다.
"""
import inspect
import math
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import torch

PASS_TEXT = "정답입니다!"
RTOL, ATOL = 1e-3, 1e-4  # float32로 log(1 - sigmoid)를 계산한 답도 통과하도록 조금 느슨하게
WRONG_VALUE_HINT = "문제의 식을 항 하나씩 다시 확인하세요."  # 강의마다 run_check(wrong_value_hint=...)나 finish로 바꾼다
# 결과에 NaN이나 무한대가 있을 때의 힌트. 원인은 문제마다 다르므로(log, 나눗셈, ...) 채점기가 not_finite_hint로 바꾼다
NOT_FINITE_HINT = "0으로 나누거나, log에 0 이하의 값을 넣거나, 음수의 제곱근을 구하지 않았는지 보세요."


@dataclass
class CheckResult:
    """채점 결과. ``bool(result)``는 통과 여부, ``code``는 'ok' 또는 실수의 종류.

    무엇이 틀렸는지(``what``), 힌트(``hint``), 덧붙이는 참고(``note``)를 따로 들고 있어서, 강의마다 힌트만
    바꾸거나 참고를 더할 때 문장을 자르고 붙이지 않는다. 출력하는 문장은 ``message``다.
    """
    passed: bool
    code: str
    what: str  # 통과면 통과 문장 전체
    hint: str = ""
    note: str = ""

    @property
    def message(self):
        if self.passed:
            return self.what
        text = f"아직 아닙니다. {self.what}\n힌트: {self.hint}"
        return f"{text}\n참고: {self.note}" if self.note else text

    def __bool__(self):
        return self.passed

    def require(self):
        """채점(nbgrader)용: 통과하지 못했으면 결과의 종류에 맞는 예외를 낸다. 통과면 아무 일도 하지 않는다.

        강사용 노트북의 채점 칸은 숨은 테스트 구간에서 이 메서드를 부른다: 학생이 칸을 실행할 때는 안내만 나오고,
        nbgrader가 채점할 때는 이 예외가 그 문제의 0점이 된다. 예외의 종류로 채점표가 '안 풀었음'(ExerciseNotAttempted),
        '코드 오류'(ExerciseError), '틀림'(ExerciseFailed)을 가른다.
        """
        if self.passed:
            return None  # 칸의 마지막 줄이어도 아무것도 화면에 찍히지 않게
        if self.code in NOT_ATTEMPTED_CODES:
            raise ExerciseNotAttempted(self.message)
        if self.code in ERROR_CODES:
            raise ExerciseError(self.message)
        raise ExerciseFailed(self.message)


class ExerciseFailed(AssertionError):
    """채점기가 '아직 아닙니다'라고 판정한 답 (채점표의 fail)."""


class ExerciseNotAttempted(ExerciseFailed):
    """빈칸 그대로인 답 (채점표의 missing)."""


class ExerciseError(ExerciseFailed):
    """학생의 함수가 실행 중 오류를 낸 답 (채점표의 error)."""


NOT_ATTEMPTED_CODES = {"not_implemented", "no_function"}
ERROR_CODES = {"exception", "checker_error"}


@dataclass
class Case:
    """학생 함수에 넘길 입력 한 묶음. ``args``는 인자 튜플, ``info``는 참조 답·실수 후보 계산용 재료.
    ``fixed``: 무작위가 아닌 고정 입력이면 그 출처 (예: "DCGAN 생성자의 층"). 통과 문장이 따로 센다."""
    args: tuple
    info: dict = field(default_factory=dict)
    label: str = "무작위 입력"
    fixed: str = ""


def fail(code, what, hint):
    return CheckResult(False, code, what, hint)


def passed(text):
    return CheckResult(True, "ok", f"{PASS_TEXT} {text}")


def rehint(failure, hint, code=None):
    """무엇이 틀렸는지는 그대로 두고 힌트(와 코드)만 이 문제에 맞게 바꾼다."""
    return replace(failure, hint=hint, code=code or failure.code)


def close(got, expected, rtol=RTOL, atol=ATOL):
    """got과 expected(숫자, 배열, 텐서)가 같은 모양이고 원소마다 |got - expected| ≤ atol + rtol·|expected|인가.

    기대한 값에 NaN이나 무한대가 있으면 같지 않다고 본다: log(0)처럼 실수 후보가 값을 못 내는 입력에서
    그 실수로 잘못 진단하지 않기 위해서다.
    """
    got = torch.as_tensor(got, dtype=torch.float64)
    expected = torch.as_tensor(expected, dtype=torch.float64, device=got.device)
    if got.shape != expected.shape or not torch.isfinite(expected).all():
        return False
    return bool(torch.allclose(got, expected, rtol=rtol, atol=atol))


def as_number(value):
    """숫자 하나(float, numpy 스칼라, 원소 하나인 텐서)면 유한한 float으로, 아니면 None."""
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


def rng(seed):
    """입력 묶음을 뽑을 난수 발생기. seed가 None이면 부를 때마다 새 무작위 입력."""
    gen = torch.Generator()
    if seed is None:
        gen.seed()
    else:
        gen.manual_seed(seed)
    return gen


# ---------------------------------------------------------------- 학생 함수 부르기와 값 살피기
def call_student(fn, args, task):
    """학생 함수를 부른다. (값, None) 또는 (None, CheckResult)를 돌려준다. 어떤 예외도 밖으로 내보내지 않는다."""
    if fn is None:
        return None, fail("no_function", f"{task} 함수가 없습니다 (None을 받았습니다).",
                          "위 칸에서 함수를 def로 정의하고 그 칸을 실행한 뒤, 함수 이름을 채점기에 넘기세요.")
    if not callable(fn):
        return None, fail("not_callable", f"{task} 자리에 함수가 아니라 {type(fn).__name__} 값을 넘겼습니다.",
                          "괄호 없이 함수 이름만 넘기세요. 예: check(my_function) (my_function(...) 아님).")
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        return None, fail("wrong_signature", f"{task} 함수의 인자 개수가 맞지 않습니다: 인자 {len(args)}개를 받아야 합니다.",
                          "문제에 적힌 함수 머리(def 줄)를 바꾸지 마세요.")
    except ValueError:
        pass  # 서명을 읽을 수 없는 내장 함수 등: 그냥 불러 본다
    before = _snapshot(args)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = fn(*args)
    except NotImplementedError:
        return None, fail("not_implemented", f"{task}: 함수가 아직 비어 있습니다 (NotImplementedError).",
                          "raise NotImplementedError 줄을 지우고 함수 본문을 채운 뒤, 그 칸을 다시 실행하세요.")
    except Exception as exc:  # 학생 코드의 어떤 오류든 설명으로 바꾼다
        first_line = (str(exc).strip().splitlines() or [""])[0]
        first_line = first_line if len(first_line) <= 200 else first_line[:200] + " …"
        return None, fail("exception", f"{task} 함수를 실행하다 오류가 났습니다: {type(exc).__name__}: {first_line}",
                          exception_hint(exc))
    changed = _mutated_argument(fn, args, before)
    if changed is not None:
        return None, fail("mutated_input", f"{task} 함수가 받은 입력 {changed}을(를) 제자리에서(in-place) 바꿨습니다.",
                          "입력은 읽기만 하세요. `x *= 2`, `x /= s`, `x -= y`, `x.add_(...)`처럼 쓰면 함수 밖의 원래 값까지 "
                          "바뀌어, 같은 입력을 다시 쓰는 다음 칸이 틀어집니다. `y = x * 2`처럼 새 값을 만드세요.")
    return value, None


# 흔한 오류 메시지(영어)의 한국어 풀이. (메시지에 모두 들어 있어야 할 소문자 조각들, 힌트) 중 처음 맞는 것을 쓴다.
# 순서가 중요하다: 'shape'나 'size'가 들어간 더 구체적인 메시지를 맨 끝의 일반적인 모양 힌트보다 먼저 둔다.
_SHAPE_HINT = ("모양이 맞지 않습니다. 배치 크기를 숫자로 적지 말고 torch.ones_like(x)처럼 입력과 같은 모양의 텐서를 만드세요. "
               "print(x.shape)로 중간 값의 모양을 확인해 보세요.")
_ERROR_HINTS = (
    (("between 0 and 1",), "nn.BCELoss / F.binary_cross_entropy는 0~1 사이의 확률만 받습니다. 로짓이라면 먼저 "
                           "torch.sigmoid를 씌우거나 로짓용 BCEWithLogits를 쓰세요."),
    (("modified by an inplace operation",), "기울기 계산에 필요한 텐서를 제자리(in-place) 연산(x += ..., x *= ..., "
                                            "x[...] = ..., .add_() 같은 밑줄 메서드)으로 바꿨습니다. y = x + ...처럼 새 텐서를 만드세요."),
    (("backward through the graph a second time",), "같은 계산 그래프로 backward()를 두 번 불렀습니다. 손실마다 앞 계산(순전파)을 "
                                                    "새로 하세요. 판별자 단계에서는 가짜를 .detach()로 끊어 생성자의 그래프를 "
                                                    "건드리지 않게 합니다 (retain_graph=True는 대개 답이 아닙니다)."),
    (("does not require grad",), "기울기가 이어지지 않은 값으로 backward()를 불렀습니다: .detach(), .item(), float(), "
                                 "numpy 변환이나 torch.no_grad() 안의 계산은 그래프를 끊습니다. 손실은 torch 연산만으로 계산하세요."),
    (("numpy() on tensor that requires grad",), "기울기를 추적하는 텐서는 바로 numpy로 바꿀 수 없습니다. 값만 필요하면 "
                                                ".detach().numpy()를 쓰고, 기울기가 필요한 계산이면 numpy로 바꾸지 말고 torch 연산을 쓰세요."),
    (("can't convert np.ndarray",), "텐서로 바꿀 수 없는 numpy 배열입니다: 배열 안에 텐서나 길이가 다른 목록이 섞였습니다. "
                                    "텐서 여러 개는 torch.stack이나 torch.cat으로 묶으세요."),
    (("can't convert cuda",), "GPU에 있는 텐서는 바로 numpy로 바꿀 수 없습니다. .cpu()로 옮긴 뒤 바꾸세요."),
    (("cannot be converted to scalar",), "원소가 여러 개인 텐서에 .item()이나 float()을 썼습니다. 먼저 .mean()이나 .sum()으로 "
                                         "값 하나로 줄이세요."),
    (("only one element tensors",), "원소가 여러 개인 텐서에 .item()이나 float()을 썼습니다. 먼저 .mean()이나 .sum()으로 "
                                    "값 하나로 줄이세요."),
    (("mat1 and mat2 shapes",), "행렬 곱(@, nn.Linear)의 모양이 맞지 않습니다: 괄호 안의 두 모양에서 앞 텐서의 마지막 크기와 "
                                "뒤 텐서의 첫 크기가 같아야 합니다. nn.Linear라면 입력의 마지막 크기가 in_features와 같은지 보세요."),
    (("float", "double"), "자료형(dtype)이 섞였습니다: float32(Float)와 float64(Double) 텐서를 함께 썼습니다. 새 텐서는 "
                          "torch.ones_like(x)처럼 입력에서 자료형을 따오거나, .float()나 .to(x.dtype)로 맞추세요. "
                          "numpy 배열(float64)에서 만든 텐서가 섞이지 않았는지도 보세요."),
    (("can't be cast",), "정수 텐서에 실수 값을 제자리에서 넣으려 했습니다. 새 텐서를 만들거나 .float()로 바꾼 뒤 계산하세요."),
    (("could not infer output dtype",), "참/거짓(bool)이나 정수 텐서에는 바로 .mean()을 쓸 수 없습니다. .float()로 바꾼 뒤 "
                                        "평균을 내세요."),
    (("boolean value of tensor",), "원소가 여러 개인 텐서를 if, and/or, max() 같은 곳에서 참/거짓 하나로 썼습니다. 원소마다 "
                                   "계산하려면 torch 연산(torch.where, torch.maximum 등)을, 하나로 줄이려면 .all()/.any()를 쓰세요."),
    (("same device",), "텐서들이 서로 다른 장치(CPU와 GPU)에 있습니다. .to(x.device)로 한 장치에 모으세요."),
    (("nonetype",), "None으로 계산했습니다: 그 값을 만든 함수가 return으로 값을 돌려주는지 확인하세요."),
    (("must be tensor, not",), "torch 함수에 텐서가 아닌 값(numpy 배열, 숫자 등)을 넘겼습니다. torch.as_tensor(...)로 바꾸거나 "
                               "numpy 함수를 쓰세요."),
    (("not callable",), "함수가 아닌 값을 괄호로 불렀습니다. 변수 이름이 함수 이름을 덮어쓰지 않았는지 확인하세요."),
    (("out of bounds",), "인덱스가 범위를 벗어났습니다. 길이를 숫자로 적지 말고 len(x)나 x.shape로 구하세요."),
    (("must match except in dimension",), "torch.cat으로 이어 붙이는 텐서들은 붙이는 축 말고는 모양이 같아야 합니다. 표본(배치)을 "
                                          "이어 붙이려면 0번 축을 따라 붙이세요 (torch.cat([a, b]) 또는 dim=0)."),
    (("target size",), "손실 함수에 넘긴 예측과 목표(레이블)의 모양이 다릅니다. torch.ones_like(예측)처럼 예측과 같은 모양으로 "
                       "레이블을 만드세요."),
    (("shape",), _SHAPE_HINT),
    (("size",), _SHAPE_HINT),
)


def exception_hint(exc):
    """학생 코드가 낸 예외에 맞는 한국어 힌트 (영어 오류 메시지는 그대로 보여 주고, 흔한 원인을 한국어로 풀어 준다)."""
    if isinstance(exc, UnboundLocalError):  # NameError의 한 종류라서 먼저 본다
        return ("함수 안에서 값을 넣기 전에 변수를 썼습니다. 함수 안에서 같은 이름에 값을 넣으면 그 이름은 함수 안의 "
                "변수가 됩니다: 순서를 바꾸거나 다른 이름을 쓰세요.")
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None)
        what = f"'{name}'" if name else "그 이름"
        return (f"{what}이(가) 정의되어 있지 않습니다. 오타가 없는지, 그 이름을 만들거나 가져오는(import) 칸을 먼저 "
                "실행했는지 확인하세요.")
    if isinstance(exc, ZeroDivisionError):
        return "0으로 나누었습니다. 분모가 0이 될 수 있는지, 전체 개수로 나누었는지 확인하세요."
    text = str(exc).lower()
    for needles, hint in _ERROR_HINTS:
        if all(n in text for n in needles):
            return hint
    return "오류 메시지가 가리키는 줄을 확인하세요."


def _snapshot(args):
    """인자 가운데 텐서와 numpy 배열의 복사본 (학생 함수가 제자리에서 바꿨는지 나중에 견주려고)."""
    copies = {}
    for i, a in enumerate(args):
        if isinstance(a, torch.Tensor):
            copies[i] = a.detach().clone()
        elif isinstance(a, np.ndarray):
            copies[i] = a.copy()
    return copies


def _mutated_argument(fn, args, before):
    """제자리에서 바뀐 첫 인자의 이름(없으면 None). 이름은 학생 함수의 def 줄에서 읽는다."""
    for i, old in before.items():
        new = args[i].detach() if isinstance(args[i], torch.Tensor) else args[i]
        same = (torch.equal(new, old) if isinstance(old, torch.Tensor)
                else old.shape == new.shape and np.array_equal(new, old, equal_nan=old.dtype.kind == "f"))
        if not same:
            try:
                name = list(inspect.signature(fn).parameters)[i]
            except (TypeError, ValueError, IndexError):
                return f"{i + 1}번째 인자"
            return f"`{name}`"
    return None


def inspect_output(value, task, expected_shape=None, require_tensor=False, per_sample_shapes=(),
                   not_finite_hint=NOT_FINITE_HINT):
    """돌려받은 값을 float64 텐서로 바꾼다. (텐서, None) 또는 (None, CheckResult)를 돌려준다.

    expected_shape가 None이면 스칼라(원소 1개)를 기대한다. per_sample_shapes는 '평균을 빼먹으면
    나올 모양'들이다 (그 모양이면 평균을 잊었다고 콕 집어 말한다). not_finite_hint는 결과에 NaN이나 무한대가
    있을 때의 힌트다 (문제마다 그럴 만한 원인이 달라서 채점기가 정한다).
    """
    if value is None:
        return None, fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                          "함수 마지막에 return 문이 있는지 확인하세요.")
    if isinstance(value, (tuple, list, dict, str, bool)):
        return None, fail("wrong_type", f"{task} 함수가 {type(value).__name__}을(를) 돌려주었습니다.",
                          "torch 텐서 하나를 return 하세요.")
    if require_tensor and not isinstance(value, torch.Tensor):
        return None, fail("not_tensor", f"{task} 함수가 torch 텐서가 아니라 {type(value).__name__}을(를) 돌려주었습니다.",
                          "손실은 torch 텐서여야 backward()로 학습할 수 있습니다. "
                          ".item(), float(), numpy 변환 없이 torch 연산만 쓰세요.")
    try:
        if isinstance(value, torch.Tensor):
            got = value.detach().to("cpu", torch.float64)
        else:
            got = torch.as_tensor(np.asarray(value, dtype=np.float64))
    except Exception:
        return None, fail("wrong_type", f"{task} 함수가 숫자로 바꿀 수 없는 {type(value).__name__}을(를) 돌려주었습니다.",
                          "torch 텐서를 return 하세요.")
    if expected_shape is None:
        if got.numel() != 1:
            if tuple(got.shape) in per_sample_shapes:
                return None, fail("not_reduced", f"{task} 함수가 스칼라가 아니라 모양 {tuple(got.shape)}의 텐서를 돌려주었습니다. "
                                  "표본마다의 값이 평균 내지지 않고 그대로 나왔습니다.",
                                  "배치 평균을 내세요 (.mean()).")
            return None, fail("not_scalar", f"{task} 함수가 스칼라(값 하나)가 아니라 모양 {tuple(got.shape)}의 텐서를 돌려주었습니다.",
                              "배치 전체에 대한 값 하나가 나와야 합니다. 어디서 모양이 바뀌는지 확인하세요.")
        got = got.reshape(())
    elif tuple(got.shape) != tuple(expected_shape):
        return None, fail("wrong_shape", f"{task} 함수의 결과 모양이 {tuple(got.shape)}입니다. "
                          f"입력과 같은 모양 {tuple(expected_shape)}이어야 합니다.",
                          "원소별 연산(+, /, *)만 쓰면 모양이 그대로 유지됩니다. 평균이나 합을 내지 마세요.")
    if not torch.isfinite(got).all():
        return None, fail("not_finite", f"{task} 함수의 결과에 NaN이나 무한대가 있습니다.", not_finite_hint)
    return got, None


# ---------------------------------------------------------------- 채점의 공통 흐름과 출력
def run_check(fn, *, task, cases, reference, mistakes, expected_shape=None, require_tensor=False,
              per_sample_shapes=None, check_grad=False, wrong_value_hint=WRONG_VALUE_HINT,
              not_finite_hint=NOT_FINITE_HINT, verbose=True):
    """채점의 공통 흐름: 묶음마다 학생 함수를 부르고 → 값을 살피고 → 참조 답과 비교하고 → 틀리면 실수를 진단.

    reference(case) → 참조 값 (float64 텐서). mistakes(case) → [(코드, 값, 힌트), ...].
    wrong_value_hint: 알려진 실수 어디에도 맞지 않게 틀렸을 때(코드 'wrong_value')의 힌트.
    not_finite_hint: 결과에 NaN이나 무한대가 있을 때(코드 'not_finite')의 힌트.
    check_grad=True면 마지막 묶음에서 입력에 대한 기울기까지 참조 구현과 비교한다.
    """
    return report(lambda: _run_check(fn, task, cases, reference, mistakes, expected_shape, require_tensor,
                                     per_sample_shapes, check_grad, wrong_value_hint, not_finite_hint),
                  "함수가 평범한 torch 텐서를 돌려주는지 확인하고, 그래도 같으면 강사에게 알려 주세요.", verbose)


def report(grade, hint, verbose):
    """grade()로 채점하고 결과를 출력한다. 채점기 자체에서 예외가 나도 노트북을 멈추지 않고 hint와 함께 알린다."""
    try:
        result = grade()
    except Exception as exc:
        result = fail("checker_error", f"채점 중 예상하지 못한 문제가 생겼습니다: {type(exc).__name__}: {exc}", hint)
    if verbose:
        print(result.message)
    return result


def finish(result, hints, verbose):
    """공용 run_check의 일반 힌트를 이 문제에 맞는 힌트로 바꿔 출력한다.

    hints: {코드: 힌트} 또는 {코드: (무엇이 틀렸는지, 힌트)} (앞 문장까지 바꿀 때).
    """
    if result.code in hints:
        replacement = hints[result.code]
        what, hint = replacement if isinstance(replacement, tuple) else (result.what, replacement)
        result = replace(result, what=what, hint=hint)
    if verbose:
        print(result.message)
    return result


def _run_check(fn, task, cases, reference, mistakes, expected_shape, require_tensor, per_sample_shapes,
               check_grad, wrong_value_hint, not_finite_hint):
    def student_value(case):
        shape = expected_shape(case) if callable(expected_shape) else expected_shape
        value, failure = call_student(fn, _fresh(case.args), task)
        if failure is not None:
            return None, failure
        per_sample = per_sample_shapes(case) if per_sample_shapes else ()
        return inspect_output(value, task, shape, require_tensor, per_sample, not_finite_hint)

    got_by_case = []
    for i, case in enumerate(cases):
        got, failure = student_value(case)
        if failure is not None:
            if i > 0 and failure.code == "exception":  # 앞 묶음은 통과했는데 배치 크기가 다른 묶음에서 오류
                failure.note = ("앞의 입력에서는 실행되었는데 배치 크기가 다른 입력에서 오류가 났습니다. "
                                "배치 크기나 모양을 숫자로 고정하지 않았는지 확인하세요.")
            return failure
        got_by_case.append(got)
        expected = reference(case)
        if close(got, expected):
            continue
        got_by_case += [student_value(later)[0] for later in cases[i + 1:]]  # 진단을 다른 묶음으로 확인하려고
        found = diagnose(got_by_case, i, [mistakes(c) for c in cases])
        if found is not None:
            return fail(found[0], f"{task} 값이 틀렸습니다 ({case.label}).", found[1])
        return fail("wrong_value", f"{task} 값이 틀렸습니다 ({case.label}): {difference(got, expected)}.",
                    wrong_value_hint)
    if check_grad:
        failure = _check_gradient(fn, cases[-1], reference, task)
        if failure is not None:
            return failure
    extra = " 입력에 대한 기울기도 같습니다." if check_grad else ""
    fixed = [case.fixed for case in cases if case.fixed]
    inputs = f"무작위 입력 {len(cases) - len(fixed)}묶음"
    if fixed:  # 고정 입력이 섞였으면 따로 센다: 모두 무작위였다고 말하지 않도록
        inputs = f"{fixed[0]} {len(fixed)}개와 {inputs}"
    return passed(f"{task}: {inputs}에서 참조 구현과 값이 일치합니다.{extra}")


def diagnose(got_by_case, first_wrong, mistakes_by_case):
    """처음 틀린 묶음에서 학생의 값과 맞는 실수 (코드, 힌트) 가운데, 다른 묶음의 값과도 어긋나지 않는 첫 실수. 없으면 None.

    got_by_case: 묶음마다 학생의 값 (float64 텐서, 오류 등으로 얻지 못했으면 None). mistakes_by_case: 묶음마다
    [(코드, 그 실수가 낼 값, 힌트), ...]. 묶음 하나에서만 맞춰 보면, 다르게 틀린 답이 우연히 어떤 실수의 값과 같을 때
    입력(seed)에 따라 엉뚱한 실수를 짚는다. 같은 실수라면 그 실수를 적어 둔 모든 묶음에서 값이 맞아야 한다.
    """
    def agrees(got, entries, code, hint):
        same = [wrong for c, wrong, h in entries if (c, h) == (code, hint)]
        return got is None or not same or any(close(got, wrong) for wrong in same)

    for code, wrong, hint in mistakes_by_case[first_wrong]:
        if close(got_by_case[first_wrong], wrong) and all(
                agrees(got, entries, code, hint) for got, entries in zip(got_by_case, mistakes_by_case)):
            return code, hint
    return None


def _check_gradient(fn, case, reference, task):
    student_args = tuple(a.detach().clone().requires_grad_(True) for a in case.args)
    ref_args = tuple(a.detach().clone().double().requires_grad_(True) for a in case.args)
    value, failure = call_student(fn, student_args, task)
    if failure is not None:
        return failure
    if not isinstance(value, torch.Tensor) or not value.requires_grad:
        return fail("no_grad", f"{task} 값은 맞지만 입력까지 기울기가 이어지지 않습니다.",
                    ".detach(), .item(), float(), numpy 변환, torch.no_grad()를 쓰지 말고 torch 연산만 쓰세요.")
    reference(Case(ref_args, case.info, case.label), differentiable=True).backward()
    try:
        value.sum().backward()
    except Exception as exc:
        return fail("no_grad", f"{task} 결과로 backward()를 할 수 없습니다: {type(exc).__name__}.",
                    "torch 연산만으로 값을 계산하세요.")
    for a, r in zip(student_args, ref_args):
        if a.grad is None or not close(a.grad, r.grad, rtol=1e-2, atol=1e-4):
            return fail("wrong_grad", f"{task} 값은 맞지만 입력에 대한 기울기가 참조 구현과 다릅니다.",
                        "clamp 같은 연산이 기울기를 자르고 있지 않은지 확인하세요.")
    return None


def _fresh(args):
    """학생 함수가 입력을 바꿔도(in-place) 참조 답과 다음 묶음이 흔들리지 않게 복사본을 넘긴다.

    바뀐 것은 call_student가 이 복사본을 부르기 전후로 견주어 알아챈다 (mutated_input).
    """
    return tuple(a.detach().clone() if isinstance(a, torch.Tensor) else a.copy() if isinstance(a, np.ndarray) else a
                 for a in args)


def difference(got, expected):
    """받은 값과 기대한 값이 어떻게 다른지 한 구절로 (둘 다 float64 텐서). 배열이면 가장 크게 다른 칸을 짚는다.

    모양만 말하면 '(200,)의 배열과 (200,)의 배열'처럼 차이가 안 보이므로, 값이 어디서 얼마나 다른지 보여 준다.
    """
    if got.numel() == 1 and expected.numel() == 1:
        return f"받은 값 {got.item():.4f}, 기대한 값 {expected.item():.4f}"
    if got.shape != expected.shape:
        return f"받은 값의 모양 {tuple(got.shape)}, 기대한 모양 {tuple(expected.shape)}"
    gap = (got - expected).abs().nan_to_num(nan=math.inf)
    far = ~torch.isclose(got, expected, rtol=RTOL, atol=ATOL)
    index = tuple(int(i) for i in np.unravel_index(int(gap.argmax()), tuple(got.shape)))
    where = ", ".join(map(str, index))
    return (f"{got.numel()}칸 가운데 {int(far.sum())}칸이 다르고, 가장 크게 다른 [{where}]번 칸은 받은 값 "
            f"{got[index].item():.4f}, 기대한 값 {expected[index].item():.4f}")


def batch_shapes(case):
    """평균을 빼먹으면 나올 모양들: (B, 1), (B,) 그리고 진짜+가짜를 이어 붙인 (2B, 1)."""
    shapes = set()
    for a in case.args:
        shapes |= {tuple(a.shape), (a.shape[0],)}
    total = sum(a.shape[0] for a in case.args)
    shapes |= {(total, 1), (total,)}
    return shapes
