"""3강(1차원 가우시안 GAN) 연습 채점기: 히스토그램 KL, 정규분포 KL의 닫힌 식, 새 목표와 결과 예측.

연습 3의 학습 결과는 ``compare_prediction``이 예측과 견준다 (채점이 아니라 확인이라 CheckResult 대신 dict).
"""
import contextlib
import math
import random

import numpy as np
import torch

from ..metrics import kl_divergence_hist, kl_normal
from .core import ATOL, RTOL, Case, as_number, call_student, close, fail, finish, passed, rehint, report, rng, run_check

DEFAULT_TARGET = (4.0, 1.25)  # 이 강의의 기본 목표 N(4, 1.25²)
SMALL_BATCH = 37  # 표본 함수를 한 번 더 부를 개수: 어떤 배치 크기와도 겹치지 않게 흔하지 않은 수


# ---------------------------------------------------------------- 연습 1: 히스토그램 KL
def _hist_counts(real, fake, bins, edges):
    """두 표본을 bins칸으로 센 개수와 칸 너비 (cp, cq, 진짜 칸 너비, 가짜 칸 너비).

    edges: 'real'(진짜 표본의 범위), 'both'(두 표본을 합친 범위), 'separate'(표본마다 자기 범위). 경계 배열 대신
    range=를 넘긴다: np.linspace(lo, hi, bins + 1) 경계와 같은 칸이고, 정렬하지 않아 훨씬 빠르다.
    """
    lo, hi = real.min(), real.max()
    if edges == "both":
        lo, hi = min(lo, fake.min()), max(hi, fake.max())
    f_lo, f_hi = (fake.min(), fake.max()) if edges == "separate" else (lo, hi)
    cp = np.histogram(real, bins, range=(lo, hi))[0].astype(float)
    cq = np.histogram(fake, bins, range=(f_lo, f_hi))[0].astype(float)
    return cp, cq, (hi - lo) / bins, (f_hi - f_lo) / bins


def _hist_kl_variant(counts, n_real, n_fake, *, norm="size", reverse=False, log=np.log, eps=1e-10):
    """참조 구현과 그 흔한 변형(실수)들. counts는 _hist_counts의 결과. 실수가 낼 값을 미리 계산해 학생의 값과 맞춰 본다."""
    cp, cq, wp, wq = counts
    if norm == "size":
        p, q = cp / n_real, cq / n_fake
    elif norm == "sum":
        p, q = cp / cp.sum(), cq / cq.sum()
    elif norm == "density":
        p, q = cp / (n_real * wp), cq / (n_fake * wq)
    elif norm == "density_true":  # np.histogram(..., density=True): 칸 안에 든 표본 수로 나눈다
        p, q = cp / (cp.sum() * wp), cq / (cq.sum() * wq)
    else:  # 'counts'
        p, q = cp, cq
    if reverse:
        p, q = q, p
    p, q = p + eps, q + eps
    return float(np.sum(p * log(p / q)))


def _kl_cases(gen):
    """(real, fake, bins) 입력 묶음 세 개. 가짜 표본의 3%는 진짜 범위보다 조금 넓은 균등분포에서 뽑는다:
    진짜 범위 안의 모든 칸이 채워져 빈 칸 처리 방식(eps 크기)에 따라 값이 흔들리지 않고, 범위 밖으로
    나간 가짜 표본도 조금 생긴다.

    첫 묶음은 참조 값과 모든 실수 후보의 값이 서로 떨어질 때까지 다시 뽑는다 (_distinct): 흔한 실수는 모두 첫
    묶음에서 자기 코드로만 진단되어, 시드에 따라 다른 실수로 진단되지 않는다. 뒤의 묶음은 그 밖의 오답을 잡는다
    (묶음 2처럼 두 분포가 비슷하면 실수 몇 가지가 참조 값과 거의 같아진다).
    """
    def normal(n, mean, std):
        return mean + std * torch.randn(n, generator=gen, dtype=torch.float64)

    def two_peaks(n):
        return torch.where(torch.rand(n, generator=gen) < 0.5, -2.0, 2.0).double() + normal(n, 0.0, 0.5)

    specs = [  # (진짜 표본을 뽑는 함수, 가짜 평균, 가짜 표준편차, 가짜 개수, 칸 수, 이름)
        (lambda: normal(5000, 0.0, 1.0), 0.4, 1.3, 8000, 20, "입력 묶음 1, 칸 20개"),
        (lambda: normal(10_000, 4.0, 1.25), 3.5, 1.0, 10_000, 50, "입력 묶음 2, 칸 50개"),
        (lambda: two_peaks(6000), 0.0, 1.5, 7000, 30, "입력 묶음 3 (봉우리 둘), 칸 30개"),
    ]
    cases = []
    for draw_real, mean, std, n_fake, bins, label in specs:
        for _ in range(50):  # 첫 묶음은 대개 한두 번에 된다. 그래도 안 되면 마지막 표본을 쓴다
            real = draw_real()
            n_uniform = n_fake * 3 // 100
            lo, hi = real.min().item(), real.max().item()
            spread = torch.rand(n_uniform, generator=gen, dtype=torch.float64)
            uniform = lo - 0.05 * (hi - lo) + 1.1 * (hi - lo) * spread
            fake = torch.cat([normal(n_fake - n_uniform, mean, std), uniform])
            real_np, fake_np = real.numpy(), fake[torch.randperm(n_fake, generator=gen)].numpy()
            if cases:  # 뒤의 묶음은 다시 뽑지 않는다
                break
            if _distinct(kl_divergence_hist(real_np, fake_np, bins), _kl_hist_mistakes(real_np, fake_np, bins)):
                break
        info = {"real": real_np, "fake": fake_np, "bins": bins}
        cases.append(Case((real_np.copy(), fake_np.copy(), bins), info, label))
    return cases


