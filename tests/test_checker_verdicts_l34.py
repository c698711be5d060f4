"""3·4강 채점기의 판정이 운에 달리지 않는지 (#18): 같은 답은 시드 50개에서 늘 같은 판정을 받는다.

한 반의 학생이 낼 법한 답(여러 방식의 정답, 흔한 실수, 입력을 제자리에서 바꾸는 답, float64 답, 덜 쓴 코드)을 표로
적고, 채점기마다 무작위 입력의 시드 0~49로 채점한다. 정답은 늘 통과하고, 오답은 늘 그 실수의 code와 그 실수를
가리키는 힌트 문구로 걸러져야 한다. 생성자처럼 학생이 가중치를 만드는 답은 시드마다 전역 난수도 바꿔, 초기 가중치가
달라도 판정이 같은지 본다. 통과한 답은 노트북의 다음 칸(train_gan, generate, 값 출력)에서 실제로 쓰이는지도 확인한다.
"""
import math
import random
from collections import Counter

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from conftest import has_hangul
from test_checks_lesson4 import bce, make_step  # 실수를 하나씩 켤 수 있는 학습 단계는 한 곳에
from gan_utils.checks import (check_generator_spec, check_interpolation, check_kl_hist, check_kl_normal,
                              check_new_target, check_training_step)
from gan_utils.data import sample_noise, sample_real_1d
from gan_utils.metrics import kl_divergence_hist, kl_normal
from gan_utils.models import MODEL_CONFIGS, Discriminator, Generator, build_models, weights_init
from gan_utils.train import generate, train_gan

SEEDS = range(50)
EPS = 1e-10


def verdicts(checker, fn, seeds=SEEDS):
    """시드마다 채점한 결과 목록. 시드마다 전역 난수(torch, numpy, random)도 그 시드로 놓는다: 학생이 모델을 만들며 뽑는
    초기 가중치까지 시드마다 달라지고, 실패했을 때 같은 시드로 다시 볼 수 있다. 테스트 밖의 난수 흐름은 되돌린다."""
    results = []
    np_state, py_state = np.random.get_state(), random.getstate()
    with torch.random.fork_rng(devices=[]):
        for seed in seeds:
            torch.manual_seed(1000 + seed)
            np.random.seed(1000 + seed)
            random.seed(1000 + seed)
            results.append(checker(fn, seed=seed, verbose=False))
    np.random.set_state(np_state)
    random.setstate(py_state)
    return results


def assert_always(results, code, words=()):
    """모든 시드에서 판정이 같다: code가 'ok'면 통과, 아니면 그 code의 실패이고 메시지에 words가 모두 있다."""
    codes = Counter(r.code for r in results)
    assert codes == Counter({code: len(results)}), (codes, next(r.message for r in results if r.code != code))
    for r in results:
        assert r.passed == (code == "ok") and has_hangul(r.message)
        assert code == "ok" or "힌트:" in r.message, r.message
        for word in words:
            assert word in r.message, (word, r.message)


def not_implemented(*args):
    raise NotImplementedError


# ================================================================ 3강 연습 1: 히스토그램 KL
def kl_notebook(real, fake, bins):  # 강사용 노트북의 정답
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real)
    q = np.histogram(fake, edges)[0] / len(fake)
    return float(np.sum((p + EPS) * np.log((p + EPS) / (q + EPS))))


def kl_range_argument(real, fake, bins):  # 경계 대신 range=로 같은 칸을 만든다, numpy 스칼라 반환
    p = np.histogram(real, bins, range=(real.min(), real.max()))[0] / real.size + EPS
    q = np.histogram(fake, bins, range=(real.min(), real.max()))[0] / fake.size + EPS
    return np.sum(p * np.log(p / q))


def kl_torch(real, fake, bins):  # torch로 세고 0차원 텐서 반환
    r, f = torch.from_numpy(real), torch.from_numpy(fake)
    edges = torch.linspace(r.min().item(), r.max().item(), bins + 1, dtype=r.dtype)
    p = torch.histogram(r, edges).hist / len(r) + EPS
    q = torch.histogram(f, edges).hist / len(f) + EPS
    return (p * torch.log(p / q)).sum()


def kl_skip_empty(real, fake, bins):  # p = 0인 칸은 0으로 두고 q에만 eps
    edges = np.linspace(real.min(), real.max(), bins + 1)
    p = np.histogram(real, edges)[0] / len(real)
    q = np.histogram(fake, edges)[0] / len(fake) + EPS
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)))


