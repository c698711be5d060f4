"""1강(위조지폐범과 경찰) 연습 채점기: 경찰의 학습 배치, 경찰의 정확도, 위조범의 한 걸음.

신경망 없이 작은 텐서·배열로 푸는 연습 세 개다. 1: 경찰(판별자)이 볼 배치와 정답 레이블, 2: 경찰의 정확도,
3: 경찰의 판정 곡선을 고정해 두고 위조범(생성자)이 평균을 한 걸음 옮기기 (gan_utils.counterfeit의 시뮬레이션을
쉽게 만든 것).
"""
import numpy as np
import torch

from ..counterfeit import police_rule
from .core import (Case, batch_shapes, call_student, close, diagnose, difference, fail, finish, inspect_output, passed,
                   rehint, report, rng, run_check)

EXACT_TOL = dict(rtol=1e-5, atol=1e-8)  # 받은 배치를 그대로 이어 붙였는지 볼 때: 자료형 변환의 반올림만 봐준다
SMOOTHED_TOL = dict(EXACT_TOL, atol=1e-6)  # 진짜 레이블을 0.9로 적었는지 볼 때: 0 근처도 float32 반올림만큼 봐준다


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
    return report(lambda: _check_police_batch(fn, rng(seed)),
                  "함수가 (inputs, labels) 두 텐서를 돌려주는지 확인하세요.", verbose)


def _check_police_batch(fn, gen):
    task = "경찰의 학습 배치"
    # 진짜와 위폐의 수가 다른 묶음이 먼저: 레이블 순서가 어긋난 답과 뒤바뀐 답이 갈린다
    for i, (n_real, n_fake) in enumerate(((48, 72), (64, 64), (100, 30))):
        real = 4.0 + 1.25 * torch.randn(n_real, 1, generator=gen)
        fake = 0.5 * torch.randn(n_fake, 1, generator=gen)
        label = f"입력 묶음 {i + 1}: 진짜 {n_real}장, 위폐 {n_fake}장"
        value, failure = call_student(fn, (real.clone(), fake.clone()), task)
        if failure is not None and failure.code == "exception" and "stack" in failure.what:
            failure = rehint(failure, "torch.stack은 크기가 같은 텐서를 새 축으로 쌓습니다. 진짜 배치와 위폐 배치는 수가 다를 "
                             "수 있으니 torch.cat으로 0번 축(배치 축)을 따라 이어 붙이세요.", code="stacked")
        if failure is None:
            failure = _police_batch_failure(value, real, fake, task, label)
        if failure is not None:
            if i > 0 and failure.code == "exception":
                failure.note = ("앞의 입력 묶음에서는 실행되었는데 크기가 다른 이 묶음에서 오류가 났습니다. "
                                "배치 크기를 숫자로 고정하지 않았는지 확인하세요.")
            return failure
    return passed(f"{task}: 입력 묶음 3개(진짜와 위폐의 수가 다른 묶음 포함)에서 "
                  "inputs와 labels의 모양, 순서, 값이 모두 맞습니다.")


