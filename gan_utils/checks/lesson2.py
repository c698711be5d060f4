"""2강(미니맥스 손실) 연습 채점기: 판별자 손실, 비포화 생성자 손실, 가치 함수 V, 최적 판별자 D*.

학생 함수는 판별자의 로짓(takes='logits') 또는 확률(takes='probs')을 받는다. 참조 답은 gan_utils.losses에서 오고,
흔한 실수(부호 반대, 포화형/비포화형 혼동, 레이블 뒤바뀜, 평균 대신 합, 시그모이드 누락이나 중복)는 그 실수가 낼
값을 미리 계산해 두었다가 학생의 값과 맞춰 보고 콕 집어 말한다.
"""
import math

import numpy as np
import torch

from ..losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .core import ATOL, RTOL, Case, batch_shapes, rng, run_check

# 알려진 실수 어디에도 맞지 않게 틀렸을 때 2강 채점기 넷이 함께 쓰는 힌트
GENERIC_HINT = ("문제의 식을 항 하나씩 다시 확인하세요: 어느 항에 log D가, 어느 항에 log(1 - D)가 들어가는지, "
                "부호와 평균은 맞는지.")
# 손실과 V의 결과가 NaN이나 무한대일 때: 입력의 확률은 0과 1 사이이므로 원인은 거의 늘 로짓에 곧바로 씌운 log다
LOG_NAN_HINT = ("log에 0 이하의 값이 들어가지 않았는지 보세요. 로짓(음수일 수 있음)에 곧바로 log를 씌우면 NaN이 됩니다.")


def _mean_log(p):
    return torch.log(p).mean()


# ---------------------------------------------------------------- 2강: 입력 묶음
def _draw_logits(gen, k):
    """k번째 입력 묶음의 판별자 로짓 (진짜, 가짜)와 이름표.

    첫 묶음은 로짓을 0~1 사이에서 뽑는다: 시그모이드를 빠뜨린 답도 NaN 없이 값을 내므로 그 실수를
    진단할 수 있다. 나머지는 진짜 로짓이 대체로 양수, 가짜 로짓이 대체로 음수인(판별자가 꽤 잘하는)
    일반적인 입력이고, 배치 크기가 서로 다르다.
    """
    if k == 0:
        real, fake = 0.55 + 0.4 * torch.rand(48, 1, generator=gen), 0.05 + 0.4 * torch.rand(48, 1, generator=gen)
    else:
        batch, center, spread = ((64, 1.5, 1.5), (32, 0.8, 2.0))[k - 1]
        real = (center + spread * torch.randn(batch, 1, generator=gen)).clamp(-6, 6)
        fake = (-center + spread * torch.randn(batch, 1, generator=gen)).clamp(-6, 6)
    return real, fake, f"입력 묶음 {k + 1}, 배치 {len(real)}"


def _logit_cases(seed, takes, reference, mistakes, two_inputs=True):
    """입력 묶음 세 개 (takes='probs'면 로짓 대신 확률을 넘긴다).

    묶음마다 참조 답과 흔한 실수들이 낼 값이 서로 뚜렷이 다를 때까지 다시 뽑는다: 두 실수의 값이 우연히 가까운
    입력에서는 같은 답이 seed에 따라 다른 실수로 진단되기 때문이다 (대개 한두 번 만에 된다).
    """
    if takes not in ("logits", "probs"):
        raise ValueError(f"takes는 'logits' 또는 'probs'여야 합니다 (받은 값: {takes!r}).")
    gen = rng(seed)
    cases = []
    for k in range(3):
        for _ in range(100):
            real, fake, label = _draw_logits(gen, k)
            logits = (real, fake) if two_inputs else (fake,)
            args = logits if takes == "logits" else tuple(torch.sigmoid(a) for a in logits)
            case = Case(args, {"logits": tuple(a.double() for a in logits), "takes": takes}, label)
            if _well_separated(reference(case), mistakes(case)):
                break
        cases.append(case)
    return cases


