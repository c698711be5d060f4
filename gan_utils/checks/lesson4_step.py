"""4강(MNIST GAN) 연습 채점기 (2): 판별자 한 번, 생성자 한 번 갱신하는 학습 단계.

같은 시작점에서 학생 함수와 참조 구현(gan_utils.train의 d_step, g_step)이 한 단계씩 밟게 하고 두 손실과 갱신된
두 모델의 매개변수를 비교한다. 틀리면 흔한 실수(순서 바뀜, 포화형 손실, 부호, 레이블 뒤바뀜, detach 누락,
zero_grad 누락 등)를 같은 시작점에서 흉내 내어 어느 것과 같은지 찾는다.
"""
import copy

import torch
import torch.nn.functional as F

from ..losses import discriminator_loss, generator_loss
from ..models import Discriminator, Generator
from ..train import d_step, g_step
from .core import as_number, call_student, close, fail, passed, rehint, report, rng

STEP_LR = 0.1  # SGD 한 걸음으로도 매개변수가 눈에 띄게 움직이고, 실수마다 결과가 확실히 갈라진다
STEP_TOL = dict(rtol=1e-4, atol=1e-5)  # float32에서 진짜·가짜를 따로 통과시킨 답과 이어 붙인 답의 차이보다 넉넉하게


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
    return report(lambda: _check_training_step(train_step, rng(seed)),
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
        return fail("missing_detach", "판별자 단계에서 판별자 손실의 기울기가 생성자까지 흘러들었습니다 "
                    f"(생성자 매개변수가 기울기를 {grad_calls[0]}번 받았습니다).",
                    "판별자를 갱신할 때 생성자는 고정해야 합니다. 판별자에 넣는 가짜 표본을 .detach() 해서 판별자 "
                    "손실의 backward()가 생성자까지 내려가지 않게 하세요.")
    failure = _step_loss_failure(losses, ref, (G0, D0), (G, D), real, z, task)
    if failure is not None:
        return failure
    for name, model in (("판별자", D), ("생성자", G)):
        if not all(p.requires_grad for p in model.parameters()):
            return fail("left_frozen", f"학습 단계가 끝난 뒤 {name}의 매개변수가 고정된(requires_grad=False) 채로 "
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
                failure.note = ("배치 16에서는 실행되었는데 배치 10에서 오류가 났습니다. 배치 크기를 숫자로 "
                                "고정하지 말고 torch.ones_like처럼 입력의 모양을 따르게 하세요.")
            return failure
        if not close(_flat(model), after, **STEP_TOL):
            stale.append((name, opt))
    if stale:
        names, opts = "와 ".join(n for n, _ in stale), ", ".join(o for _, o in stale)
        return fail("no_zero_grad", f".grad에 이전 기울기가 남아 있으면 {names}의 갱신 결과가 달라집니다: "
                    "지난 기울기가 이번 갱신에 더해졌습니다.",
                    f"PyTorch는 backward()할 때마다 기울기를 .grad에 더합니다(누적). 각 backward() 전에 그 옵티마이저의 "
                    f"zero_grad()를 부르세요 ({opts}).")
    return passed(f"{task}: 판별자 한 번, 생성자 한 번 갱신한 결과(두 손실과 두 모델의 "
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
    if "backward through the graph a second time" in failure.what:
        return None, rehint(failure, "같은 계산 그래프로 backward()를 두 번 불렀습니다. 둘 중 하나입니다: (1) 판별자 단계에서 가짜 "
                                    "표본을 .detach() 하지 않아 판별자 손실의 backward()가 생성자의 그래프까지 지나가며 "
                                    "지웠거나, (2) 판별자 단계에서 계산한 판별자 출력을 생성자 손실에 다시 썼습니다. "
                                    "판별자에 넣는 가짜는 .detach() 하고, 생성자 단계에서는 갱신된 판별자에 fake를 새로 "
                                    "넣어 D(fake)를 다시 계산하세요.", "missing_detach")
    if "modified by an inplace operation" in failure.what:
        return None, rehint(failure, "판별자를 갱신(opt_D.step())하기 전에 계산한 판별자 출력을 생성자 손실에 다시 "
                                    "썼습니다. 그 사이 판별자의 가중치가 바뀌어 backward()를 할 수 없습니다. 생성자 "
                                    "단계에서는 갱신된 판별자에 가짜 표본을 다시 통과시키세요.", "stale_d_output")
    return None, failure


def _two_losses(value, task):
    """(loss_D, loss_G) 두 숫자. ((float, float), None) 또는 (None, CheckResult)."""
    shape_hint = "판별자 손실과 생성자 손실, 두 값을 (loss_D, loss_G) 순서의 튜플로 돌려주세요."
    if value is None:
        return None, fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).", shape_hint)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        what = (f"{task} 함수가 값 {len(value)}개를 돌려주었습니다." if isinstance(value, (tuple, list))
                else f"{task} 함수가 두 값이 아니라 {type(value).__name__} 하나를 돌려주었습니다.")
        return None, fail("wrong_structure", what, shape_hint)
    numbers = [as_number(v) for v in value]
    for name, v, number in zip(("loss_D", "loss_G"), value, numbers):
        if number is None:
            return None, fail("not_number", f"돌려준 {name}이(가) 유한한 숫자 하나가 아닙니다 (받은 값: {v!r:.60}).",
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
    if close(got, _flat(start), rtol=0, atol=1e-7):
        hint = f"{name} 손실로 backward()를 한 뒤 넘겨받은 {opt}로 step()을 부르세요."
        if name == "생성자":
            hint += (" 생성자 단계의 가짜 표본을 detach하거나 torch.no_grad() 안에서 만들면 기울기가 생성자까지 "
                     "오지 않습니다.")
        return fail(f"{code}_not_updated", f"{name}의 매개변수가 그대로입니다.", hint)
    if close(got, after, **STEP_TOL):
        return None
    what = (f"두 손실 값은 맞지만 갱신된 {name}의 매개변수가 참조 구현과 다릅니다." if losses_ok else
            f"갱신된 {name}의 매개변수가 참조 구현과 달라, 그 {name}로 계산한 생성자 손실도 다릅니다.")
    return fail(f"{code}_mismatch", what,
                f"넘겨받은 {opt}로 {name} 손실에 대해 한 번만 step() 하세요. 옵티마이저를 새로 만들거나, 두 번 "
                "갱신하거나, 다른 손실로 backward() 하지 않았는지 확인하세요.")


def _step_loss_failure(losses, ref, start, after, real, z, task):
    """두 손실이 참조 답과 다르면 흔한 실수 중 어느 것과 같은지 찾아 콕 집어 말한다.

    start = (G0, D0)은 학생 함수를 부르기 전의 복사본, after = (G, D)는 학생 함수가 갱신한 모델이다.
    """
    def same(a, b):
        return close(a, b, **STEP_TOL)

    if same(losses, ref[:2]):
        return None
    (G0, D0), (G, D) = start, after

    def swapped_d(r, f):  # 진짜에 0, 가짜에 1: 키트의 판별자 손실은 가짜의 목표를 0으로 고정하므로 직접 쓴다
        return (F.binary_cross_entropy_with_logits(r, torch.zeros_like(r))
                + F.binary_cross_entropy_with_logits(f, torch.ones_like(f)))

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
        return fail("return_order", f"{task} 함수가 돌려준 두 값의 순서가 바뀌었습니다.",
                    "판별자 손실을 먼저, 생성자 손실을 나중에: (loss_D, loss_G) 순서로 돌려주세요.")
    simulated = [(code, _simulate_step(G0, D0, real, z, **kwargs), hint) for code, kwargs, hint in variants]
    got_d, got_g = _flat(D), _flat(G)
    # 손실과 갱신된 두 모델까지 모두 같은 실수가 가장 확실하다 (예: 판별자를 아예 갱신하지 않은 답은 손실만
    # 보면 '생성자를 먼저 갱신한' 답과 같지만, 판별자 매개변수에서 갈린다)
    for code, (loss_d, loss_g, sim_d, sim_g), hint in simulated:
        if (same(losses, (loss_d, loss_g)) and close(got_d, sim_d, **STEP_TOL)
                and close(got_g, sim_g, **STEP_TOL)):
            return fail(code, f"{task}의 손실 값이 틀렸습니다.", hint)
    # 생성자 손실은 갱신된 판별자로 계산하므로, 판별자 손실은 맞는데 갱신이 틀리면 생성자 손실이 따라 틀린다
    if same(losses[:1], ref[:1]):
        failure = _update_failure("판별자", D, D0, ref[2], losses_ok=False)
        if failure is not None:
            return failure
    for code, (loss_d, loss_g, _, _), hint in simulated:
        if same(losses, (loss_d, loss_g)):
            return fail(code, f"{task}의 손실 값이 틀렸습니다.", hint)
    wrong = [name for name, got, want in zip(("loss_D", "loss_G"), losses, ref) if not same((got,), (want,))]
    hint = ("생성자 손실은 방금 갱신된 판별자로 계산한 -log D(G(z))의 평균입니다 (가짜에 목표 1을 붙인 BCE-with-logits)."
            if wrong == ["loss_G"] else
            "판별자 손실은 진짜 로짓에 목표 1, 가짜 로짓에 목표 0을 붙인 BCE-with-logits 두 개의 합입니다. 판별자는 "
            "로짓을 내보내므로 시그모이드를 따로 씌우지 마세요.")
    return fail("wrong_value", f"{task}의 손실 값이 참조 구현과 다릅니다: 받은 값 loss_D {losses[0]:.4f}, loss_G "
                f"{losses[1]:.4f} / 기대한 값 loss_D {ref[0]:.4f}, loss_G {ref[1]:.4f}.", hint)