def _kl_hist_mistakes(r, f, b):
    """히스토그램 KL의 흔한 실수와 그 실수가 낼 값: [(코드, 값, 힌트), ...]."""
    counts = {edges: _hist_counts(r, f, b, edges) for edges in ("real", "both", "separate")}  # 칸 나누기마다 한 번만 센다

    def v(edges="real", **kw):
        return _hist_kl_variant(counts[edges], r.size, f.size, **kw)

    density_hint = ("확률이 아니라 밀도로 나눴습니다 (density=True, 또는 칸 너비로 나눔). 칸마다 '개수 / 전체 "
                    "표본 수'로 확률을 만들어 합이 1(범위 밖으로 나간 가짜는 빼고)이 되게 하세요.")
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
        ("density", v(norm="density"), density_hint),
        ("density", v(norm="density_true"), density_hint),
        ("counts", v(norm="counts"),
         "개수를 그대로 썼습니다. 칸마다 개수를 그 표본의 전체 개수로 나눠 확률로 바꾸세요."),
        ("renormalized", v(norm="sum"),
         "가짜 표본의 개수를 '칸 안에 든 개수의 합'으로 나눴습니다. 진짜 범위 밖으로 나간 가짜 표본도 "
         "'엉뚱한 곳에 놓인 확률'로 벌점을 받아야 하므로 전체 표본 수(len(fake))로 나누세요."),
        ("log2", v(log=np.log2),
         "밑이 2인 로그를 썼습니다 (단위 bit). 이 강의는 자연로그 np.log(단위 nat)를 씁니다."),
    ]


def _distinct(reference, mistakes):
    """참조 값과 실수 후보의 값이 서로(같은 코드끼리는 빼고) 허용 오차의 4배보다 멀리 떨어져 있는가.

    그래야 학생의 값이 후보 하나에만 맞아, 같은 답이 입력(시드)에 따라 다른 실수로 진단되지 않는다. 예를 들어 KL이
    크면 상대 허용 오차(close의 atol + rtol·|값|)가 두 실수의 차이보다 커질 수 있다.
    """
    points = [("ok", float(reference))] + [(code, float(value)) for code, value, _ in mistakes]
    for i, (code_a, a) in enumerate(points):
        for code_b, b in points[i + 1:]:
            # 학생의 값이 두 후보 모두에 맞으려면 두 후보가 허용 오차의 2배 안에 있어야 한다. 4배면 넉넉하다
            if code_a != code_b and abs(a - b) <= 4 * (ATOL + RTOL * max(abs(a), abs(b))):
                return False
    return True


