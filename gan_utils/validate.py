"""입력 검사: 모든 모듈이 같은 규칙으로 인자를 확인하고, 같은 모양의 한국어 오류를 낸다.

규칙 하나: 정수 자리에는 파이썬 int와 numpy 정수(np.int64 등)를 받고, True/False는 받지 않는다
(bool은 파이썬에서 int의 한 종류라서 따로 막아야 한다). 실수 자리에는 여기에 numpy 실수도 받는다.
오류 문장은 늘 "{이름}은(는) {규칙}이어야 합니다 (받은 값: ...)." 꼴이다.
"""
import math
import numbers


def is_int(value):
    """int나 numpy 정수면 True, bool이면 False."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value):
    """int·float나 numpy 정수·실수면 True, bool이면 False (NaN과 무한대도 True: 범위는 check_real이 본다)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_int(value, name, low=1, high=None, hint=""):
    """value가 low 이상(high를 주면 그 이하)의 정수인지 확인하고 int로 돌려준다. 아니면 ValueError."""
    if not is_int(value) or value < low or (high is not None and value > high):
        rule = f"{low} 이상의 정수" if high is None else f"{low}부터 {high} 사이의 정수"
        raise ValueError(f"{name}은(는) {_must_be(rule)} 합니다 (받은 값: {value!r}{hint}).")
    return int(value)


def check_real(value, name, low=-math.inf, high=math.inf, *, low_open=False, high_open=False, rule=None, hint=""):
    """value가 [low, high] 안의 유한한 실수인지 확인하고 float로 돌려준다 (low_open, high_open이면 끝 제외).

    rule: 오류 문장의 규칙 부분 (예: "0과 1 사이의 확률"). 없으면 범위로 만든다.
    """
    ok = is_real(value) and math.isfinite(value)
    ok = ok and (value > low if low_open else value >= low) and (value < high if high_open else value <= high)
    if not ok:
        raise ValueError(f"{name}은(는) {_must_be(rule or _range_rule(low, high, low_open, high_open))} 합니다 "
                         f"(받은 값: {value!r}{hint}).")
    return float(value)


def _must_be(rule):
    """'정수' → '정수여야', '확률' → '확률이어야': 마지막 글자에 받침이 있으면 '이어야'."""
    last = rule[-1]
    has_final = "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0
    return f"{rule}{'이어야' if has_final else '여야'}"


def _range_rule(low, high, low_open, high_open):
    if low == -math.inf and high == math.inf:
        return "유한한 실수"
    if high == math.inf:
        return f"{low:g}{'보다 큰' if low_open else ' 이상의'} 유한한 실수"
    if low == -math.inf:
        return f"{high:g}{'보다 작은' if high_open else ' 이하의'} 유한한 실수"
    return (f"{low:g}{'보다 크고' if low_open else ' 이상'} {high:g}{' 미만' if high_open else ' 이하'}의 실수"
            .replace("이상 ", "이상이고 "))