def kl_variant(*, edges="real", norm="size", reverse=False, log=np.log, eps=EPS, keepdims=False, per_bin=False):
    """흔한 실수 하나를 켠 히스토그램 KL (학생의 코드처럼 numpy로 직접 적는다)."""
    def fn(real, fake, bins):
        if edges == "separate":
            cp, cq = np.histogram(real, bins)[0], np.histogram(fake, bins)[0]
            wp = wq = 1.0
        else:
            both = np.concatenate([real, fake])
            lo, hi = (real.min(), real.max()) if edges == "real" else (both.min(), both.max())
            e = np.linspace(lo, hi, bins + 1)
            cp, cq = np.histogram(real, e)[0], np.histogram(fake, e)[0]
            wp = wq = e[1] - e[0]
        p, q = {"size": (cp / len(real), cq / len(fake)), "sum": (cp / cp.sum(), cq / cq.sum()),
                "counts": (cp * 1.0, cq * 1.0), "density": (cp / (len(real) * wp), cq / (len(fake) * wq))}[norm]
        if reverse:
            p, q = q, p
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = (p + eps) * log((p + eps) / (q + eps))
        return terms if per_bin else np.sum(terms, keepdims=keepdims)
    return fn


def kl_mismatched_bins(real, fake, bins):
    p = np.histogram(real, bins)[0] / len(real) + EPS  # 칸 bins개
    q = np.histogram(fake, np.linspace(real.min(), real.max(), bins))[0] / len(fake) + EPS  # 경계 bins개 → 칸 bins - 1개
    return float(np.sum(p * np.log(p / q)))


def kl_centers_real(real, fake, bins):
    real -= real.mean()  # 입력을 제자리에서 바꾼다
    return kl_notebook(real, fake - fake.mean(), bins)


def kl_sorts_fake(real, fake, bins):
    fake.sort()  # 값은 같지만 넘겨받은 배열의 순서를 바꾼다
    return kl_notebook(real, fake, bins)


KL_HIST_ANSWERS = [
    pytest.param(kl_notebook, "ok", [], id="notebook"),
    pytest.param(lambda r, f, b: kl_divergence_hist(r, f, b), "ok", [], id="kit"),
    pytest.param(kl_range_argument, "ok", [], id="range-argument"),
    pytest.param(kl_torch, "ok", [], id="torch"),
    pytest.param(kl_skip_empty, "ok", [], id="skip-empty-bins"),
    pytest.param(kl_variant(reverse=True), "reversed", ["KL(p_fake ‖ p_real)"], id="reversed"),
    pytest.param(kl_variant(edges="separate"), "separate_bins", ["같은 경계"], id="separate-bins"),
    pytest.param(kl_variant(edges="both"), "combined_range", ["합친 범위"], id="combined-range"),
    pytest.param(kl_variant(norm="density"), "density", ["밀도"], id="density"),
    pytest.param(kl_variant(norm="counts"), "counts", ["개수를 그대로"], id="counts"),
    pytest.param(kl_variant(norm="sum"), "renormalized", ["len(fake)"], id="renormalized"),
    pytest.param(kl_variant(log=np.log2), "log2", ["자연로그"], id="log2"),
    pytest.param(kl_variant(eps=0.0), "not_finite", ["eps"], id="no-eps"),
    pytest.param(kl_variant(eps=1e-2), "wrong_value", ["eps"], id="huge-eps"),
    pytest.param(kl_variant(per_bin=True), "not_reduced", ["np.sum"], id="per-bin"),
    pytest.param(kl_variant(keepdims=True), "not_number", ["float(", "숫자 형식"], id="keepdims"),
    pytest.param(kl_mismatched_bins, "exception", ["edges", "bins + 1"], id="mismatched-bins"),
    pytest.param(kl_centers_real, "mutated_input", ["`real`", "제자리"], id="mutates-real"),
    pytest.param(kl_sorts_fake, "mutated_input", ["`fake`", "제자리"], id="sorts-fake"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
    pytest.param(lambda r, f, b: 1 / 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(lambda r, f, b: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda r, f, b: [1.0], "wrong_type", ["float"], id="returns-list"),
    pytest.param(lambda r, f: 0.0, "wrong_signature", ["인자 개수"], id="two-arguments"),
]


@pytest.mark.parametrize("fn, code, words", KL_HIST_ANSWERS)
def test_kl_hist_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_kl_hist, fn), code, words)


# ================================================================ 3강 연습 2: 정규분포 KL (닫힌 식)
def kl_normal_variances(mp, sp, mq, sq):  # 분산으로 적은 같은 식
    vp, vq = sp ** 2, sq ** 2
    return 0.5 * (math.log(vq / vp) + (vp + (mp - mq) ** 2) / vq - 1)


def kl_normal_torch(mp, sp, mq, sq):  # 0차원 텐서 반환
    sp, sq = torch.tensor(sp), torch.tensor(sq)
    return torch.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5


def kl_normal_formula(mp, sp, mq, sq, *, log_term=None, var_p=None, denom=None, mean=True, half=True):
    log_term = math.log(sq / sp) if log_term is None else log_term
    var_p = sp ** 2 if var_p is None else var_p
    denom = 2 * sq ** 2 if denom is None else denom
    return log_term + (var_p + (mp - mq) ** 2 * mean) / denom - 0.5 * half