def check_kl_hist(fn, seed=None, verbose=True):
    """연습 1: 히스토그램 KL(p_real ‖ p_fake) 채점.

    fn(real, fake, bins) → 숫자 하나. real, fake는 1차원 numpy 배열, bins는 칸 수.
    칸 경계는 진짜 표본의 최솟값~최댓값을 bins개로 나누고, 칸마다 개수를 각 표본의 전체 개수로
    나눈 확률 p, q에 작은 eps(1e-10)를 더해 Σ p log(p/q)를 계산한다 (자연로그).
    참조: gan_utils.metrics.kl_divergence_hist.
    """
    task = "히스토그램 KL"
    gen = rng(seed)
    cases = _kl_cases(gen)

    def reference(case, differentiable=False):
        info = case.info
        return torch.tensor(kl_divergence_hist(info["real"], info["fake"], info["bins"]), dtype=torch.float64)

    def mistakes(case):
        return _kl_hist_mistakes(case.info["real"], case.info["fake"], case.info["bins"])

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes,
                       per_sample_shapes=lambda case: {(case.info["bins"],)}, verbose=False)
    if result:
        result = _check_empty_bins(fn, gen, task)
    elif result.code == "exception" and "shape" in result.what.lower():
        # 공용 힌트(배치 크기, ones_like)는 손실 함수용이다. 여기서 모양 오류는 거의 늘 길이가 다른 두 히스토그램이다
        result = rehint(result, "길이가 다른 두 배열을 원소별로 계산했습니다. 두 표본을 같은 칸 경계 edges(경계 bins + 1개, "
                                "칸 bins개)로 세었는지, np.histogram(x, edges)의 [0](칸마다의 개수)만 썼는지 확인하세요.")
    return finish(result, {
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
    """가짜 표본이 진짜 범위의 일부만 덮어 빈 칸이 많은 경우에도 유한하고 비슷한 값이 나오는가.

    표본은 float32로 넘긴다: 다음 칸이 학습한 생성자의 표본(float32 텐서의 .numpy())으로 이 함수를 부른다.
    """
    real = torch.randn(3000, generator=gen).numpy()
    fake = (2.0 + 0.3 * torch.randn(3000, generator=gen)).numpy()
    bins = 25
    value, failure = call_student(fn, (real.copy(), fake.copy(), bins), task)
    if failure is not None:
        return failure
    got = as_number(value)
    expected = kl_divergence_hist(real, fake, bins)
    if got is None:
        return fail("not_finite", f"빈 칸이 많은 입력(가짜 표본이 진짜 범위의 일부만 덮음)에서 {task} 값이 "
                    f"숫자가 아닙니다 (받은 값: {value!r:.60}).", "")
    if not 0.5 * expected <= got <= 2.0 * expected:
        return fail("empty_bins", f"빈 칸이 많은 입력에서 {task} 값이 {got:.4f}입니다 (기대한 값 약 {expected:.4f}).",
                    "가짜 표본이 없는 칸(q = 0)은 아주 작은 eps(예: 1e-10)를 더해 처리하세요. eps가 너무 크면 "
                    "(예: 1e-3) 빈 칸의 벌점이 작아집니다.")
    failure = _unprintable(value, task)
    if failure is not None:
        return failure
    return passed(f"{task}: 무작위 입력 3묶음에서 참조 구현과 값이 일치하고, "
                  "빈 칸이 많은 입력에서도 유한한 값을 냅니다.")


def _unprintable(value, task):
    """다음 칸은 값을 f"{값:.5f}"로 출력한다. 원소 하나짜리 배열·텐서(모양 (1,))는 값이 맞아도 거기서 오류가 난다."""
    try:
        format(value, ".5f")
    except (TypeError, ValueError):
        shape = tuple(getattr(value, "shape", ()))
        return fail("not_number", f"{task} 값은 맞지만 숫자 하나가 아니라 모양 {shape}의 {type(value).__name__}입니다. "
                    "다음 칸은 이 값을 f\"{값:.6f}\" 같은 숫자 형식으로 출력하는데, 이 값으로는 오류가 납니다.",
                    "float(...)로 감싸 숫자 하나를 return 하세요 (keepdims=True나 [값]처럼 감싸지 말고).")
    return None


# ---------------------------------------------------------------- 연습 2: 정규분포 KL (닫힌 식)
def check_kl_normal(fn, seed=None, verbose=True):
    """연습 2: KL(N(mean_p, std_p²) ‖ N(mean_q, std_q²))의 닫힌 식 채점.

    fn(mean_p, std_p, mean_q, std_q) → 숫자 하나. 참조: gan_utils.metrics.kl_normal
    = log(std_q / std_p) + (std_p² + (mean_p - mean_q)²) / (2 std_q²) - 1/2.
    """
    task = "정규분포 KL"
    cases = _kl_normal_cases(rng(seed))

    def reference(case, differentiable=False):
        return torch.tensor(kl_normal(*case.args), dtype=torch.float64)

    def mistakes(case):
        return _kl_normal_mistakes(*case.args)

    result = run_check(fn, task=task, cases=cases, reference=reference, mistakes=mistakes, verbose=False)
    if result:  # 다음 칸이 값을 f"{값:.6f}"로 출력한다
        value, failure = call_student(fn, cases[0].args, task)
        if failure is None:  # CheckResult는 실패일 때 거짓이므로 `or`로 잇지 않는다
            failure = _unprintable(value, task)
        result = result if failure is None else failure
    return finish(result, {
        "wrong_value": "KL(p ‖ q) = log(std_q / std_p) + (std_p² + (mean_p - mean_q)²) / (2 · std_q²) - 1/2 의 "
                      "세 항을 하나씩 확인하세요. 두 분포가 같을 때 0이 나오는지 먼저 시험해 보면 좋습니다.",
        "not_finite": "표준편차는 양수입니다. log에 음수나 0이 들어가지 않았는지, 0으로 나누지 않았는지 확인하세요.",
        "wrong_type": "숫자 하나(float)를 return 하세요.",
        "not_scalar": "숫자 하나(float)를 return 하세요.",
    }, verbose)


def _kl_normal_cases(gen, count=4):
    """입력 묶음 count개. 참조 값과 실수 후보의 값들이 모두 서로 넉넉히 떨어진 입력만 쓴다 (_distinct).

    예를 들어 평균 차이가 크고 std_q가 작으면 KL이 수백이 되어, 상대 허용 오차가 두 실수(분자의 std_p, 뒤집힌 로그
    항)의 차이보다 커지고 같은 답이 시드에 따라 다른 실수로 진단된다.
    """
    cases = []
    while len(cases) < count:
        mean_p, mean_q = (8 * torch.rand(2, generator=gen, dtype=torch.float64) - 4).tolist()
        std_p, std_q = (0.3 + 2.2 * torch.rand(2, generator=gen, dtype=torch.float64)).tolist()
        args = (round(mean_p, 3), round(std_p, 3), round(mean_q, 3), round(std_q, 3))
        if _distinct(kl_normal(*args), _kl_normal_mistakes(*args)):
            label = f"입력 묶음 {len(cases) + 1}: N({args[0]}, {args[1]}²) ‖ N({args[2]}, {args[3]}²)"
            cases.append(Case(args, {}, label))
    return cases


def _kl_normal_mistakes(mp, sp, mq, sq):
    """흔한 실수와 그 실수가 낼 값: [(코드, 값, 힌트), ...]."""
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


# ---------------------------------------------------------------- 연습 3: 목표를 바꾸고 결과를 예측하기
def check_new_target(fn, seed=None, n=20_000, verbose=True):
    """연습 3: 새 목표 분포, 그 분포의 표본 함수, 학습 결과의 예측을 채점한다 (학습은 하지 않는다).

    fn() → ((목표 평균, 목표 표준편차), sampler, (예측 평균, 예측 표준편차)).
    sampler(n)은 새 목표에서 뽑은 (n, 1) float32 텐서를 돌려줘야 한다 (다음 칸에서 train_gan의 real_data로 쓴다:
    float64면 float32 판별자에서 오류가 난다). 예측은 '학습이 잘 끝난 생성자의 표본'의 평균과 표준편차다.
    seed: 표본 함수가 쓰는 전역 난수(torch, numpy, random)를 이 값으로 고정한다. None이면 새 무작위 표본.
    어느 쪽이든 채점이 끝나면 노트북의 난수 흐름을 채점 전으로 되돌린다.
    """
    def grade():
        with _student_rng(seed):
            return _check_new_target(fn, n)

    return report(grade, "함수가 ((평균, 표준편차), 표본 함수, (예측 평균, 예측 표준편차))를 돌려주는지 확인하세요.", verbose)


@contextlib.contextmanager
def _student_rng(seed):
    """학생의 함수는 전역 난수를 쓴다 (sample_real_1d, np.random.normal, random.gauss 등). seed가 있으면 셋 다 고정해
    판정이 늘 같게 하고, 끝나면 학생 노트북의 난수 흐름을 채점 전으로 되돌린다."""
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        with torch.random.fork_rng(devices=[]):
            if seed is not None:
                torch.manual_seed(seed)
                np.random.seed(seed)
                random.seed(seed)
            yield
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)


def _check_new_target(fn, n):
    task = "연습 3"
    value, failure = call_student(fn, (), task)
    if failure is not None:
        return failure
    shape_hint = "return (목표 평균, 목표 표준편차), 표본 함수, (예측 평균, 예측 표준편차) 처럼 세 가지를 돌려주세요."
    if value is None:
        return fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).", shape_hint)
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        return fail("wrong_structure", f"{task} 함수가 세 가지가 아니라 {type(value).__name__} 값을 돌려주었습니다.",
                    shape_hint)
    target, sampler, prediction = value
    pair = _pair(target)
    if pair is None or pair[1] <= 0:
        return fail("bad_target", f"목표 {target!r:.60}가 (평균, 양수 표준편차) 두 숫자가 아닙니다.",
                    "(평균, 표준편차)처럼 숫자 두 개의 튜플로 적으세요. 표준편차는 0보다 커야 합니다.")
    mean, std = pair
    if close(pair, DEFAULT_TARGET, rtol=0.0, atol=1e-9):
        return fail("unchanged_target", "목표가 기본값 N(4, 1.25²) 그대로입니다.",
                    "평균이나 표준편차를 다른 값으로 바꿔 보세요 (예: 평균을 음수로).")

    # (1) 표본 함수가 정말 새 목표에서 뽑는가
    if not callable(sampler):
        return fail("not_callable", f"두 번째 값이 함수가 아니라 {type(sampler).__name__}입니다.",
                    "표본 개수 n을 받아 (n, 1) 텐서를 돌려주는 함수를 넘기세요 (괄호 없이 함수 이름만).")
    samples, failure = call_student(sampler, (n,), "표본 함수")
    if failure is not None:
        return failure
    failure = _sample_shape_failure(samples, n)
    if failure is not None:
        return failure
    x = samples.detach().double().reshape(-1)
    if not torch.isfinite(x).all():
        return fail("not_finite", "표본 함수의 결과에 NaN이나 무한대가 있습니다.", "표준편차가 양수인지 확인하세요.")
    got_mean, got_std = x.mean().item(), x.std().item()
    if not _sampled_from(got_mean, got_std, mean, std):
        for (m, s), code, hint in (
            (DEFAULT_TARGET, "sampler_default",
             "표본 함수가 예전 목표 N(4, 1.25²)에서 뽑습니다. sample_real_1d(n, mean=..., std=...)에 새 평균과 "
             "표준편차를 넘기세요 (넘기지 않으면 기본값 4, 1.25가 쓰입니다)."),
            ((mean, std ** 2), "variance_as_std",
             "표준편차 자리에 분산(std²)이 들어갔습니다. sample_real_1d의 std에는 표준편차를 넘기세요."),
            ((0.0, 1.0), "standard_normal",
             "표본 함수가 표준정규분포 N(0, 1)에서 뽑습니다. torch.randn만 쓰지 말고 평균과 표준편차를 반영하세요."),
        ):
            if _sampled_from(got_mean, got_std, m, s):
                return fail(code, f"표본 함수의 표본이 목표 N({mean:g}, {std:g}²)와 다릅니다 "
                            f"(표본 평균 {got_mean:.3f}, 표본 표준편차 {got_std:.3f}).", hint)
        return fail("sampler_mismatch", f"표본 함수의 표본이 목표 N({mean:g}, {std:g}²)와 다릅니다 "
                    f"(표본 평균 {got_mean:.3f}, 표본 표준편차 {got_std:.3f}).",
                    "표본 함수가 목표로 적은 평균과 표준편차를 그대로 쓰는지 확인하세요.")

    # 다음 칸의 train_gan은 배치 크기만큼 뽑아 float32 판별자에 넣는다: 값이 맞아도 자료형과 개수가 맞아야 쓸 수 있다
    if samples.dtype != torch.float32:
        return fail("wrong_dtype", f"표본의 분포는 맞지만 자료형이 {samples.dtype}입니다. float32여야 합니다.",
                    "다음 칸의 train_gan은 이 표본을 float32 판별자에 넣으므로, float64면 'mat1 and mat2 must have the "
                    "same dtype' 오류가 납니다. torch.from_numpy(np.random.normal(...))은 float64이니 .float()를 붙이거나 "
                    "sample_real_1d를 쓰세요.")
    batch, failure = call_student(sampler, (SMALL_BATCH,), "표본 함수")
    if failure is not None:
        failure.note = f"표본 {n}개를 부탁했을 때는 실행되었는데 {SMALL_BATCH}개에서 오류가 났습니다."
        return failure
    failure = _sample_shape_failure(batch, SMALL_BATCH)
    if failure is not None:
        return rehint(failure, f"표본 {n}개를 부탁했을 때는 맞았는데 {SMALL_BATCH}개에서 달라졌습니다. 개수를 숫자로 "
                               "고정하지 말고 받은 n을 쓰세요 (다음 칸의 train_gan은 배치 크기만큼 부탁합니다).")

    # (2) 예측이 맞는가: 학습이 잘 끝나면 생성자 분포는 진짜 분포를 따라간다
    guess = _pair(prediction)
    if guess is None:
        return fail("bad_prediction", f"예측 {prediction!r:.60}가 (평균, 표준편차) 두 숫자가 아닙니다.",
                    "예측도 숫자 두 개의 튜플로 적으세요.")
    if _same_normal(guess, (mean, std)):
        return passed(f"새 목표 N({mean:g}, {std:g}²): 표본 함수가 그 분포에서 뽑고 "
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
        if _same_normal(guess, (m, s)) and not _same_normal((m, s), (mean, std)):
            return fail(code, f"예측 ({guess[0]:g}, {guess[1]:g})이(가) 맞지 않습니다.", hint)
    return fail("wrong_prediction", f"예측 ({guess[0]:g}, {guess[1]:g})이(가) 맞지 않습니다.",
                "판별자가 진짜와 가짜를 구분하지 못하게 되는 것(D(x) = 1/2)이 학습의 끝입니다. 그때 생성자 "
                "표본의 평균과 표준편차는 어떤 분포의 것과 같아질까요?")


def _sample_shape_failure(samples, n):
    """표본 함수의 결과가 (n, 1) 텐서인가."""
    if not isinstance(samples, torch.Tensor):
        return fail("not_tensor", f"표본 함수가 torch 텐서가 아니라 {type(samples).__name__}을(를) 돌려주었습니다.",
                    "train_gan에 진짜 데이터로 넘기려면 float32 torch 텐서여야 합니다. sample_real_1d를 쓰거나, numpy "
                    "배열이면 torch.from_numpy(배열).float()로 바꾸세요.")
    if samples.dim() == 2 and samples.shape[1] == 1 and samples.shape[0] != n:
        return fail("wrong_count", f"표본 {n}개를 부탁했더니 표본 함수가 {samples.shape[0]}개를 돌려주었습니다.",
                    "개수를 숫자로 고정하지 말고 받은 n을 쓰세요 (다음 칸의 train_gan은 배치 크기만큼 부탁합니다).")
    if tuple(samples.shape) != (n, 1):
        return fail("wrong_shape", f"표본 {n}개를 부탁했더니 표본 함수가 모양 {tuple(samples.shape)}의 텐서를 돌려주었습니다. "
                    f"({n}, 1)이어야 합니다.", "판별자는 (배치, 1) 모양을 받습니다. sample_real_1d가 그 모양을 돌려줍니다.")
    return None


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
            ok = _same_normal((mean, std), guess, tolerance)
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
        a, b = as_number(value[0]), as_number(value[1])
    except Exception:
        return None
    return None if a is None or b is None else (a, b)


def _same_normal(a, b, tolerance=0.05, mean_atol=None):
    """(평균, 표준편차) 두 쌍 a, b를 같은 정규분포로 볼 만큼 가까운가.

    표준편차는 b에 견준 상대 차이가 tolerance 이하, 평균은 차이가 mean_atol 이하여야 한다. mean_atol이 없으면
    b의 표준편차 × 2·tolerance: 평균의 차이는 분포의 폭에 견주어야 뜻이 있다.
    """
    (ma, sa), (mb, sb) = a, b
    if sa <= 0 or sb <= 0:
        return False
    if mean_atol is None:
        mean_atol = 2 * tolerance * sb
    return close(ma, mb, rtol=0, atol=mean_atol) and close(sa / sb, 1.0, rtol=0, atol=tolerance)


def _sampled_from(got_mean, got_std, mean, std):
    """표본 평균·표준편차가 N(mean, std²)에서 나온 것으로 볼 만한가 (표본 2만 개 기준으로 넉넉하게)."""
    return _same_normal((got_mean, got_std), (mean, std), mean_atol=0.05 * std + 1e-6)
