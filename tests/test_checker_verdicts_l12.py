"""1·2강 채점기의 판정이 운에 기대지 않는지: 답마다 seed 50개로 채점해 판정(통과 여부와 code)이 늘 같은지 본다.

표 하나에 채점기마다 정답(여러 방식: torch와 numpy, float32와 float64, 작은 eps를 더한 것)과 흔한 오답(그 실수의
code와, 힌트에 꼭 있어야 할 한국어 문구), 입력을 제자리에서 바꾸는 답, 덜 쓴 답(예외, None, 틀린 자료형)을 적는다.
정답은 50번 모두 통과하고, 오답은 50번 모두 같은 code와 그 실수에 맞는 힌트로 떨어져야 한다. 새 난수를 뽑는 오답은
전역 난수를 고정하지 않고 그대로 둔다: 그 난수가 무엇이든 판정이 같아야 하기 때문이다.
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from conftest import run_checker
from gan_utils.checks import (check_counterfeiter_step, check_discriminator_loss, check_generator_loss,
                              check_optimal_discriminator, check_police_accuracy, check_police_batch,
                              check_value_function)
from gan_utils.checks.core import PASS_TEXT

SEEDS = range(50)
OK = "ok"


def raises(*args):
    raise RuntimeError("학생 코드 안의 오류")


def returns_none(*args):
    return None


def not_implemented(*args):
    raise NotImplementedError


BROKEN = [  # 어느 채점기에든 넣는 덜 쓴 답: 채점기가 멈추지 않고 설명해야 한다
    (not_implemented, "not_implemented", "NotImplementedError"),
    (raises, "exception", "RuntimeError"),
    (returns_none, "returned_none", "return"),
]


# ================================================================ 1강 연습 1: 경찰의 학습 배치
def batch_ones_like(real, fake):
    return torch.cat([real, fake]), torch.cat([torch.ones_like(real), torch.zeros_like(fake)])


def batch_by_size(real, fake):
    labels = torch.zeros(len(real) + len(fake), 1)
    labels[:len(real)] = 1.0
    return torch.cat([real, fake], dim=0), labels


def batch_float64(real, fake):
    return (torch.vstack([real, fake]).double(),
            torch.tensor([[1.0]] * len(real) + [[0.0]] * len(fake), dtype=torch.float64))


def batch_numpy_built(real, fake):
    inputs = np.concatenate([real.numpy(), fake.numpy()])
    labels = np.r_[np.ones(len(real)), np.zeros(len(fake))].reshape(-1, 1).astype(np.float32)
    return torch.from_numpy(inputs), torch.from_numpy(labels)


def batch_scales_real_in_place(real, fake):
    real /= real.abs().max()  # 제자리에서 바꾸면 함수 밖의 진짜 배치까지 바뀐다
    return batch_ones_like(real, fake)


def batch_zeroes_fake_in_place(real, fake):
    inputs = torch.cat([real, fake])
    labels = torch.cat([torch.ones_like(real), fake.zero_()])  # 레이블을 만든다며 위폐 배치를 0으로 덮어씀
    return inputs, labels


POLICE_BATCH = [
    (batch_ones_like, OK, PASS_TEXT),
    (batch_by_size, OK, PASS_TEXT),
    (batch_float64, OK, PASS_TEXT),
    (batch_numpy_built, OK, PASS_TEXT),
    (lambda r, f: list(batch_ones_like(r, f)), OK, PASS_TEXT),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.zeros_like(r), torch.ones_like(f)])), "labels_swapped", "뒤바뀌었"),
    (lambda r, f: (torch.cat([r, f]), torch.ones(len(r) + len(f), 1)), "all_ones", "위조범(생성자) 단계"),
    (lambda r, f: (torch.cat([r, f]), torch.zeros(len(r) + len(f), 1)), "all_zeros", "진짜 지폐에도 레이블 0"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones(len(r)), torch.zeros(len(f))])), "label_shape", "BCE"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones(64, 1), torch.zeros(64, 1)])), "label_count", "숫자로"),
    (lambda r, f: (torch.cat([r, f]), torch.ones_like(r)), "missing_labels", "각각 만든 뒤"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones_like(r), torch.zeros_like(f)]).long()), "labels_not_float",
     "실수"),
    (lambda r, f: (torch.cat([f, r]), torch.cat([torch.zeros_like(f), torch.ones_like(r)])), "order", "위폐가 먼저"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.zeros_like(f), torch.ones_like(r)])), "labels_misaligned",
     "같은 줄"),
    (lambda r, f: (torch.stack([r, f]), torch.stack([torch.ones_like(r), torch.zeros_like(f)])), "stacked",
     "torch.cat으로"),
    (lambda r, f: ([r, f], torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "not_concatenated", "torch.cat"),
    (lambda r, f: (torch.cat([r, f]).ravel(), torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "inputs_shape",
     "(B_진짜 + B_위폐, 1)"),
    (lambda r, f: (torch.cat([r, f * 0]), torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "wrong_inputs",
     "그대로 이어 붙이기만"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.full_like(r, 0.9), torch.zeros_like(f)])), "smoothed", "0.9"),
    (lambda r, f: (torch.cat([r, f]), torch.cat([torch.ones_like(r), torch.full_like(f, 0.5)])), "wrong_labels",
     "평균 0.500"),
    (batch_scales_real_in_place, "mutated_input", "`real`"),
    (batch_zeroes_fake_in_place, "mutated_input", "`fake`"),
    (lambda r, f: torch.cat([r, f]), "not_pair", "두 값"),
    (lambda r, f: (r.numpy(), f.numpy()), "not_tensor", "ndarray"),
    (lambda r, f: (torch.cat([r, f]), torch.ones(3) + torch.ones(2)), "exception", "모양"),
    (lambda r, f: (torch.cat([r, f], dim=1), torch.cat([torch.ones_like(r), torch.zeros_like(f)])), "exception",
     "0번 축"),
] + BROKEN


# ================================================================ 1강 연습 2: 경찰의 정확도
def accuracy_mean(d_real, d_fake):
    return ((d_real >= 0.5).float().mean() + (d_fake < 0.5).float().mean()) / 2


def accuracy_notebook(d_real, d_fake):
    return torch.cat([(d_real >= 0.5).float(), (d_fake < 0.5).float()]).mean().item()


def accuracy_count_strict(d_real, d_fake):
    correct = (d_real > 0.5).sum() + (d_fake <= 0.5).sum()  # >로 판정해도 0.5와 같은 값이 없어 같은 답
    return correct / (len(d_real) + len(d_fake))


def accuracy_numpy(d_real, d_fake):
    says_real = np.concatenate([d_real.numpy().ravel(), d_fake.numpy().ravel()]) >= 0.5
    truth = np.r_[np.ones(len(d_real)), np.zeros(len(d_fake))]
    return np.mean(says_real == truth)


def accuracy_round_float64(d_real, d_fake):
    right = torch.cat([d_real.double().round() == 1, d_fake.double().round() == 0])
    return right.double().mean()


def accuracy_rounds_in_place(d_real, d_fake):
    d_real.round_()  # 제자리 반올림: 함수 밖의 판정 확률이 0과 1로 바뀐다
    d_fake.round_()
    return ((d_real == 1).float().mean() + (d_fake == 0).float().mean()) / 2


POLICE_ACCURACY = [
    (accuracy_mean, OK, PASS_TEXT),
    (accuracy_notebook, OK, PASS_TEXT),
    (accuracy_count_strict, OK, PASS_TEXT),
    (accuracy_numpy, OK, PASS_TEXT),
    (accuracy_round_float64, OK, PASS_TEXT),
    (lambda r, f: ((r > 0.5).float().mean() + (f > 0.5).float().mean()) / 2, "fake_side_flipped", "거꾸로"),
    (lambda r, f: (r >= 0.5).float().mean(), "real_only", "진짜 지폐 쪽만"),
    (lambda r, f: (f < 0.5).float().mean(), "fake_only", "위폐 쪽만"),
    (lambda r, f: 1 - accuracy_mean(r, f), "error_rate", "틀린 비율"),
    (lambda r, f: 1.0 if r >= 0.5 else 0.0, "exception", "if, and/or"),  # 원소가 여럿인 비교를 참/거짓 하나로: bool .mean() 힌트가 아니다
    (lambda r, f: (r >= 0.5).float().mean() + (f < 0.5).float().mean(), "not_averaged", "한쪽 지폐 수(B)"),
    (lambda r, f: (r >= 0.5).sum() + (f < 0.5).sum(), "count_not_fraction", "개수"),
    (lambda r, f: 100 * accuracy_mean(r, f), "percent", "백분율"),
    (lambda r, f: (r.mean() + (1 - f).mean()) / 2, "no_threshold", "0.5를 기준으로"),
    (lambda r, f: ((r >= 0.5).mean() + (f < 0.5).mean()) / 2, "exception", ".float()"),
    (lambda r, f: torch.cat([r >= 0.5, f < 0.5]).float(), "not_reduced", "비율 하나로"),
    (lambda r, f: (r >= 0.6).float().mean() / 2 + (f < 0.4).float().mean() / 2, "wrong_value", "D ≥ 0.5"),
    (lambda r, f: ((r >= 0.5).sum() + (f < 0.5).sum()) / (len(r) - len(f)), "not_finite", "0으로 나누"),
    (accuracy_rounds_in_place, "mutated_input", "`d_real`"),
    (lambda r, f: (0.5, 0.5), "wrong_type", "숫자 하나"),
    (lambda r: 0.5, "wrong_signature", "인자 개수"),
] + BROKEN


# ================================================================ 1강 연습 3: 위조범의 한 걸음
def step_loop(fake_mean, fake_std, eps, police, step):
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    scores = [police(c + fake_std * eps).mean() for c in candidates]
    return candidates[int(np.argmax(scores))]


def step_outer(fake_mean, fake_std, eps, police, step):
    candidates = fake_mean + np.array([-step, 0.0, step])
    scores = police(np.add.outer(candidates, fake_std * eps)).mean(axis=1)  # 세 후보를 한 번에
    return candidates[scores.argmax()]


def step_log_sum(fake_mean, fake_std, eps, police, step):
    # 시뮬레이션처럼 평균 log D로 골라도, 평균 대신 합으로 골라도 같은 후보
    best = max((fake_mean - step, fake_mean, fake_mean + step),
               key=lambda c: np.log(police(c + fake_std * eps)).sum())
    return np.float64(best)


def step_torch_float32(fake_mean, fake_std, eps, police, step):
    noise = torch.from_numpy(eps).float() * fake_std
    candidates = torch.tensor([fake_mean - step, fake_mean, fake_mean + step])
    scores = torch.stack([torch.as_tensor(police((c + noise).numpy())).mean() for c in candidates])
    return candidates[scores.argmax()]


def step_per_note(fake_mean, fake_std, eps, police, step):
    def score(c):  # 위폐 한 장씩 police에 넣어 평균 (느리지만 맞다)
        return sum(float(police(c + fake_std * e)) for e in eps) / len(eps)
    return max((fake_mean - step, fake_mean, fake_mean + step), key=score)


def step_also_looks_at_the_means(fake_mean, fake_std, eps, police, step):
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    at_means = police(np.array(candidates))  # 확인용으로 police를 더 불러도 (평균 자리의 판정) 답이 맞으면 통과
    assert at_means.shape == (3,)
    return step_loop(fake_mean, fake_std, eps, police, step)


def step_argmin(fake_mean, fake_std, eps, police, step):
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmin([police(c + fake_std * eps).mean() for c in candidates]))]


def step_no_stay(fake_mean, fake_std, eps, police, step):
    left = police(fake_mean - step + fake_std * eps).mean()
    right = police(fake_mean + step + fake_std * eps).mean()
    return fake_mean + step if right > left else fake_mean - step


def step_returns_score(fake_mean, fake_std, eps, police, step):
    return max(police(c + fake_std * eps).mean() for c in (fake_mean - step, fake_mean, fake_mean + step))


def step_with_noise(make_noise):
    """후보마다 위폐를 make_noise(fake_std, eps)로 만드는 답 (위폐를 잘못 만드는 실수들)."""
    def fn(fake_mean, fake_std, eps, police, step):
        candidates = [fake_mean - step, fake_mean, fake_mean + step]
        scores = [police(c + make_noise(fake_std, eps)).mean() for c in candidates]
        return candidates[int(np.argmax(scores))]
    return fn


def step_one_fresh_draw(fake_mean, fake_std, eps, police, step):
    noise = fake_std * np.random.standard_normal(eps.shape)  # 세 후보에 같은 새 난수: 받은 eps는 안 씀
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmax([police(c + noise).mean() for c in candidates]))]


def step_wrong_formula(fake_mean, fake_std, eps, police, step):
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmax([police(fake_std * (c + eps)).mean() for c in candidates]))]


def step_scales_eps_in_place(fake_mean, fake_std, eps, police, step):
    eps *= fake_std  # 값은 맞지만 함수 밖의 eps가 줄어든다 (다음 칸은 같은 eps를 11라운드 동안 다시 쓴다)
    candidates = [fake_mean - step, fake_mean, fake_mean + step]
    return candidates[int(np.argmax([police(c + eps).mean() for c in candidates]))]


def step_sorts_eps_in_place(fake_mean, fake_std, eps, police, step):
    eps.sort()  # 평균 판정은 순서와 상관없지만 함수 밖의 eps 순서가 바뀐다
    return step_loop(fake_mean, fake_std, eps, police, step)


COUNTERFEITER_STEP = [
    (step_loop, OK, PASS_TEXT),
    (step_outer, OK, PASS_TEXT),
    (step_log_sum, OK, PASS_TEXT),
    (step_torch_float32, OK, PASS_TEXT),
    (step_per_note, OK, PASS_TEXT),
    (step_also_looks_at_the_means, OK, PASS_TEXT),
    (step_argmin, "wrong_direction", "가장 낮은 쪽"),
    (step_no_stay, "no_stay", "입력 묶음 3"),
    (step_returns_score, "returned_score", "새 평균"),
    (lambda m, s, e, p, st: step_loop(m, s, e, p, st) - m, "returned_change", "옮긴 양"),
    (step_with_noise(lambda s, e: e), "no_std", "fake_std를 곱하지"),
    (step_with_noise(lambda s, e: 0.0), "point", "후보 평균 자리 하나"),
    (step_with_noise(lambda s, e: s * np.random.randn(len(e))), "fresh_noise", "새 난수"),
    (step_with_noise(lambda s, e: s * torch.randn(len(e), dtype=torch.float64).numpy()), "fresh_noise", "새 난수"),
    (step_with_noise(lambda s, e: s * np.random.randn(200)), "fresh_noise", "새 난수"),
    (step_one_fresh_draw, "fresh_noise", "새 난수"),
    (step_with_noise(lambda s, e: s * np.random.default_rng(0).standard_normal(len(e))), "x_not_from_eps",
     "받은 eps로"),
    (step_wrong_formula, "x_not_from_eps", "후보 + fake_std · eps"),
    (step_scales_eps_in_place, "mutated_input", "`eps`"),
    (step_sorts_eps_in_place, "mutated_input", "라운드마다"),
    (lambda m, s, e, p, st: m + st / 2, "wrong_value", "입력 묶음 1"),
    (lambda m, s, e, p, st: p(m + s * e), "not_scalar", "평균을 내서"),
    (lambda m, s, e, p, st: (m + st, s), "wrong_type", "숫자 하나"),
    (lambda m, s, e, p, st: p(m + s * e).mean() + undefined_name, "exception", "'undefined_name'"),  # noqa: F821
    (lambda m, s, e, p: m, "wrong_signature", "인자 개수"),
] + BROKEN


# ================================================================ 2강 연습 1·2: 판별자 손실과 비포화 생성자 손실
def d_loss_bce_logits(real_logits, fake_logits):
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def d_loss_softplus_float64(real_logits, fake_logits):
    return F.softplus(-real_logits.double()).mean() + F.softplus(fake_logits.double()).mean()


def d_loss_by_hand_eps(real_logits, fake_logits):
    d_real, d_fake = torch.sigmoid(real_logits), torch.sigmoid(fake_logits)
    return -(torch.log(d_real + 1e-8).mean() + torch.log(1 - d_fake + 1e-8).mean())


def d_loss_probs(d_real, d_fake):
    bce = nn.BCELoss()
    return bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))


def d_loss_probs_clamped(d_real, d_fake):
    d_real, d_fake = d_real.clamp(1e-7, 1 - 1e-7), d_fake.clamp(1e-7, 1 - 1e-7)
    return -(torch.log(d_real).mean() + torch.log(1 - d_fake).mean())


def d_loss_sigmoid_in_place(real_logits, fake_logits):
    real_logits.sigmoid_()  # 제자리 시그모이드: 함수 밖의 로짓이 확률로 바뀐다
    fake_logits.sigmoid_()
    return -(torch.log(real_logits).mean() + torch.log(1 - fake_logits).mean())


bce_probs = nn.BCELoss()
DISCRIMINATOR_LOSS = [
    (d_loss_bce_logits, {}, OK, PASS_TEXT),
    (lambda r, f: nn.BCEWithLogitsLoss()(torch.cat([r, f]), torch.cat([torch.ones_like(r), torch.zeros_like(f)])) * 2,
     {}, OK, PASS_TEXT),  # 이어 붙인 평균의 두 배: 진짜와 가짜의 배치 크기가 같아서(노트북도 같다) 맞는 답
    (d_loss_softplus_float64, {}, OK, PASS_TEXT),
    (d_loss_by_hand_eps, {}, OK, PASS_TEXT),
    (d_loss_probs, {"takes": "probs"}, OK, PASS_TEXT),
    (d_loss_probs_clamped, {"takes": "probs"}, OK, PASS_TEXT),
    (lambda r, f: -d_loss_bce_logits(r, f), {}, "wrong_sign", "부호가 반대"),
    (lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.zeros_like(r))
                   + F.binary_cross_entropy_with_logits(f, torch.ones_like(f))), {}, "labels_swapped", "뒤바뀌었"),
    (lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.ones_like(r))
                   + F.binary_cross_entropy_with_logits(f, torch.ones_like(f))), {}, "wrong_label", "가짜 표본에도 레이블 1"),
    (lambda r, f: bce_probs(r, torch.ones_like(r)) + bce_probs(f, torch.zeros_like(f)), {}, "missing_sigmoid",
     "시그모이드를 씌우지 않고"),
    (lambda r, f: d_loss_bce_logits(torch.sigmoid(r), torch.sigmoid(f)), {}, "double_sigmoid", "두 번"),
    (d_loss_bce_logits, {"takes": "probs"}, "double_sigmoid", "이미 확률"),
    (lambda r, f: (F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="sum")
                   + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f), reduction="sum")), {}, "sum_not_mean",
     "평균 대신 합"),
    (lambda r, f: F.binary_cross_entropy_with_logits(torch.cat([r, f]),
                                                     torch.cat([torch.ones_like(r), torch.zeros_like(f)])),
     {}, "concat_mean", "절반"),
    (lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones_like(r)), {}, "missing_term", "가짜 표본 항"),
    (lambda r, f: F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)), {}, "missing_term", "진짜 표본 항"),
    (lambda r, f: d_loss_bce_logits(r, f).item(), {}, "not_tensor", "backward"),
    (lambda r, f: d_loss_bce_logits(r, f).detach(), {}, "no_grad", "기울기"),
    (lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="none")
     + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f), reduction="none"), {}, "not_reduced", ".mean()"),
    (lambda r, f: -(torch.log(r).mean() + torch.log(1 - f).mean()), {"takes": "logits"}, "missing_sigmoid",
     "시그모이드를 씌우지 않고"),
    (d_loss_sigmoid_in_place, {}, "mutated_input", "`real_logits`"),
    (lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones(48, 1))
     + F.binary_cross_entropy_with_logits(f, torch.zeros(48, 1)), {}, "exception", "배치 크기"),
    (lambda r, f: nn.BCELoss()(torch.sigmoid(r), torch.ones(len(r), 1, dtype=torch.float64))
     + nn.BCELoss()(torch.sigmoid(f), torch.zeros_like(f)), {}, "exception", "자료형"),
] + [(fn, {}, code, phrase) for fn, code, phrase in BROKEN]


def g_loss_bce(fake_logits):
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


GENERATOR_LOSS = [
    (g_loss_bce, {}, OK, PASS_TEXT),
    (lambda f: -F.logsigmoid(f).mean(), {}, OK, PASS_TEXT),
    (lambda f: F.softplus(-f.double()).mean(), {}, OK, PASS_TEXT),
    (lambda f: -torch.log(torch.sigmoid(f) + 1e-8).mean(), {}, OK, PASS_TEXT),
    (lambda d: -torch.log(d).mean(), {"takes": "probs"}, OK, PASS_TEXT),
    (lambda d: nn.BCELoss()(d, torch.ones_like(d)), {"takes": "probs"}, OK, PASS_TEXT),
    (lambda f: torch.log(1 - torch.sigmoid(f)).mean(), {}, "saturating", "포화형"),
    (lambda f: F.logsigmoid(f).mean(), {}, "wrong_sign", "부호가 반대"),
    (lambda f: F.binary_cross_entropy_with_logits(f, torch.zeros_like(f)), {}, "labels_swapped", "판별자의 목표"),
    (lambda f: -torch.log(f).mean(), {}, "missing_sigmoid", "시그모이드를 씌우지 않고"),
    (lambda f: -F.logsigmoid(f).sum(), {}, "sum_not_mean", "평균 대신 합"),
    (lambda d: g_loss_bce(d), {"takes": "probs"}, "double_sigmoid", "이미 확률"),
    (lambda f: -F.logsigmoid(f), {}, "not_reduced", ".mean()"),
    (lambda f: nn.BCELoss()(f, torch.ones_like(f)), {}, "missing_sigmoid", "시그모이드를 씌우지 않고"),
    (lambda f: -F.logsigmoid(f.neg_()).mean(), {}, "mutated_input", "`f`"),
    (lambda f: g_loss_bce(f).item(), {}, "not_tensor", "backward"),
] + [(fn, {}, code, phrase) for fn, code, phrase in BROKEN]


# ================================================================ 2강 연습 3·4: 가치 함수 V와 최적 판별자 D*
def v_probs(d_real, d_fake):
    return torch.log(d_real).mean() + torch.log(1 - d_fake).mean()


def v_log_in_place(d_real, d_fake):
    d_real.log_()  # 제자리 log: 함수 밖의 확률이 log 값으로 바뀐다
    return d_real.mean() + torch.log(1 - d_fake).mean()


VALUE_FUNCTION = [
    (v_probs, {}, OK, PASS_TEXT),
    (lambda r, f: float(np.log(r.numpy()).mean() + np.log(1 - f.numpy()).mean()), {}, OK, PASS_TEXT),
    (lambda r, f: (torch.log(r.double() + 1e-8).mean() + torch.log(1 - f.double() + 1e-8).mean()).item(), {}, OK,
     PASS_TEXT),
    (lambda r, f: -(nn.BCELoss()(r, torch.ones_like(r)) + nn.BCELoss()(f, torch.zeros_like(f))), {}, OK, PASS_TEXT),
    (lambda r, f: v_probs(torch.sigmoid(r), torch.sigmoid(f)), {"takes": "logits"}, OK, PASS_TEXT),
    (lambda r, f: -v_probs(r, f), {}, "wrong_sign", "판별자 손실 -V"),
    (lambda r, f: torch.log(1 - r).mean() + torch.log(f).mean(), {}, "terms_swapped", "두 항이 뒤바뀌었"),
    (lambda r, f: r.mean() + (1 - f).mean(), {}, "missing_log", "log가 빠졌"),
    (lambda r, f: torch.log(r).sum() + torch.log(1 - f).sum(), {}, "sum_not_mean", "평균 대신 합"),
    (lambda r, f: torch.log(r).mean(), {}, "missing_term", "가짜 표본 항"),
    (lambda r, f: v_probs(torch.sigmoid(r), torch.sigmoid(f)), {}, "double_sigmoid", "이미 확률"),
    (v_probs, {"takes": "logits"}, "missing_sigmoid", "시그모이드를 씌우지 않고"),
    (lambda r, f: torch.stack([torch.log(r).mean(), torch.log(1 - f).mean()]), {}, "not_scalar", "스칼라"),
    (v_log_in_place, {}, "mutated_input", "`d_real`"),
    (lambda r, f: torch.log(r).mean() + torch.log(f - 1).mean(), {}, "not_finite", "log에 0 이하"),
] + [(fn, {}, code, phrase) for fn, code, phrase in BROKEN]


def d_star_divides_in_place(p_data, p_g):
    p_data /= p_data + p_g  # 값은 맞지만 함수 밖의 p_data가 D*로 바뀐다
    return p_data


OPTIMAL_DISCRIMINATOR = [
    (lambda p, q: p / (p + q), {}, OK, PASS_TEXT),
    (lambda p, q: (p / (p + q)).numpy(), {}, OK, PASS_TEXT),
    (lambda p, q: p / (p + q + 1e-8), {}, OK, PASS_TEXT),
    (lambda p, q: p / (p + q + 1e-12), {}, OK, PASS_TEXT),
    (lambda p, q: p.float() / (p.float() + q.float()), {}, OK, PASS_TEXT),
    (lambda p, q: 1 / (1 + q / p), {}, OK, PASS_TEXT),
    (lambda p, q: np.divide(p.numpy(), p.numpy() + q.numpy() + 1e-8).astype(np.float32), {}, OK, PASS_TEXT),
    (lambda p, q: q / (p + q), {}, "swapped", "분자"),
    (lambda p, q: 1 - p / (p + q), {}, "swapped", "분자"),
    (lambda p, q: p / q, {}, "ratio", "분모"),
    (lambda p, q: (p + q) / p, {}, "inverted", "뒤집혔"),
    (lambda p, q: p / p + q, {}, "missing_parentheses", "괄호"),
    (lambda p, q: (p > q).float(), {}, "thresholded", "0과 1로 딱 잘라"),
    (lambda p, q: p / (p + q + 1), {}, "wrong_value", "가장 크게 다른"),
    (lambda p, q: (p / (p + q)).mean(), {}, "wrong_shape", "모양"),
    (lambda p, q: p / (p - p), {}, "not_finite", "0으로 나누"),
    (d_star_divides_in_place, {}, "mutated_input", "`p_data`"),
    (lambda p, q: (p / (p + q)).tolist(), {}, "wrong_type", "list"),
] + [(fn, {}, code, phrase) for fn, code, phrase in BROKEN]

TABLE = ([(check_police_batch, fn, {}, code, phrase) for fn, code, phrase in POLICE_BATCH]
         + [(check_police_accuracy, fn, {}, code, phrase) for fn, code, phrase in POLICE_ACCURACY]
         + [(check_counterfeiter_step, fn, {}, code, phrase) for fn, code, phrase in COUNTERFEITER_STEP]
         + [(check_discriminator_loss, *row) for row in DISCRIMINATOR_LOSS]
         + [(check_generator_loss, *row) for row in GENERATOR_LOSS]
         + [(check_value_function, *row) for row in VALUE_FUNCTION]
         + [(check_optimal_discriminator, *row) for row in OPTIMAL_DISCRIMINATOR])


def _id(row):
    checker, fn, kwargs, code, _ = row
    name = getattr(fn, "__name__", "")
    name = "" if name == "<lambda>" else name
    return f"{checker.__name__.removeprefix('check_')}-{code}-{name}{kwargs.get('takes', '')}"


@pytest.mark.parametrize("checker, fn, kwargs, code, phrase", TABLE, ids=[f"{i}-{_id(r)}" for i, r in enumerate(TABLE)])
def test_verdict_is_the_same_for_every_seed(checker, fn, kwargs, code, phrase):
    codes = {}
    for seed in SEEDS:
        result = run_checker(checker, fn, seed=seed, **kwargs)
        codes.setdefault(result.code, seed)
        assert result.passed == (code == OK), (seed, result.message)
        assert phrase in result.message, (seed, result.message)
        if code != OK:
            assert "힌트:" in result.message, result.message
    assert set(codes) == {code}, f"seed마다 판정이 다릅니다: {codes} (처음 나온 seed)"


def test_table_covers_every_lesson1_and_lesson2_checker_with_right_and_wrong_answers():
    """표가 빠짐없는지: 채점기마다 정답 여러 방식, 오답 여러 가지, 입력을 바꾸는 답, 덜 쓴 답이 있다."""
    for checker in (check_police_batch, check_police_accuracy, check_counterfeiter_step, check_discriminator_loss,
                    check_generator_loss, check_value_function, check_optimal_discriminator):
        codes = [row[3] for row in TABLE if row[0] is checker]
        assert codes.count(OK) >= 3, checker.__name__
        assert {"mutated_input", "exception", "returned_none", "not_implemented"} <= set(codes), checker.__name__
        assert len(set(codes) - {OK}) >= 6, checker.__name__