KL_NORMAL_ANSWERS = [
    pytest.param(kl_normal, "ok", [], id="kit"),
    pytest.param(lambda mp, sp, mq, sq: float(np.log(sq / sp) + (sp ** 2 + (mp - mq) ** 2) / (2 * sq ** 2) - 0.5),
                 "ok", [], id="notebook"),
    pytest.param(kl_normal_variances, "ok", [], id="variances"),
    pytest.param(kl_normal_torch, "ok", [], id="torch"),
    pytest.param(lambda mp, sp, mq, sq: kl_normal(mq, sq, mp, sp), "reversed", ["KL(q ‖ p)"], id="reversed"),
    pytest.param(lambda *a: kl_normal_formula(*a, half=False), "missing_half", ["1/2"], id="missing-half"),
    pytest.param(lambda mp, sp, mq, sq: kl_normal_formula(mp, sp, mq, sq, log_term=math.log(sq ** 2 / sp ** 2)),
                 "variance_log", ["로그 항이 두 배"], id="variance-log"),
    pytest.param(lambda mp, sp, mq, sq: kl_normal_formula(mp, sp, mq, sq, log_term=math.log(sp / sq)),
                 "log_flipped", ["뒤바뀌었"], id="log-flipped"),
    pytest.param(lambda mp, sp, mq, sq: kl_normal_formula(mp, sp, mq, sq, denom=2 * sq), "std_not_var",
                 ["2 · std_q²"], id="std-in-denominator"),
    pytest.param(lambda mp, sp, mq, sq: kl_normal_formula(mp, sp, mq, sq, var_p=sp), "var_not_var", ["std_p²"],
                 id="std-in-numerator"),
    pytest.param(lambda *a: kl_normal_formula(*a, mean=False), "missing_mean", ["평균 차이"], id="missing-mean"),
    pytest.param(lambda mp, sp, mq, sq: 0.123, "wrong_value", ["세 항"], id="constant"),
    pytest.param(lambda mp, sp, mq, sq: np.array([kl_normal(mp, sp, mq, sq)]), "not_number", ["숫자 형식", "float("],
                 id="one-element-array"),
    pytest.param(lambda mp, sp, mq, sq: float("nan"), "not_finite", ["표준편차"], id="nan"),
    pytest.param(lambda mp, sp, mq, sq: "0.5", "wrong_type", ["float"], id="returns-str"),
    pytest.param(lambda mp, sp, mq, sq: math.log(-1.0), "exception", ["ValueError"], id="raises"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", KL_NORMAL_ANSWERS)
def test_kl_normal_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_kl_normal, fn), code, words)


# ================================================================ 3강 연습 3: 새 목표와 예측
def new_target(sampler, target=(-1.0, 0.5), prediction=None):
    return lambda: (target, sampler, prediction or target)


def sampler_fixed_size(n):
    return sample_real_1d(20_000, -1.0, 0.5)  # 부탁받은 n을 쓰지 않는다


def sampler_random_module(n):
    return torch.tensor([random.gauss(-1.0, 0.5) for _ in range(n)]).unsqueeze(1)


