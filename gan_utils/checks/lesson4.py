"""4강(MNIST GAN) 연습 채점기 (1): 명세대로 생성자 만들기, 두 잠재 벡터 사이의 직선 보간.

생성자는 층 하나하나를 forward hook으로 지켜보며 명세(gan_utils.models의 'mnist' 구성)와 비교한다:
Linear 층의 크기와 순서, 층 사이의 LeakyReLU 기울기, 마지막 Tanh, 매개변수 개수. 마지막 Tanh는 마지막 Linear의
출력 자리에 정해진 값을 넣어 확인한다 (초기 가중치의 크기와 상관없이 판정이 늘 같도록).
학습 단계 채점기는 lesson4_step에 있다.
"""
import functools

import torch
import torch.nn.functional as F
from torch import nn

from ..data import latent_interpolation
from ..models import MODEL_CONFIGS, Generator
from .core import Case, call_student, close, fail, finish, passed, rehint, report, rng, run_check

GENERATOR_SPEC = ("z 크기 100 → Linear 256 → LeakyReLU(0.2) → Linear 512 → LeakyReLU(0.2) → Linear 1024 → "
                  "LeakyReLU(0.2) → Linear 784 → Tanh")
LAYER_TOL = dict(rtol=1e-4, atol=1e-5)  # 층 사이의 계산을 float32로 다시 해 본 값과 견줄 때의 허용 오차
PROBE_REACH = 6.0  # 마지막 Linear 출력 자리에 넣는 값의 범위 ±6: tanh(6) = 0.99999라 Tanh라면 [-1, 1]을 끝까지 쓴다


@functools.lru_cache(maxsize=1)
def _generator_spec():
    """명세의 참조 생성자(models.MODEL_CONFIGS['mnist'])에서 ((입력, 출력) 목록, 매개변수 개수, 기울기)를 읽는다."""
    with torch.random.fork_rng(devices=[]):  # 참조 모델의 초기화가 학생 노트북의 난수 흐름을 바꾸지 않게
        ref = Generator(**MODEL_CONFIGS["mnist"]["generator"])
    sizes = tuple((m.in_features, m.out_features) for m in ref.modules() if isinstance(m, nn.Linear))
    return sizes, sum(p.numel() for p in ref.parameters()), ref.config["leak"]