def _well_separated(expected, mistakes):
    """참조 답과 실수들의 값(모두 스칼라)이 같은 코드끼리 말고는 서로 허용 오차의 열 배 넘게 떨어져 있는가."""
    codes = np.array(["ok"] + [code for code, _, _ in mistakes])
    values = np.array([float(expected)] + [float(value) for _, value, _ in mistakes])
    gap = np.abs(values[:, None] - values[None, :])
    tol = 10 * (ATOL + RTOL * np.maximum(np.abs(values)[:, None], np.abs(values)[None, :]))
    return bool(np.all((gap > tol) | (codes[:, None] == codes[None, :]) | ~np.isfinite(gap)))


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
             "두 BCE의 합을 2로 나눴거나 진짜와 가짜를 한 배치로 이어 붙여 평균을 내서 값이 정답의 약 절반입니다. 이 강의의 판별자 손실은 "
             "진짜 항의 평균과 가짜 항의 평균을 더한 값(BCE 두 개의 합)입니다."),
            ("missing_term", -_mean_log(d_real), "가짜 표본 항이 빠졌습니다. 판별자 손실은 진짜 항과 가짜 항, "
                                                 "BCE 두 개의 합입니다."),
            ("missing_term", -_mean_log(1 - d_fake), "진짜 표본 항이 빠졌습니다. 판별자 손실은 진짜 항과 가짜 항, "
                                                     "BCE 두 개의 합입니다."),
        ] + _sigmoid_mistakes(case, formula)

    cases = _logit_cases(seed, takes, reference, mistakes)
    return run_check(fn, task="판별자 손실", cases=cases, reference=reference, mistakes=mistakes,
                     require_tensor=True, per_sample_shapes=batch_shapes, check_grad=True,
                     wrong_value_hint=GENERIC_HINT, not_finite_hint=LOG_NAN_HINT, verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 2: 비포화 생성자 손실
def check_generator_loss(fn, takes="logits", seed=None, verbose=True):
    """연습: 비포화(non-saturating) 생성자 손실 -E[log D(G(z))] 채점.

    fn(fake) → 스칼라 텐서. fake는 가짜 표본에 대한 판별자 로짓 (takes='logits') 또는 확률 (takes='probs').
    참조: gan_utils.losses.generator_loss(fake_logits, 'non_saturating').
    """
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

    cases = _logit_cases(seed, takes, reference, mistakes, two_inputs=False)
    return run_check(fn, task="비포화 생성자 손실", cases=cases, reference=reference, mistakes=mistakes,
                     require_tensor=True, per_sample_shapes=batch_shapes, check_grad=True,
                     wrong_value_hint=GENERIC_HINT, not_finite_hint=LOG_NAN_HINT, verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 3: 가치 함수 V
def check_value_function(fn, takes="probs", seed=None, verbose=True):
    """연습: 가치 함수 V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))]의 배치 추정 채점.

    fn(d_real, d_fake) → 스칼라. 기본(takes='probs')은 확률 D(x), D(G(z)) (B, 1)를 받는다.
    텐서가 아닌 float을 돌려줘도 값만 맞으면 통과. 참조: gan_utils.losses.value_function.
    """
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

    cases = _logit_cases(seed, takes, reference, mistakes)
    return run_check(fn, task="가치 함수 V", cases=cases, reference=reference, mistakes=mistakes,
                     per_sample_shapes=batch_shapes, wrong_value_hint=GENERIC_HINT, not_finite_hint=LOG_NAN_HINT,
                     verbose=verbose)


# ---------------------------------------------------------------- 2강 연습 4: 최적 판별자 D*
# 두 밀도에 더하는 바닥값. 밀도가 아주 작은 칸이 없어야, 분모에 1e-8 같은 작은 값을 더하는 흔한 (맞는) 습관이
# 입력에 따라 통과하기도 하고 떨어지기도 하는 일이 없다 (분모가 늘 2e-3 이상이라 1e-6까지는 값이 거의 그대로다).
DENSITY_FLOOR = 1e-3
D_STAR_HINT = ("D*(x) = p_data(x) / (p_data(x) + p_g(x))를 원소마다 계산하세요: 분자는 진짜 데이터의 밀도, 분모는 두 밀도의 "
               "합입니다. 평균이나 합을 내지 말고, 결과가 0과 1 사이에 있는지 확인하세요.")


def check_optimal_discriminator(fn, seed=None, verbose=True):
    """연습: 최적 판별자 D*(x) = p_data(x) / (p_data(x) + p_g(x)) 채점.

    fn(p_data, p_g) → p_data와 같은 모양의 텐서(또는 배열). p_data, p_g는 격자 위의 밀도 값 (N,).
    참조: gan_utils.losses.optimal_discriminator.
    """
    gen = rng(seed)
    cases = []
    for n, label in ((200, "입력 묶음 1, 격자 200칸"), (150, "입력 묶음 2, 격자 150칸")):
        x = torch.linspace(-4.0, 8.0, n, dtype=torch.float64)
        m_data, m_g = 2.0 + 2.0 * torch.rand(2, generator=gen, dtype=torch.float64)  # 서로 다른 평균
        s_data, s_g = 0.6 + torch.rand(2, generator=gen, dtype=torch.float64)
        p_data = torch.exp(-0.5 * ((x - m_data) / s_data) ** 2) / (s_data * math.sqrt(2 * math.pi)) + DENSITY_FLOOR
        p_g = torch.exp(-0.5 * ((x - (m_g - 1.5)) / s_g) ** 2) / (s_g * math.sqrt(2 * math.pi)) + DENSITY_FLOOR
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
            ("inverted", (p_data + p_g) / p_data, "분자와 분모가 뒤집혔습니다. 분자가 p_data, 분모가 p_data + p_g여야 "
                                                  "0과 1 사이의 확률이 됩니다."),
            ("missing_parentheses", p_data / p_data + p_g, "괄호가 빠졌습니다. 나눗셈이 덧셈보다 먼저 계산되므로 "
                                                           "분모 전체를 괄호로 묶으세요."),
            ("thresholded", (p_data > p_g).double(), "0과 1로 딱 잘라 판정했습니다. D*(x)는 판정이 아니라 x가 진짜일 "
                                                     "확률이라서 0과 1 사이의 값을 그대로 가집니다: 비교(>) 대신 나눗셈으로 "
                                                     "계산하세요."),
        ]

    return run_check(fn, task="최적 판별자 D*", cases=cases, reference=reference, mistakes=mistakes,
                     expected_shape=lambda case: tuple(case.args[0].shape), wrong_value_hint=D_STAR_HINT,
                     not_finite_hint="0으로 나누지 않았는지 보세요. 두 밀도는 모두 양수라서 분모 p_data + p_g는 0이 될 수 "
                                     "없습니다: 분모에 빼기나 다른 식이 들어가지 않았는지 확인하세요.",
                     verbose=verbose)