NEW_TARGET_ANSWERS = [
    pytest.param(new_target(lambda n: sample_real_1d(n, mean=-1.0, std=0.5)), "ok", [], id="notebook"),
    pytest.param(new_target(lambda n: sample_real_1d(n, 10.0, 3.0), target=(10.0, 3.0)), "ok", [], id="wide-target"),
    pytest.param(new_target(lambda n: -1.0 + 0.5 * torch.randn(n, 1)), "ok", [], id="randn"),
    pytest.param(new_target(lambda n: torch.normal(-1.0, 0.5, size=(n, 1))), "ok", [], id="torch-normal"),
    pytest.param(new_target(lambda n: torch.from_numpy(np.random.normal(-1.0, 0.5, (n, 1))).float()), "ok", [],
                 id="numpy-float"),
    pytest.param(new_target(lambda n: torch.tensor(np.random.normal(-1.0, 0.5, (n, 1)), dtype=torch.float32)), "ok", [],
                 id="numpy-dtype"),
    pytest.param(new_target(sampler_random_module), "ok", [], id="random-module"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), target=[np.float64(-1.0), np.float32(0.5)]), "ok",
                 [], id="numpy-numbers"),
    pytest.param(new_target(lambda n: torch.from_numpy(np.random.normal(-1.0, 0.5, (n, 1)))), "wrong_dtype",
                 ["float32", ".float()"], id="numpy-float64"),
    pytest.param(new_target(lambda n: torch.randn(n, 1, dtype=torch.float64) * 0.5 - 1.0), "wrong_dtype", ["float32"],
                 id="torch-float64"),
    pytest.param(new_target(lambda n: np.random.normal(-1.0, 0.5, (n, 1))), "not_tensor", ["torch.from_numpy"],
                 id="numpy-array"),
    pytest.param(new_target(sampler_fixed_size), "wrong_count", ["받은 n"], id="fixed-size"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5).squeeze(1)), "wrong_shape", ["(배치, 1)"],
                 id="flat"),
    pytest.param(new_target(lambda n: sample_real_1d(n)), "sampler_default", ["기본값"], id="sampler-default"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.25)), "variance_as_std", ["분산"], id="variance"),
    pytest.param(new_target(lambda n: torch.randn(n, 1)), "standard_normal", ["N(0, 1)"], id="standard-normal"),
    pytest.param(new_target(lambda n: sample_real_1d(n, 1.0, 0.5)), "sampler_mismatch", ["평균과 표준편차"],
                 id="sampler-mismatch"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), prediction=(4.0, 1.25)), "predicted_old_target",
                 ["예전 목표"], id="predicted-old"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), prediction=(0.0, 1.0)), "predicted_noise",
                 ["잠재 벡터"], id="predicted-noise"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), prediction=(-1.0, 0.25)), "predicted_variance",
                 ["분산"], id="predicted-variance"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), prediction=(2.0, 2.0)), "wrong_prediction",
                 ["D(x) = 1/2"], id="wrong-prediction"),
    pytest.param(new_target(lambda n: sample_real_1d(n), target=(4.0, 1.25)), "unchanged_target", ["기본값"],
                 id="unchanged"),
    pytest.param(new_target(None), "not_callable", ["괄호 없이"], id="sampler-none"),
    pytest.param(new_target(lambda n: 1 / 0), "exception", ["ZeroDivisionError"], id="sampler-raises"),
    pytest.param(lambda: (-1.0, 0.5), "wrong_structure", ["세 가지"], id="two-values"),
    pytest.param(lambda: ((-1.0, -0.5), print, (1, 2)), "bad_target", ["양수"], id="negative-std"),
    pytest.param(new_target(lambda n: sample_real_1d(n, -1.0, 0.5), prediction="모름"), "bad_prediction", ["두 숫자"],
                 id="prediction-text"),
    pytest.param(lambda: None, "returned_none", ["세 가지"], id="returns-none"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", NEW_TARGET_ANSWERS)
def test_new_target_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_new_target, fn), code, words)
    for text in (r.hint for r in verdicts(check_new_target, fn, seeds=[0])):
        assert "-1.0, 0.5)" not in text  # 힌트에 정답(새 목표)을 적지 않는다


def test_new_target_leaves_the_notebook_rng_alone():
    """채점이 표본 함수로 뽑은 난수 때문에 노트북의 다음 칸들의 난수(torch, numpy, random)가 바뀌지 않는다."""
    def draws():
        return torch.rand(3), np.random.rand(3), random.random()

    answer = NEW_TARGET_ANSWERS[0].values[0]
    for seed in (None, 7):
        torch.manual_seed(5), np.random.seed(5), random.seed(5)
        expected = draws()
        torch.manual_seed(5), np.random.seed(5), random.seed(5)
        assert check_new_target(answer, seed=seed, verbose=False)
        got = draws()
        assert torch.equal(got[0], expected[0]) and np.array_equal(got[1], expected[1]) and got[2] == expected[2]


# ================================================================ 4강 연습 1: 명세대로 생성자 만들기
WIDTHS = (100, 256, 512, 1024, 784)


def layers(act=lambda: nn.LeakyReLU(0.2), out=nn.Tanh, widths=WIDTHS, bias=True, extra=None):
    stack = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        stack.append(nn.Linear(a, b, bias=bias))
        last = i == len(widths) - 2
        if extra and not last:
            stack.append(extra(b))
        if out or not last:
            stack.append(out() if last else act())
    return stack


def sequential(init=False, **kwargs):
    def build():
        model = nn.Sequential(*layers(**kwargs))
        return model.apply(weights_init) if init else model
    return build


class Functional(nn.Module):
    """forward에서 F.leaky_relu와 torch.tanh를 쓰는 답. out은 마지막 Linear의 출력에 씌우는 계산."""

    def __init__(self, out=torch.tanh, init=False):
        super().__init__()
        self.fc = nn.ModuleList(nn.Linear(a, b) for a, b in zip(WIDTHS, WIDTHS[1:]))
        self.out = out
        if init:
            self.apply(weights_init)

    def forward(self, z):
        for layer in self.fc[:-1]:
            z = F.leaky_relu(layer(z), 0.2)
        return self.out(self.fc[-1](z))


class ScalesInput(Functional):
    def forward(self, z):
        z.mul_(2.0)  # 입력을 제자리에서 바꾼다
        return super().forward(z)