# ---------------------------------------------------------------- 4강 연습 1: 명세대로 생성자 만들기
def check_generator_spec(build_generator, seed=None, verbose=True):
    """4강 연습: 명세대로 MNIST 생성자를 만드는 함수 채점.

    build_generator() → nn.Module. 명세: z 크기 100 → Linear 256 → LeakyReLU(0.2) → Linear 512 →
    LeakyReLU(0.2) → Linear 1024 → LeakyReLU(0.2) → Linear 784 → Tanh.
    새 무작위 잠재 벡터를 넣어 출력 모양 (B, 784), nn.Linear 층의 크기와 순서, 층 사이의 활성화 함수
    (LeakyReLU 기울기 0.2), 매개변수 개수를 참조 생성자(gan_utils.models.Generator의 'mnist' 구성,
    1,486,352개)와 비교한다. 마지막 활성화는 마지막 Linear의 출력 자리에 -6~6의 값을 넣어, 출력이 그 값의
    tanh(범위 [-1, 1] 전체)인지 본다: 가중치를 N(0, 0.02)로 초기화해도 판정이 같다.
    """
    return report(lambda: _check_generator_spec(build_generator, rng(seed)),
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
        return fail("no_linear", "모델에 nn.Linear 층이 하나도 없습니다.",
                    f"명세의 층을 nn.Linear와 활성화 함수로 차례로 쌓으세요: {GENERATOR_SPEC}.")
    param = registered[0].weight

    # (1) 새 잠재 벡터를 통과시키며 Linear가 불린 순서대로 입력과 출력을 기록한다
    z = torch.randn(16, z_dim, generator=gen).to(param.device, param.dtype)
    out, failure, calls = _trace_linears(model, z)
    if failure is not None and failure.code == "exception":
        # 크기가 어긋난 층이 있으면 그것이 오류의 원인일 가능성이 크므로 먼저 말한다
        # (CheckResult는 실패일 때 거짓이므로 `or`로 잇지 않는다)
        size_failure = _linear_sizes_failure(registered, sizes)
        if size_failure is not None:
            return size_failure
        return rehint(failure, f"모델에 z (배치, {z_dim})를 넣었을 때 오류가 났습니다. 층을 명세의 순서대로 쌓았는지, "
                               "forward에서 모든 층을 차례로 통과시키는지 확인하세요.")
    if failure is not None:
        return failure
    if not isinstance(out, torch.Tensor):
        return fail("not_tensor", f"모델에 z를 넣었더니 텐서가 아니라 {type(out).__name__}이(가) 나왔습니다.",
                    "생성자는 가짜 그림 텐서 (배치, 784) 하나를 내보내야 합니다.")
    if tuple(out.shape) != (16, out_dim):
        size_failure = _linear_sizes_failure([m for m, _, _ in calls], sizes)
        if size_failure is not None:
            return size_failure
        return fail(
            "wrong_shape", f"z (16, {z_dim})를 넣었더니 출력 모양이 {tuple(out.shape)}입니다. (16, {out_dim})이어야 합니다.",
            f"생성자는 잠재 벡터마다 MNIST 그림 한 장(28×28 = {out_dim} 픽셀을 한 줄로 편 것)을 내보냅니다.")

    # (2) 층의 개수·크기·편향
    failure = _linear_sizes_failure([m for m, _, _ in calls], sizes)
    if failure is not None:
        return failure
    for i, (m, _, _) in enumerate(calls):
        if m.bias is None:
            return fail("no_bias", f"{i + 1}번째 Linear 층에 편향(bias)이 없습니다.",
                        "명세의 Linear 층은 모두 편향을 씁니다. bias=False를 빼세요.")

    if not torch.isfinite(out.detach()).all():
        return fail("not_finite", "생성자의 출력에 NaN이나 무한대가 있습니다.",
                    "명세에 없는 계산(나눗셈, log 등)을 넣지 않았는지 확인하세요.")

    # (3) 층 사이의 활성화 함수: 앞 Linear의 출력과 다음 Linear의 입력을 원소별로 비교한다.
    # 마지막 활성화보다 먼저 본다: 명세에 없는 BatchNorm 등이 끼어 있으면 그것부터 말해야 힌트가 맞는다.
    for i in range(len(calls) - 1):
        failure = _activation_failure(i, calls[i][2].double(), calls[i + 1][1].double(), leak)
        if failure is not None:
            return failure

    # (4) 마지막 활성화: 출력이 정말 마지막 Linear 출력의 tanh인가
    failure = _output_activation_failure(model, calls[-1][0], z.clone())
    if failure is not None:
        return failure

    # (5) 배치 크기를 숫자로 고정하지 않았는가, 매개변수 개수가 명세와 같은가
    small, failure = _run_model(model, z[:3].clone())
    if failure is not None:
        failure.note = ("배치 16에서는 실행되었는데 배치 3에서 오류가 났습니다. 배치 크기를 숫자로 "
                        "고정하지 않았는지 확인하세요.")
        return failure
    if not isinstance(small, torch.Tensor) or tuple(small.shape) != (3, out_dim):
        shape = tuple(small.shape) if isinstance(small, torch.Tensor) else type(small).__name__
        return fail("wrong_shape", f"z (3, {z_dim})를 넣었더니 출력이 {shape}입니다. (3, {out_dim})이어야 합니다.",
                    "배치 크기를 숫자로 고정하지 말고 입력의 배치 크기를 그대로 따르게 하세요.")
    count = sum(p.numel() for p in model.parameters())
    if count != n_params:
        return fail("wrong_param_count", f"매개변수가 {count:,}개입니다. 명세대로라면 {n_params:,}개입니다.",
                    "명세에 없는 층(BatchNorm 등)이나 매개변수를 더하지 않았는지 확인하세요.")
    if not all(p.requires_grad for p in model.parameters()):
        return fail("frozen", "학습되지 않도록 고정된(requires_grad=False) 매개변수가 있습니다.",
                    "생성자의 모든 매개변수는 학습되어야 합니다. requires_grad_(False)를 빼세요.")
    return passed(f"{task}: Linear 층 {len(sizes)}개의 크기, 층 사이의 LeakyReLU({leak}), "
                  f"Tanh 출력 [-1, 1], 출력 모양 (B, {out_dim}), 매개변수 {n_params:,}개가 명세와 "
                  "일치합니다.")


def _module_failure(model, task):
    if model is None:
        return fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                    "함수 안에서 만든 모델을 돌려주는지 (함수 마지막에 return 문이 있는지) 확인하세요.")
    if isinstance(model, type) and issubclass(model, nn.Module):
        return fail("returned_class", f"{task} 함수가 모델이 아니라 클래스 {model.__name__}을(를) 돌려주었습니다.",
                    "클래스 이름 뒤에 괄호를 붙여 모델 객체를 만든 뒤 돌려주세요.")
    if not isinstance(model, nn.Module):
        hint = "nn.Sequential 같은 nn.Module 모델 하나를 돌려주세요."
        if isinstance(model, (tuple, list)) and model and all(isinstance(m, nn.Module) for m in model):
            hint = "층의 목록이 아니라, 층들을 nn.Sequential로 묶은 모델 하나를 돌려주세요 (목록 앞에 * 를 붙여 넘깁니다)."
        return fail("not_module", f"{task} 함수가 nn.Module이 아니라 {type(model).__name__}을(를) 돌려주었습니다.", hint)
    return None


