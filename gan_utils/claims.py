"""강의 본문의 주장 확인: 본문이 '이 실행에서 이렇게 됩니다'라고 말하면, 바로 뒤 칸이 이번 실행의 값으로 그 말을 확인한다.

노트북의 확인 칸(셀 태그 ``claim``)은 ``check_claim``을 한 번 이상 부른다.
- 주장이 맞으면 "✅ 확인: ..." 한 줄을 출력한다 (읽기 페이지에 남고, 슬라이드에서는 빠진다).
- 주장이 틀리면 ``ClaimError``를 내어 Run All과 테스트를 멈춘다. 다시 실행해서 그림이 바뀌면 테스트가
  어느 주장이 깨졌는지 알려 준다: 본문을 고치거나, 무엇이 바뀌었는지 찾으세요.
- 기본 매개변수의 긴 실행에서만 성립하는 주장은 ``applies=False``(예: CI의 짧은 실행, 학생이 매개변수를 바꾼 실행)일 때
  확인하지 않고 그렇다고만 출력한다. 저장소에 들어 있는 전체 실행의 출력이 그 주장을 확인했는지는 테스트가 본다.
"""
import math

CONFIRMED = "✅ 확인:"
NOT_APPLICABLE = "⏭️ 이 설정에서는 확인하지 않음:"


class ClaimError(AssertionError):
    """강의 본문의 주장이 이번 실행의 값과 맞지 않을 때."""


def check_claim(holds, claim, evidence="", *, applies=True):
    """본문의 주장 ``claim``(한국어 한 줄)을 이번 실행의 값으로 확인한다.

    holds: 주장이 이번 실행에서 성립하는지 (bool로 바꿀 수 있는 값; NaN 비교처럼 판단할 수 없으면 성립하지 않음).
    evidence: 판단에 쓴 값들을 적은 한국어 글 (예: "loss_G 0.92 → 1.20").
    applies: False면 확인하지 않고 그 사실만 출력한다 (기본 매개변수의 긴 실행에서만 성립하는 주장).
    돌려주는 값은 없다 (노트북 칸 끝에 `Out: True`가 찍히지 않도록). 틀리면 ClaimError.
    """
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError(f"claim은 주장을 적은 한국어 문장이어야 합니다 (받은 값: {claim!r}).")
    suffix = f" ({evidence})" if evidence else ""
    if not applies:
        print(f"{NOT_APPLICABLE} {claim}{suffix} - 본문은 기본 매개변수의 전체 실행을 설명합니다.")
        return
    if isinstance(holds, float) and math.isnan(holds):
        holds = False
    if not bool(holds):
        raise ClaimError(f"본문의 주장이 이번 실행과 맞지 않습니다: {claim}{suffix}. "
                         "매개변수를 바꿨다면 이것이 실험의 결과입니다. 기본 매개변수에서 이 오류가 나면 본문을 고쳐야 합니다.")
    print(f"{CONFIRMED} {claim}{suffix}")