def frozen():
    model = sequential()()
    model[0].requires_grad_(False)
    return model


GENERATOR_ANSWERS = [
    pytest.param(sequential(), "ok", [], id="sequential"),
    pytest.param(sequential(init=True), "ok", [], id="sequential-weights_init"),
    pytest.param(sequential(act=lambda: nn.LeakyReLU(0.2, inplace=True), init=True), "ok", [],
                 id="inplace-weights_init"),
    pytest.param(lambda: Generator(), "ok", [], id="kit"),
    pytest.param(lambda: Generator().apply(weights_init), "ok", [], id="kit-weights_init"),
    pytest.param(lambda: build_models("mnist")[0], "ok", [], id="build_models"),
    pytest.param(Functional, "ok", [], id="functional"),
    pytest.param(lambda: Functional(init=True), "ok", [], id="functional-weights_init"),
    pytest.param(sequential(out=nn.Sigmoid), "sigmoid_output", ["음수", "Sigmoid", "[-1, 1]"], id="sigmoid"),
    pytest.param(sequential(out=nn.Sigmoid, init=True), "sigmoid_output", ["Sigmoid"], id="sigmoid-weights_init"),
    pytest.param(sequential(out=None), "missing_tanh", ["벗어납니다", "Tanh"], id="no-tanh"),
    pytest.param(sequential(out=None, init=True), "missing_tanh", ["벗어납니다", "Tanh"], id="no-tanh-weights_init"),
    pytest.param(lambda: Functional(out=lambda x: 0.5 * torch.tanh(x)), "scaled_tanh", ["× 0.5", "곱하거나 옮기지"],
                 id="half-tanh"),
    pytest.param(lambda: Functional(out=lambda x: 0.5 * torch.tanh(x), init=True), "scaled_tanh", ["× 0.5"],
                 id="half-tanh-weights_init"),
    pytest.param(lambda: Functional(out=lambda x: torch.tanh(x) + 1, init=True), "scaled_tanh", ["+ 1", "[-1, 1]"],
                 id="tanh-plus-one"),
    pytest.param(lambda: Functional(out=lambda x: (torch.tanh(x) + 1) / 2), "scaled_tanh", ["× 0.5 + 0.5"],
                 id="tanh-to-unit"),
    pytest.param(lambda: Functional(out=lambda x: x.clamp(-1, 1), init=True), "output_activation", ["tanh", "clamp"],
                 id="clamp-weights_init"),
    pytest.param(sequential(out=nn.Hardtanh, init=True), "output_activation", ["Hardtanh"], id="hardtanh"),
    pytest.param(sequential(out=nn.ReLU), "output_activation", ["Tanh 하나만"], id="relu-output"),
    pytest.param(sequential(act=nn.ReLU), "relu", ["ReLU", "LeakyReLU(0.2)"], id="relu"),
    pytest.param(sequential(act=nn.LeakyReLU, init=True), "wrong_slope", ["기울기가 0.01", "기본값 0.01"],
                 id="default-slope-weights_init"),
    pytest.param(sequential(act=nn.Identity), "missing_activation", ["활성화 함수가 없습니다"], id="no-activation"),
    pytest.param(sequential(extra=nn.BatchNorm1d), "wrong_activation", ["BatchNorm"], id="batchnorm"),
    pytest.param(lambda: Generator(batchnorm=True), "wrong_activation", ["BatchNorm"], id="kit-mnist-bn"),
    pytest.param(sequential(extra=lambda b: nn.Dropout(0.3)), "wrong_activation", ["Dropout"], id="dropout"),
    pytest.param(sequential(widths=(100, 256, 1024, 512, 784)), "wrong_layer_size", ["2번째 Linear"],
                 id="widths-swapped"),
    pytest.param(lambda: Generator(**MODEL_CONFIGS["mnist-textbook"]["generator"]), "wrong_layer_size",
                 ["1번째 Linear", "잠재 벡터"], id="kit-z128"),
    pytest.param(sequential(widths=(100, 256, 512, 784)), "wrong_layer_count", ["3개"], id="three-layers"),
    pytest.param(sequential(bias=False), "no_bias", ["bias=False"], id="no-bias"),
    pytest.param(frozen, "frozen", ["requires_grad"], id="frozen"),
    pytest.param(ScalesInput, "mutated_input", ["forward", "제자리"], id="mutates-z"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
    pytest.param(lambda: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda: Generator, "returned_class", ["괄호"], id="returns-class"),
    pytest.param(lambda: layers(), "not_module", ["nn.Sequential"], id="returns-list"),
    pytest.param(lambda: nn.Sequential(nn.Linear(100, 256), nn.LeakyRelu(0.2)), "exception", ["AttributeError"],
                 id="typo"),
    pytest.param(lambda z_dim: Generator(z_dim), "wrong_signature", ["인자 개수"], id="takes-argument"),
]


@pytest.mark.parametrize("fn, code, words", GENERATOR_ANSWERS)
def test_generator_spec_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_generator_spec, fn), code, words)