def _run_model(model, z):
    """model(z)를 기울기 계산 없이 부른다. (출력, None) 또는 (None, CheckResult)."""
    with torch.no_grad():
        out, failure = call_student(model, (z,), "생성자")
    if failure is not None and failure.code == "mutated_input":
        # 모델의 서명은 forward(*args)라 공용 문장이 인자 이름을 `args`로 적는다: 생성자에 맞게 다시 말한다
        return None, fail("mutated_input", "생성자의 forward가 입력 z를 제자리에서(in-place) 바꿨습니다.",
                          "forward 안에서 z.mul_(...), z *= ...처럼 입력을 바꾸지 말고 h = z * ...처럼 새 텐서를 만드세요. "
                          "생성자를 부른 쪽의 z까지 바뀌어, 같은 z로 그림을 다시 만들 때 다른 그림이 나옵니다.")
    return out, failure


def _trace_linears(model, z):
    """model(z)를 부르고 (출력, 실패, [(Linear 층, 입력, 출력), ...])을 돌려준다 (불린 순서대로)."""
    calls = []

    def hook(module, inputs, output):
        # clone: 뒤따르는 LeakyReLU(inplace=True)가 기록해 둔 출력을 덮어쓰지 못하게
        calls.append((module, inputs[0].detach().clone(), output.detach().clone()))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        out, failure = _run_model(model, z)
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
        return fail("wrong_layer_count", f"nn.Linear 층이 {len(found)}개입니다 ({text(found)}). 명세에는 "
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
        return fail("wrong_layer_size", what, hint)
    return None


def _output_activation_failure(model, last, z):
    """마지막 Linear 층의 출력 자리에 -6~6의 값을 고르게 넣고, 생성자의 출력이 그 값의 tanh인지 본다.

    가중치를 쓰지 않고 마지막 활성화만 따로 본다: N(0, 0.02)로 초기화한 생성자(weights_init)는 잠재 벡터를
    아무리 키워도 마지막 Linear의 출력이 작아 Tanh가 ±1 근처까지 가지 않으므로, 출력 범위만 보면 정답을
    '범위를 줄였다'고 잘못 말한다. 넣은 값이 ±6까지 가면 tanh는 ±0.99999이다.
    """
    probe = {}

    def hook(module, inputs, output):
        grid = torch.linspace(-PROBE_REACH, PROBE_REACH, output.numel(), dtype=torch.float64)
        probe["value"] = grid.reshape(output.shape)
        # 새 텐서를 돌려준다: 뒤따르는 제자리 연산(tanh_ 등)이 기록해 둔 값을 덮어쓰지 못하게
        return probe["value"].to(output.device, output.dtype)

    handle = last.register_forward_hook(hook)
    try:
        out, failure = _run_model(model, z)
    finally:
        handle.remove()
    if failure is not None:
        return failure
    p = probe["value"].reshape(-1)
    y = out.detach().to("cpu", torch.float64).reshape(-1)
    tanh = torch.tanh(p)
    if close(y, tanh, **LAYER_TOL):
        return None
    tried = (f"마지막 Linear 층의 출력 자리에 -{PROBE_REACH:g}~{PROBE_REACH:g}의 값을 넣어 보았더니 생성자의 출력 범위가 "
             f"[{y.min().item():.2f}, {y.max().item():.2f}]입니다.")
    cov = torch.cov(torch.stack([tanh, y]))
    a = (cov[0, 1] / cov[0, 0]).item()  # y ≈ a·tanh + b 의 최소제곱 맞춤
    b = (y.mean() - a * tanh.mean()).item()
    if abs(a) > 1e-3 and close(y, a * tanh + b, **LAYER_TOL):  # Tanh 뒤에서 곱하거나 옮김 (상수 출력은 빼고)
        b = 0.0 if abs(b) < 1e-4 else b
        form = f"tanh(마지막 Linear 출력) × {a:.3g} {'-' if b < 0 else '+'} {abs(b):.3g}"
        return fail("scaled_tanh", f"{tried} 출력 = {form} 꼴이라 Tanh의 범위 [-1, 1]과 다릅니다.",
                    "Tanh의 출력을 곱하거나 옮기지 말고 그대로 내보내세요. 진짜 그림은 [-1, 1]로 바꿔 쓰므로 생성자도 "
                    "배경(-1)부터 획(1)까지 그릴 수 있어야 하고, 범위가 다르면 판별자가 범위만 보고 가짜를 가려냅니다.")
    if y.min().item() >= 0 and y.max().item() <= 1:
        return fail("sigmoid_output", f"{tried} 한 번도 음수가 되지 않습니다 (0~1 사이). 마지막에 Sigmoid를 쓴 것 같습니다.",
                    "이 강의는 MNIST 픽셀을 [-1, 1]로 바꿔 씁니다 (픽셀/127.5 - 1). 진짜 그림과 범위가 같아야 하므로 "
                    "생성자의 마지막 활성화는 출력이 -1~1인 Tanh입니다.")
    if close(y, p, **LAYER_TOL):
        return fail("missing_tanh", f"{tried} [-1, 1]을 벗어납니다: 마지막 Linear의 출력이 활성화 함수 없이 그대로 "
                    "나옵니다.",
                    "마지막 Linear 뒤에 Tanh를 두어 출력을 [-1, 1]로 맞추세요. 진짜 MNIST 그림도 [-1, 1]로 바꿔 "
                    "쓰므로, 범위가 다르면 판별자가 범위만 보고 가짜를 가려냅니다.")
    return fail("output_activation", f"{tried} 출력이 마지막 Linear 출력의 tanh와 다릅니다.",
                "마지막 Linear 바로 뒤에는 Tanh 하나만 두세요 (clamp나 Hardtanh, ReLU 같은 다른 계산 없이).")


def _activation_failure(i, pre, post, leak):
    """i번째 Linear의 출력 pre와 다음 Linear의 입력 post 사이의 계산이 LeakyReLU(leak)인가."""
    if close(post, F.leaky_relu(pre, leak), **LAYER_TOL):
        return None
    where = f"{i + 1}번째와 {i + 2}번째 Linear 층 사이"
    if close(post, pre, **LAYER_TOL):
        return fail("missing_activation", f"{where}에 활성화 함수가 없습니다.",
                    f"Linear만 이어 쌓으면 전체가 Linear 하나와 같아져 복잡한 그림을 만들 수 없습니다. 층 사이마다 "
                    f"LeakyReLU(기울기 {leak})를 두세요.")
    if close(post, F.relu(pre), **LAYER_TOL):
        return fail("relu", f"{where}의 활성화 함수가 ReLU입니다. 명세는 LeakyReLU({leak})입니다.",
                    f"ReLU는 음수 입력의 기울기가 0이라 기울기가 끊기고 뉴런이 죽을 수 있습니다. GAN에서는 음수 쪽에도 "
                    f"작은 기울기({leak})를 남기는 LeakyReLU를 씁니다.")
    neg, pos = pre < -1e-3, pre > 1e-3
    if neg.any() and close(post[pos], pre[pos], **LAYER_TOL):
        ratio = post[neg] / pre[neg]
        if (ratio.max() - ratio.min()).item() < 1e-3:
            slope = ratio.mean().item()
            hint = f"명세의 음수 쪽 기울기는 {leak}입니다. nn.LeakyReLU에 기울기를 직접 넘기세요."
            if close(slope, 0.01, rtol=0.0, atol=1e-4):
                hint += " 아무것도 넘기지 않으면 기본값 0.01이 쓰입니다."
            return fail("wrong_slope", f"{where}의 LeakyReLU 기울기가 {slope:.3g}입니다.", hint)
    return fail("wrong_activation", f"{where}에 LeakyReLU({leak})가 아닌 계산이 들어 있습니다.",
                f"명세에 없는 층(BatchNorm, Dropout 등)이나 다른 활성화 함수(Sigmoid, Tanh 등)를 빼고, 층 사이에는 "
                f"LeakyReLU({leak}) 하나만 두세요.")


def check_interpolation(fn, seed=None, verbose=True):
    """4강 연습 3: 두 잠재 벡터 사이의 직선 보간 채점.

    fn(z0, z1, steps) → (steps, z 크기) 텐서, i번째 줄 = (1 - t_i)·z0 + t_i·z1, t_i = i / (steps - 1).
    참조: gan_utils.data.latent_interpolation. 값이 맞아도 결과가 입력과 같은 float32 텐서가 아니면 통과시키지
    않는다: 다음 칸이 결과를 float32 생성자에 넣는다 (generate(G, z=...)). 입력 z0, z1을 제자리에서 바꾸면 알린다.
    """
    task = "잠재 벡터 보간"
    gen = rng(seed)
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
    if result:
        failure = _interpolation_dtype_failure(fn, cases[0], task)
        result = result if failure is None else failure
    elif result.code == "exception" and any(word in result.what.lower() for word in ("size", "shape", "dimension")):
        result = rehint(result, "모양이 맞지 않아 곱하거나 더할 수 없습니다. t를 (steps, 1) 모양(unsqueeze(1))으로 만들면 "
                                "크기 d인 z0, z1과 곱할 때 (steps, d)로 넓혀집니다.")
    return finish(result, {
        "wrong_value": "줄마다 t = i / (steps - 1)을 정하고 (1 - t)·z0 + t·z1을 계산하세요. "
                      "t를 (steps, 1) 모양으로 만들면 z0 (크기 d)와 곱할 때 (steps, d)로 넓혀집니다.",
        "wrong_shape": "결과는 (steps, z 크기) 모양이어야 합니다. t를 (steps, 1) 모양(unsqueeze(1))으로 만들었는지 확인하세요.",
        # 공용 힌트는 손실 함수용이라('손실은 torch 텐서여야…') 보간에 맞게 바꾼다
        "not_tensor": "결과는 torch 텐서여야 다음 칸에서 생성자에 넣을 수 있습니다(generate(G, z=...)). np.linspace 대신 "
                      "torch.linspace를 쓰고, numpy로 바꾸지 마세요.",
        "wrong_type": "줄들을 리스트로 모았다면 torch.stack(리스트)로 묶어 (steps, z 크기) 텐서 하나를 돌려주세요.",
    }, verbose)


def _interpolation_dtype_failure(fn, case, task):
    """값이 맞은 보간이 입력과 같은 자료형(float32)인가: 다음 칸이 이 결과를 float32 생성자에 넣는다."""
    value, failure = call_student(fn, tuple(a.clone() if isinstance(a, torch.Tensor) else a for a in case.args), task)
    if failure is not None:
        return failure
    want = case.args[0].dtype
    if isinstance(value, torch.Tensor) and value.dtype == want:
        return None
    got = value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
    return fail("wrong_dtype", f"값은 맞지만 결과의 자료형이 {got}입니다. 입력 z0, z1과 같은 {want}여야 합니다.",
                "다음 칸은 이 결과를 생성자에 넣습니다(generate(G, z=...)). 생성자의 가중치는 float32라 float64 입력이면 "
                "'mat1 and mat2 must have the same dtype' 오류가 납니다. torch.from_numpy(np.linspace(...))는 "
                "float64이니 torch.linspace(0, 1, steps)를 쓰거나 결과에 .float()를 붙이세요.")