def _police_batch_failure(value, real, fake, task, label):
    n_real, n_fake = len(real), len(fake)
    n = n_real + n_fake
    if value is None:
        return fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                    "함수 마지막에서 inputs와 labels 두 값을 돌려주는지(return) 확인하세요.")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        what = (f"{type(value).__name__} 하나" if not isinstance(value, (tuple, list))
                else f"값 {len(value)}개")
        return fail("not_pair", f"{task} 함수가 {what}를 돌려주었습니다. (inputs, labels) 두 값이 필요합니다.",
                    "경찰에게 보여 줄 지폐들(inputs)과 그 정답(labels)을 쉼표로 묶어 함께 돌려주세요.")
    inputs, labels = value
    if isinstance(inputs, (tuple, list)):
        return fail("not_concatenated", f"inputs가 텐서 하나가 아니라 {type(inputs).__name__}입니다.",
                    "진짜 배치와 위폐 배치를 torch.cat으로 0번 축(배치 축)을 따라 이어 붙여 텐서 하나로 만드세요.")
    for name, t in (("inputs", inputs), ("labels", labels)):
        if not isinstance(t, torch.Tensor):
            return fail("not_tensor", f"{name}이(가) torch 텐서가 아니라 {type(t).__name__}입니다.",
                        "판별자와 손실 함수는 torch 텐서를 받습니다. torch.cat, torch.ones_like, torch.zeros_like 같은 "
                        "torch 함수로 만드세요.")
    if tuple(inputs.shape) != (n, 1):
        return fail("inputs_shape", f"inputs의 모양이 {tuple(inputs.shape)}입니다 ({label}). ({n}, 1)이어야 합니다.",
                    "진짜 배치 (B_진짜, 1)와 위폐 배치 (B_위폐, 1)를 0번 축을 따라 이어 붙이면 (B_진짜 + B_위폐, 1)이 됩니다.")
    got_inputs = inputs.detach().to("cpu", torch.float64)
    if not close(got_inputs, torch.cat([real, fake]), **EXACT_TOL):
        if close(got_inputs, torch.cat([fake, real]), **EXACT_TOL):
            return fail("order", f"inputs의 순서가 바뀌었습니다: 위폐가 먼저입니다 ({label}).",
                        "문제의 약속대로 진짜 배치를 먼저, 위폐 배치를 뒤에 이어 붙이세요. 레이블도 같은 순서를 따릅니다.")
        return fail("wrong_inputs", f"inputs의 값이 받은 진짜·위폐 배치와 다릅니다 ({label}).",
                    "받은 real과 fake를 바꾸거나 섞지 말고 그대로 이어 붙이기만 하세요.")
    if tuple(labels.shape) != (n, 1):
        if labels.numel() == n:
            return fail("label_shape", f"labels의 모양이 {tuple(labels.shape)}입니다 ({label}). inputs와 같은 ({n}, 1)이어야 "
                        "합니다.", "판별자의 출력은 지폐 하나당 한 줄인 (N, 1) 모양이고, 손실 함수(BCE)는 출력과 레이블의 모양이 "
                        "같아야 합니다. 1차원 (N,)이 아니라 inputs와 같은 모양으로 만드세요 (ones_like, zeros_like가 편합니다).")
        if labels.shape[:1] in ((n_real,), (n_fake,)):
            return fail("missing_labels", f"labels에 {labels.shape[0]}개만 있습니다 ({label}). 진짜와 위폐 모두의 레이블, "
                        f"{n}개가 필요합니다.", "진짜 배치의 레이블과 위폐 배치의 레이블을 각각 만든 뒤 inputs와 같은 순서로 "
                        "이어 붙이세요.")
        if labels.dim() == 2 and labels.shape[1] == 1:
            return fail("label_count", f"labels가 {labels.shape[0]}줄입니다 ({label}). inputs와 같은 {n}줄이어야 합니다.",
                        "배치 크기를 숫자로 적지 않았는지 보세요. torch.ones_like(real), torch.zeros_like(fake)처럼 "
                        "받은 텐서에서 크기를 따오면 진짜와 위폐의 수가 달라도 맞습니다.")
        return fail("label_shape", f"labels의 모양이 {tuple(labels.shape)}입니다 ({label}). inputs와 같은 ({n}, 1)이어야 합니다.",
                    "지폐 한 장에 레이블 하나씩, inputs와 같은 모양으로 만드세요.")
    if not labels.is_floating_point():
        return fail("labels_not_float", f"labels의 자료형이 {labels.dtype}입니다. 실수(float) 텐서여야 합니다.",
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
            return fail(code, f"labels의 값이 틀렸습니다 ({label}).", hint)
    if close(got, torch.cat([0.9 * ones, zeros]), **SMOOTHED_TOL):
        return fail("smoothed", f"진짜 레이블이 1이 아니라 0.9입니다 ({label}).",
                    "레이블 스무딩(0.9)은 2강부터 다룹니다. 이 문제에서는 진짜 1, 위폐 0을 그대로 쓰세요.")
    real_mean, fake_mean = _split_means(got, n_real)
    return fail("wrong_labels", f"labels의 값이 틀렸습니다 ({label}): 진짜 자리 레이블의 평균 {real_mean:.3f}, "
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
    (D > 0.5로 판정해도 통과한다). 진짜와 위폐가 반반일 때 gan_utils.counterfeit.police_accuracy의 accuracy와 같은 뜻이다.
    """
    task = "경찰의 정확도"
    gen = rng(seed)
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
            ("not_averaged", acc_real + acc_fake, "맞힌 개수를 한쪽 지폐 수(B)로만 나눴거나, 진짜 쪽 비율과 위폐 쪽 비율을 더하기만 했습니다. "
                                                  "값이 1을 넘을 수 있으니 전체 지폐 수(2B)로 나눈 비율(두 비율의 평균)이어야 합니다."),
            ("count_not_fraction", acc * 2 * case.info["batch"],
             "맞힌 개수를 냈습니다. 정확도는 전체 지폐 수(진짜 수 + 위폐 수)로 나눈 비율(0과 1 사이)입니다."),
            ("percent", 100 * acc, "백분율(×100)로 냈습니다. 0과 1 사이의 비율로 돌려주세요 (출력할 때 :.1% 로 바꾸면 됩니다)."),
            ("no_threshold", (d_real.mean() + (1 - d_fake).mean()) / 2,
             "확률을 그대로 평균 냈습니다. 먼저 0.5를 기준으로 판정(진짜/가짜)을 내리고, 그 판정이 맞았는지를 세세요."),
        ]

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes,
                       per_sample_shapes=batch_shapes, verbose=False)
    hints = {
        "wrong_value": "진짜 지폐는 D ≥ 0.5('진짜' 판정)일 때, 위폐는 D < 0.5('가짜' 판정)일 때 맞힌 것입니다. 둘을 모두 세어 "
                       "전체 지폐 수로 나누세요.",
        "wrong_type": "정확도 숫자 하나(0과 1 사이의 비율)를 돌려주세요.",
        "not_scalar": "정확도 숫자 하나(0과 1 사이의 비율)를 돌려주세요. 어디서 모양이 바뀌는지 확인하세요.",
        "not_reduced": "지폐마다 맞았는지(참/거짓)를 구한 뒤, 전체에서 맞힌 비율 하나로 줄이세요.",
        "not_finite": "0으로 나누지 않았는지 보세요: 분모는 전체 지폐 수(진짜 수 + 위폐 수)입니다. 빈 텐서의 평균(.mean())도 "
                      "NaN이 되니, 판정 결과를 고르거나 자르다가 텐서가 비지 않았는지도 확인하세요.",
    }
    if result.code == "exception" and ("Got: Bool" in result.what or "infer output dtype" in result.what):
        hints["exception"] = ("비교 결과(참/거짓, bool 텐서)에는 바로 .mean()을 쓸 수 없습니다. .float()로 0과 1로 바꾼 뒤 "
                              "평균을 내거나, .sum()으로 센 뒤 전체 수로 나누세요.")
    return finish(result, hints, verbose)


# ---------------------------------------------------------------- 1강 연습 3: 위조범의 한 걸음
EPS_SIZE = 200  # 묶음마다 넘기는 eps의 길이 (노트북의 다음 칸과 같다)
SCORE_GAP = 2e-3  # 후보들의 점수가 이만큼은 벌어져야 float32로 계산한 답도, 평균 log D로 고른 답도 같은 후보를 고른다
FRESH_Z = 6.0  # 새 난수를 뽑은 답이 늘 다른 후보를 고르도록: 그 후보의 앞섬이 점수 차이 표준편차의 6배 이상
KIND_PICK = {"spread": 2, "shifted": 0, "stay": 1}  # 묶음의 종류마다 정답 후보 (0: 왼쪽, 1: 그대로, 2: 오른쪽)
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(80)  # 새 난수를 뽑은 답의 기댓값 (표준정규분포 적분)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _police(real_mean, real_std, fake_mean, fake_std):
    """경찰의 판정 곡선 D(x) (위폐 분포 N(fake_mean, fake_std²)를 보고 세운 것)를 함수 하나로 묶는다."""
    def police(x):
        return police_rule(np.asarray(x, dtype=np.float64), real_mean, real_std, fake_mean, fake_std)
    return police


def _scores(police, candidates, noise, log=False):
    """후보마다 위폐 x = 후보 + noise가 받는 점수: 평균 판정 mean(D(x)) (log=True면 평균 log D(x)). 세 후보를 한 번에 부른다."""
    d = police(np.asarray(candidates)[:, None] + np.atleast_1d(noise)[None, :])
    return np.mean(np.log(np.maximum(d, 1e-300)) if log else d, axis=1)


def _candidate_scores(fake_mean, fake_std, eps, police, step):
    candidates = (fake_mean - step, fake_mean, fake_mean + step)
    return candidates, list(_scores(police, candidates, fake_std * eps))


def _top_gap(scores):
    """가장 높은 점수가 둘째보다 얼마나 앞서는가."""
    top, second = np.sort(scores)[[-1, -2]]
    return top - second


def _fresh_noise_pick(police, candidates, fake_std):
    """받은 eps 대신 새 난수를 EPS_SIZE개 뽑은 답이 고를 후보와, 그 선택이 얼마나 확실한지(z 값)."""
    d = police(np.asarray(candidates)[:, None] + fake_std * _NODES[None, :])
    mean, second_moment = d @ _WEIGHTS, d ** 2 @ _WEIGHTS
    spread = second_moment - mean ** 2
    best = int(np.argmax(mean))
    z = min((mean[best] - mean[j]) / np.sqrt((spread[best] + spread[j]) / EPS_SIZE + 1e-30)
            for j in range(3) if j != best)
    return best, z


def _draw_counterfeiter_case(gen, kind, label):
    """kind마다 흔한 실수 하나가 다른 후보를 고르게 되는 입력을 뽑는다 (조건을 맞추는지는 _counterfeiter_case_ok가 본다).

    'spread': 좁게 퍼진 위폐가 진짜의 조금 왼쪽. 위폐의 퍼짐(fake_std)을 빼먹으면 다른 후보가 이긴다.
    'shifted': eps가 왼쪽으로 치우친 묶음. 받은 eps 대신 새 난수를 뽑거나 후보 자리 하나만 점수 매기면 다른 후보가 이긴다.
    'stay': 위폐가 진짜와 같은 곳에 더 넓게 퍼짐. 제자리가 가장 좋다.
    """
    u = torch.rand(6, generator=gen, dtype=torch.float64).tolist()
    real_mean, real_std = round(-1 + 6 * u[0], 2), round(0.9 + 0.6 * u[1], 2)
    step, shift = round(0.3 + 0.6 * u[4], 2), 0.0
    if kind == "spread":
        fake_mean, fake_std = real_mean - (0.2 + 1.5 * u[2]), 0.2 + 0.2 * u[3]
    elif kind == "shifted":
        fake_mean, fake_std = real_mean - (0.5 + 2.5 * u[2]), 0.25 + 0.55 * u[3]
        shift = -(0.7 + 1.2 * u[5])
    else:
        fake_mean, fake_std = real_mean, real_std * (1.6 + 0.6 * u[3])
    fake_mean, fake_std = round(fake_mean, 2), round(fake_std, 2)
    eps = torch.randn(EPS_SIZE, generator=gen, dtype=torch.float64).numpy() + shift
    police = _police(real_mean, real_std, fake_mean, fake_std)
    candidates = (fake_mean - step, fake_mean, fake_mean + step)
    info = dict(fake_mean=fake_mean, fake_std=fake_std, eps=eps, police=police, step=step, candidates=candidates,
                scores=_scores(police, candidates, fake_std * eps), kind=kind)
    where = ", eps가 한쪽으로 치우친 묶음" if shift else ""
    return Case((), info, f"{label}: 진짜 N({real_mean}, {real_std}²), 위폐 N({fake_mean}, {fake_std}²), 보폭 {step}{where}")


def _counterfeiter_case_ok(case):
    """정답 후보가 뚜렷하고, 이 묶음이 맡은 실수가 늘(입력이나 난수와 상관없이) 다른 후보를 고르는가."""
    i = case.info
    police, candidates, scores, kind = i["police"], i["candidates"], i["scores"], i["kind"]
    best = int(np.argmax(scores))
    log_scores = _scores(police, candidates, i["fake_std"] * i["eps"], log=True)
    if (best != KIND_PICK[kind] or int(np.argmax(log_scores)) != best or np.diff(np.sort(scores)).min() <= SCORE_GAP
            or _top_gap(log_scores) <= SCORE_GAP or scores.max() >= 0.99):
        return False
    # 후보 셋, 옮긴 양, 최고 점수가 서로 뚜렷이 달라야 '점수를 돌려줌', '옮긴 양을 돌려줌'을 다른 답과 헷갈리지 않는다
    values = np.sort(np.r_[candidates, candidates[best] - i["fake_mean"], scores.max()])
    if np.diff(values).min() <= 0.05:
        return False
    if kind == "spread":
        no_std = _scores(police, candidates, i["eps"])
        return int(np.argmax(no_std)) != best and _top_gap(no_std) > SCORE_GAP
    if kind == "shifted":
        point = _scores(police, candidates, np.zeros(1))
        fresh, z = _fresh_noise_pick(police, candidates, i["fake_std"])
        return int(np.argmax(point)) != best and _top_gap(point) > SCORE_GAP and fresh != best and z > FRESH_Z
    return True


def _counterfeiter_case(gen, kind, label):
    # 조건에 맞는 입력은 흔하다 (묶음마다 수십 번 안에 나온다). 그래도 gen에서 못 찾으면 정해진 난수(rng(0))에서 찾아,
    # 판정이 운에 맡겨지는 입력은 어떤 경우에도 쓰지 않는다.
    for source in (gen, rng(0)):
        for _ in range(300):
            case = _draw_counterfeiter_case(source, kind, label)
            if _counterfeiter_case_ok(case):
                return case
    raise RuntimeError(f"위조범 채점기의 '{kind}' 입력을 만들지 못했습니다.")


class _RecordingPolice:
    """경찰의 판정 곡선을 그대로 부르면서 학생이 넘긴 x를 적어 둔다 (답이 틀렸을 때 위폐를 어떻게 만들었는지 진단하려고)."""

    def __init__(self, police):
        self.police, self.inputs = police, []

    def __call__(self, x):
        out = self.police(x)
        self.inputs.append(np.array(x, dtype=np.float64).ravel())
        return out


def _how_x_was_made(inputs, case):
    """학생이 police에 넘긴 x들이 무엇으로 만든 값인가.

    'shared': 후보 + fake_std · eps, 'no_std': 후보 + eps, 'point': 후보 자체, 'other': 받은 eps로 설명되지 않음,
    None: police를 부르지 않음. x가 '어떤 후보 + 그 잡음의 한 값'과 (float32 반올림 정도까지) 같은 몫이 'shared'는
    절반 이상(확인용으로 police를 더 불러도 되도록), 나머지는 9할 이상이면 그 잡음으로 만들었다고 본다. 새 난수로 만든
    x는 우연히 맞는 몫이 1% 남짓이다. 모양과 부른 횟수는 따지지 않는다: 후보마다 부르든, 셋을 한 배열로 묶어 부르든 같다.
    """
    if not inputs:
        return None
    x, i = np.concatenate(inputs), case.info
    for name, noise, share in (("shared", i["fake_std"] * i["eps"], 0.5), ("no_std", i["eps"], 0.9),
                               ("point", np.zeros(1), 0.9)):
        grid = np.sort((np.asarray(i["candidates"])[:, None] + noise).ravel())
        pos = np.clip(np.searchsorted(grid, x), 1, len(grid) - 1)
        nearest = np.minimum(np.abs(x - grid[pos - 1]), np.abs(x - grid[pos]))
        if np.mean(nearest <= 1e-5 * (1 + np.abs(x))) >= share:
            return name
    return "other"


def _run_step(fn, case, task):
    """학생 함수를 입력 묶음 하나로 부른다. (float64 텐서 또는 None, 실패 또는 None, police에 넘긴 x들)."""
    i, police = case.info, _RecordingPolice(case.info["police"])
    value, failure = call_student(fn, (i["fake_mean"], i["fake_std"], i["eps"].copy(), police, i["step"]), task)
    if failure is None:
        value, failure = inspect_output(value, task)
    return value, failure, police.inputs


X_HINTS = {
    "no_std": "위폐를 x = 후보 + eps로 만들었습니다: fake_std를 곱하지 않았습니다. 위폐는 x = 후보 + fake_std · eps입니다. "
              "위폐가 얼마나 퍼져 있는지에 따라 경찰이 '진짜'라고 보는 구역에 드는 위폐의 몫이 달라져, 이기는 후보가 바뀝니다.",
    "point": "후보 평균 자리 하나(police(후보))만 점수로 매겼습니다. 위조범이 찍어 내는 위폐는 평균 주변에 퍼져 있으니, "
             "위폐 배치 x = 후보 + fake_std · eps 전체가 받는 평균 판정 mean(police(x))로 후보를 비교하세요.",
    "fresh_noise": "받은 eps 대신 새 난수를 뽑아 위폐를 만들었습니다 (부를 때마다 police에 넘기는 x가 달라집니다). 세 후보 모두 "
                   "받은 eps로 x = 후보 + fake_std · eps를 만드세요. 같은 eps를 써야 후보들이 같은 조건에서 비교되고, "
                   "결과도 실행할 때마다 같습니다.",
    "x_not_from_eps": "police에 넘긴 위폐 x가 '후보 + fake_std · eps'가 아닙니다. 후보 평균 세 개(fake_mean - step, fake_mean, "
                      "fake_mean + step)마다, 새 난수를 뽑지 말고 받은 eps로 x = 후보 + fake_std · eps를 만드세요.",
}


def _value_mistakes(case):
    """위폐는 제대로 만들었지만 고른 값이 틀린 흔한 실수들: [(코드, 그 실수가 낼 값, 힌트), ...]."""
    i = case.info
    candidates, scores = i["candidates"], i["scores"]
    return [
        ("wrong_direction", candidates[int(np.argmin(scores))],
         "위폐가 받는 평균 판정이 가장 낮은 쪽으로 옮겼습니다. 위조범은 경찰이 '진짜'라고 말하는 쪽, 곧 평균 D(x)가 "
         "가장 큰 후보를 골라야 합니다."),
        ("no_stay", candidates[0] if scores[0] > scores[2] else candidates[2],
         "지금 자리가 가장 좋은데도 한쪽으로 옮겼습니다. 후보는 '왼쪽으로 한 걸음', '그대로', '오른쪽으로 한 걸음' "
         "세 개입니다. 지금 평균의 점수도 함께 비교하세요."),
        ("returned_score", scores.max(),
         "가장 높은 점수(평균 판정)를 돌려주었습니다. 돌려줄 것은 그 점수를 받은 후보, 곧 위조범의 새 평균입니다."),
        ("returned_change", _best(case) - i["fake_mean"],
         "옮긴 양(+step, 0, -step)을 돌려주었습니다. 돌려줄 것은 옮긴 뒤의 새 평균입니다."),
    ]


def _best(case):
    return case.info["candidates"][int(np.argmax(case.info["scores"]))]


def _same_inputs(first, second):
    first, second = (np.concatenate(v) if v else np.empty(0) for v in (first, second))
    return first.shape == second.shape and np.array_equal(first, second, equal_nan=True)


STEP_HINT = ("후보 평균 세 개(fake_mean - step, fake_mean, fake_mean + step)마다 위폐 x = 후보 + fake_std · eps를 만들고, "
             "police(x)의 평균(위폐가 받는 평균 판정)을 구해 가장 큰 후보를 고르세요. 세 후보 모두 같은 eps를 써야 공정하게 "
             "비교됩니다.")


def _check_counterfeiter_step(fn, cases, task):
    got_by_case = []
    for k, case in enumerate(cases):
        got, failure, inputs = _run_step(fn, case, task)
        if failure is not None:
            return failure
        got_by_case.append(got)
        # 위폐를 만든 방법부터 본다: 잘못 만든 위폐로도 이 입력에서는 우연히 맞는 후보를 고를 수 있어서, 값만 보면
        # 같은 답이 입력(seed)에 따라 통과하기도 한다
        made, right = _how_x_was_made(inputs, case), close(got, _best(case))
        if right and made in ("shared", None):
            continue
        what = (f"{task}: 이 입력에서는 고른 값이 맞지만 위폐를 만든 방법이 틀렸습니다 ({case.label})." if right
                else f"{task} 값이 틀렸습니다 ({case.label}).")
        if made == "other":  # 같은 입력으로 한 번 더 불러 x가 달라지면 새 난수를 뽑은 것이다
            made = "x_not_from_eps" if _same_inputs(inputs, _run_step(fn, case, task)[2]) else "fresh_noise"
        if made in X_HINTS:
            return fail(made, what, X_HINTS[made])
        got_by_case += [_run_step(fn, later, task)[0] for later in cases[k + 1:]]
        found = diagnose(got_by_case, k, [_value_mistakes(c) for c in cases])
        if found is not None:
            return fail(found[0], what, found[1])
        expected = torch.tensor(_best(case), dtype=torch.float64)
        return fail("wrong_value", f"{task} 값이 틀렸습니다 ({case.label}): {difference(got, expected)}.", STEP_HINT)
    return passed(f"{task}: 무작위 입력 {len(cases)}묶음에서 참조 구현과 값이 일치합니다.")


def check_counterfeiter_step(fn, seed=None, verbose=True):
    """1강 연습 3: 경찰의 판정 곡선을 고정해 두고 위조범이 위폐 분포의 평균을 한 걸음 옮기기 채점.

    fn(fake_mean, fake_std, eps, police, step) → 새 평균(숫자 하나). 위폐는 x = 평균 + fake_std · eps
    (eps: 표준정규분포에서 뽑은 numpy 배열, 후보마다 같은 eps를 쓴다), police(x)는 경찰의 판정 곡선 D(x)
    (numpy 배열을 받아 같은 모양의 '진짜일 확률'을 돌려줌). 후보 평균 fake_mean - step, fake_mean,
    fake_mean + step 가운데 위폐들이 받는 평균 판정 mean(D(x))가 가장 큰 것을 돌려준다.
    gan_utils.counterfeit.counterfeiter_step(같은 목표를 기울기로 오르는 시뮬레이션)의 평균 쪽을 쉽게 만든 것이다.

    입력 묶음 셋은 흔한 실수가 늘 다른 후보를 고르도록 고른다: 1은 위폐의 퍼짐(fake_std)이 이기는 후보를 바꾸고,
    2는 일부러 한쪽으로 치우친 eps라서 받은 eps 대신 새 난수를 뽑거나 후보 자리 하나만 점수 매기면 다른 후보가 이기고,
    3은 제자리가 가장 좋다. 틀린 답은 police에 넘긴 x를 보고 위폐를 어떻게 만들었는지부터 진단한다.
    """
    task = "위조범의 한 걸음"
    gen = rng(seed)
    cases = [_counterfeiter_case(gen, kind, f"입력 묶음 {i + 1}") for i, kind in enumerate(KIND_PICK)]
    result = report(lambda: _check_counterfeiter_step(fn, cases, task),
                    "함수가 새 평균 숫자 하나를 돌려주는지 확인하세요.", verbose=False)
    return finish(result, {
        "wrong_type": "새 평균 숫자 하나를 돌려주세요 (표준편차는 바꾸지 않습니다).",
        "not_scalar": "새 평균 숫자 하나를 돌려주세요. police(x)의 결과는 지폐마다의 판정이므로 평균을 내서 점수 하나로 만드세요.",
        "not_finite": "police(x)에는 위폐의 특징 값 x(숫자 배열)를 넣으세요. 표준편차는 양수입니다.",
        "mutated_input": "받은 입력은 읽기만 하세요. eps *= fake_std처럼 제자리에서 바꾸면 함수 밖의 eps까지 바뀝니다: 다음 칸은 "
                         "같은 eps를 라운드마다 다시 쓰므로, 위폐의 퍼짐이 라운드마다 몰래 줄어듭니다. "
                         "noise = fake_std * eps처럼 새 배열을 만드세요.",
    }, verbose)