# ================================================================ 4강 연습 3: 잠재 벡터 보간
def interp_linspace(z0, z1, steps):  # 강사용 노트북의 정답
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    return (1 - t) * z0 + t * z1


def interp_loop(z0, z1, steps):
    return torch.stack([z0 + (z1 - z0) * i / (steps - 1) for i in range(steps)])


def interp_mutates_z1(z0, z1, steps):
    z1 -= z0  # 방향 벡터를 만들며 z1을 제자리에서 바꾼다
    return z0 + torch.linspace(0, 1, steps).unsqueeze(1) * z1


def interp_mutates_z0(z0, z1, steps):
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    out = (1 - t) * z0 + t * z1
    z0 *= 0  # 다 쓰고 나서 지운다
    return out


def interp_numpy_t(z0, z1, steps, dtype=None):
    t = torch.from_numpy(np.linspace(0, 1, steps)).unsqueeze(1)
    return ((1 - t) * z0 + t * z1).to(dtype) if dtype else (1 - t) * z0 + t * z1


INTERPOLATION_ANSWERS = [
    pytest.param(interp_linspace, "ok", [], id="notebook"),
    pytest.param(interp_loop, "ok", [], id="loop-stack"),
    pytest.param(lambda z0, z1, s: torch.lerp(z0, z1, torch.linspace(0, 1, s).unsqueeze(1)), "ok", [], id="lerp"),
    pytest.param(lambda z0, z1, s: interp_numpy_t(z0, z1, s, torch.float32), "ok", [], id="numpy-t-float"),
    pytest.param(interp_numpy_t, "wrong_dtype", ["float64", "torch.linspace", ".float()"], id="numpy-t-float64"),
    pytest.param(lambda z0, z1, s: interp_linspace(z0.double(), z1.double(), s), "wrong_dtype", ["float32"],
                 id="double"),
    pytest.param(lambda z0, z1, s: interp_linspace(z1, z0, s), "reversed", ["방향이 반대"], id="reversed"),
    pytest.param(lambda z0, z1, s: (lambda t: (1 - t) * z0 + t * z1)((torch.arange(s) / s).unsqueeze(1)),
                 "no_endpoint", ["steps - 1"], id="no-endpoint"),
    pytest.param(lambda z0, z1, s: ((z0 + z1) / 2).repeat(s, 1), "midpoint_only", ["가운데 점"], id="midpoint"),
    pytest.param(lambda z0, z1, s: (1 - torch.linspace(0, 1, s)) * z0[0] + torch.linspace(0, 1, s) * z1[0],
                 "wrong_shape", ["unsqueeze(1)"], id="one-coordinate"),
    pytest.param(lambda z0, z1, s: (1 - torch.linspace(0, 1, s)) * z0 + torch.linspace(0, 1, s) * z1, "exception",
                 ["unsqueeze(1)"], id="no-unsqueeze"),
    pytest.param(lambda z0, z1, s: interp_linspace(z0, z1, s).numpy(), "not_tensor", ["torch.linspace"],
                 id="returns-numpy"),
    pytest.param(lambda z0, z1, s: list(interp_linspace(z0, z1, s)), "wrong_type", ["torch.stack"], id="returns-list"),
    pytest.param(interp_mutates_z1, "mutated_input", ["`z1`", "제자리"], id="mutates-z1"),
    pytest.param(interp_mutates_z0, "mutated_input", ["`z0`", "제자리"], id="mutates-z0"),
    pytest.param(lambda z0, z1, s: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda z0, z1, s: 1 / 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", INTERPOLATION_ANSWERS)
def test_interpolation_verdict_is_the_same_on_every_seed(fn, code, words):
    results = verdicts(check_interpolation, fn)
    assert_always(results, code, words)
    assert not any("손실" in r.message for r in results)  # 보간에는 손실이 없다: 손실 함수용 힌트가 끼어들지 않는다


# ================================================================ 4강 연습 2: 학습 한 단계
def step_probabilities(G, D, opt_G, opt_D, real, z):
    """시그모이드를 씌운 확률과 nn.BCELoss: 같은 식이지만 float32에서 로짓이 크면 log가 잘린다."""
    loss_fn = nn.BCELoss()
    fake = G(z)
    p_real, p_fake = torch.sigmoid(D(real)), torch.sigmoid(D(fake.detach()))
    loss_D = loss_fn(p_real, torch.ones_like(p_real)) + loss_fn(p_fake, torch.zeros_like(p_fake))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    p = torch.sigmoid(D(fake))
    loss_G = loss_fn(p, torch.ones_like(p))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def step_freezes_d(G, D, opt_G, opt_D, real, z):
    """생성자 단계에서 판별자를 잠시 고정했다가 되돌리는 답."""
    fake = G(z)
    loss_D = bce(D(real), torch.ones(len(real), 1)) + bce(D(fake.detach()), torch.zeros(len(z), 1))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    D.requires_grad_(False)
    loss_G = bce(D(fake), torch.ones(len(z), 1))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    D.requires_grad_(True)
    return loss_D.item(), loss_G.item()


def step_logits_into_bce(G, D, opt_G, opt_D, real, z):
    loss_D = F.binary_cross_entropy(D(real), torch.ones(len(real), 1))  # 로짓을 확률용 BCE에 넣는다
    return loss_D.item(), 0.0


def step_fixed_batch(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    loss_D = bce(D(real), torch.ones(16, 1)) + bce(D(fake.detach()), torch.zeros(16, 1))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    loss_G = bce(D(fake), torch.ones(16, 1))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def add_noise_in_place(real, z):
    real.add_(0.1)  # '인스턴스 잡음'을 넘겨받은 텐서에 제자리에서 더한다


def scale_z_in_place(real, z):
    z.mul_(0.5)


def step_reuses_d_logits(G, D, opt_G, opt_D, real, z):
    """판별자 단계의 D(fake.detach())를 생성자 손실에 다시 쓴다: detach는 했지만 backward를 두 번 지나간다."""
    fake = G(z)
    d_real, d_fake = D(real), D(fake.detach())
    loss_d = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    opt_D.zero_grad()
    loss_d.backward()
    opt_D.step()
    loss_g = bce(d_fake, torch.ones_like(d_fake))
    opt_G.zero_grad()
    loss_g.backward()
    opt_G.step()
    return loss_d.item(), loss_g.item()


TRAINING_STEP_ANSWERS = [
    pytest.param(make_step(), "ok", [], id="reference"),
    pytest.param(make_step(returns="tensors"), "ok", [], id="returns-tensors"),
    pytest.param(step_freezes_d, "ok", [], id="freezes-d"),
    pytest.param(step_probabilities, "ok", [], id="sigmoid-bceloss"),
    pytest.param(make_step(detach=False), "missing_detach", [".detach()"], id="missing-detach"),
    pytest.param(step_reuses_d_logits, "missing_detach", ["D(fake)를 다시 계산"], id="reuses-d-logits"),
    pytest.param(make_step(g_loss="saturating"), "saturating", ["포화형"], id="saturating"),
    pytest.param(make_step(g_loss="negated"), "wrong_sign", ["부호"], id="g-sign"),
    pytest.param(make_step(d_labels=(0.0, 1.0)), "labels_swapped", ["진짜 표본의 목표는 1"], id="d-labels"),
    pytest.param(make_step(g_loss="label0"), "labels_swapped", ["레이블 0"], id="g-label0"),
    pytest.param(make_step(g_first=True), "wrong_order", ["먼저"], id="g-first"),
    pytest.param(make_step(d_scale=0.5), "d_loss_halved", ["절반"], id="d-halved"),
    pytest.param(make_step(zero_grad=(False, True)), "no_zero_grad", ["(opt_D)"], id="no-zero-grad-d"),
    pytest.param(make_step(zero_grad=(True, False)), "no_zero_grad", ["(opt_G)"], id="no-zero-grad-g"),
    pytest.param(make_step(returns="swapped"), "return_order", ["(loss_D, loss_G)"], id="return-order"),
    pytest.param(make_step(before=add_noise_in_place), "mutated_input", ["`real`", "제자리"], id="mutates-real"),
    pytest.param(make_step(before=scale_z_in_place), "mutated_input", ["`z`", "제자리"], id="mutates-z"),
    pytest.param(step_logits_into_bce, "exception", ["BCEWithLogits"], id="logits-into-bce"),
    pytest.param(step_fixed_batch, "exception", ["배치 크기를 숫자로"], id="fixed-batch"),
    pytest.param(make_step(returns="none"), "returned_none", ["(loss_D, loss_G)"], id="returns-none"),
    pytest.param(lambda G, D, opt_G, opt_D, real, z: 0.5, "wrong_structure", ["float"], id="returns-float"),
    pytest.param(lambda G, D, opt_G, opt_D, real, z: 1 / 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", TRAINING_STEP_ANSWERS)
def test_training_step_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_training_step, fn), code, words)


def test_tables_cover_every_lesson3_and_lesson4_checker():
    """표가 빠짐없는지: 채점기마다 정답 여러 방식, 오답 여러 가지, 덜 쓴 답이 있고, 텐서·배열을 받는 채점기에는
    입력을 제자리에서 바꾸는 답이, 다음 칸이 자료형을 따지는 채점기에는 float64 답이 있다."""
    tables = {"kl_hist": KL_HIST_ANSWERS, "kl_normal": KL_NORMAL_ANSWERS, "new_target": NEW_TARGET_ANSWERS,
              "generator_spec": GENERATOR_ANSWERS, "interpolation": INTERPOLATION_ANSWERS,
              "training_step": TRAINING_STEP_ANSWERS}
    for name, table in tables.items():
        codes = [p.values[1] for p in table]
        assert codes.count("ok") >= 3, name
        assert {"exception", "not_implemented", "no_function"} <= set(codes), name
        assert len(set(codes) - {"ok"}) >= 8, name
    for name in ("kl_hist", "generator_spec", "interpolation", "training_step"):
        assert "mutated_input" in [p.values[1] for p in tables[name]], name
    for name in ("new_target", "interpolation"):
        assert "wrong_dtype" in [p.values[1] for p in tables[name]], name


# ================================================================ 통과한 답은 다음 칸에서 쓸 수 있다
def accepted(answers):
    return [p for p in answers if p.values[1] == "ok"]


@pytest.mark.parametrize("fn, code, words", accepted(KL_HIST_ANSWERS))
def test_accepted_kl_hist_prints_in_the_next_cell(fn, code, words):
    """다음 칸은 학습한 생성자의 표본(float32 텐서의 .numpy())으로 부르고 f"{값:.5f}"로 출력한다."""
    gen = torch.Generator().manual_seed(0)
    real, fake = sample_real_1d(10_000, generator=gen), sample_real_1d(10_000, 4.1, 1.2, generator=gen)
    real_np, fake_np = real.numpy().ravel(), fake.numpy().ravel()
    text = f"{fn(real_np, fake_np, 100):.5f}"
    assert float(text) == pytest.approx(kl_divergence_hist(real_np, fake_np, 100), abs=1e-4)


@pytest.mark.parametrize("fn, code, words", accepted(KL_NORMAL_ANSWERS))
def test_accepted_kl_normal_prints_in_the_next_cell(fn, code, words):
    real, fake = sample_real_1d(1000, generator=torch.Generator().manual_seed(0)), sample_real_1d(1000, 3.9, 1.3)
    args = (real.mean().item(), real.std(correction=0).item(), fake.mean().item(), fake.std(correction=0).item())
    assert float(f"{fn(*args):.6f}") == pytest.approx(kl_normal(*args), abs=1e-5)


@pytest.mark.parametrize("fn, code, words", accepted(NEW_TARGET_ANSWERS))
def test_accepted_sampler_trains_in_the_next_cell(fn, code, words):
    """다음 칸처럼 train_gan에 표본 함수를 그대로 넘겨 몇 단계 학습한다."""
    (mean, std), sampler, _ = fn()
    torch.manual_seed(0)
    G = Generator(**MODEL_CONFIGS["gaussian"]["generator"])
    D = Discriminator(**MODEL_CONFIGS["gaussian"]["discriminator"])
    history = train_gan(G, D, sampler, epochs=1, batch_size=64, steps_per_epoch=3, seed=0, device="cpu", progress=False)
    assert len(history["loss_D"]) == 1 and math.isfinite(history["loss_D"][0])
    assert generate(G, 5, seed=0).shape == (5, 1)


def test_rejected_float64_sampler_really_breaks_train_gan():
    """float64 표본 함수를 받아 주지 않는 이유: 다음 칸의 train_gan이 오류를 낸다."""
    G = Generator(**MODEL_CONFIGS["gaussian"]["generator"])
    D = Discriminator(**MODEL_CONFIGS["gaussian"]["discriminator"])
    with pytest.raises(RuntimeError, match="dtype"):
        train_gan(G, D, lambda n: torch.from_numpy(np.random.normal(-1.0, 0.5, (n, 1))), epochs=1, batch_size=64,
                  steps_per_epoch=2, device="cpu", progress=False)


@pytest.mark.parametrize("fn, code, words", accepted(INTERPOLATION_ANSWERS))
def test_accepted_interpolation_feeds_the_generator_in_the_next_cell(fn, code, words):
    """다음 칸: generate(G_show, z=interpolate(pairs[0], pairs[1], 10))."""
    G = Generator()
    pairs = sample_noise(6, G.z_dim, generator=torch.Generator().manual_seed(20))
    images = generate(G, z=fn(pairs[0], pairs[1], 10))
    assert images.shape == (10, 784)
    assert torch.allclose(images[0], generate(G, z=pairs[:1])[0], atol=1e-6)  # 첫 줄은 z0의 그림


def test_rejected_float64_interpolation_really_breaks_generate():
    G = Generator()
    pairs = sample_noise(2, G.z_dim, generator=torch.Generator().manual_seed(20))
    with pytest.raises(RuntimeError, match="dtype"):
        generate(G, z=interp_numpy_t(pairs[0], pairs[1], 10))
