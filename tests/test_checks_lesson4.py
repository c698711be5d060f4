"""4강(MNIST GAN) 연습 채점기 테스트: check_generator_spec, check_training_step.

정답(여러 방식)은 통과하고, 흔한 오답은 그 실수를 콕 집은 한국어 힌트로 걸러지며, 덜 쓴 답(None,
예외, 틀린 자료형)에서도 채점기가 멈추지 않고 이유를 설명하는지 확인한다.
"""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from conftest import run_checker
from gan_utils.checks import check_generator_spec, check_training_step
from gan_utils.checks.core import PASS_TEXT
from gan_utils.models import Generator, weights_init


# ================================================================ 연습 1: 명세대로 생성자 만들기
def mlp(*layers):
    return lambda: nn.Sequential(*layers)


def spec_layers(act=lambda: nn.LeakyReLU(0.2), out=nn.Tanh, widths=(100, 256, 512, 1024, 784), bias=True):
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b, bias=bias))
        layers.append(act() if i < len(widths) - 2 else out())
    return layers


def build_sequential():
    return nn.Sequential(*spec_layers())


def build_inplace():
    return nn.Sequential(*spec_layers(act=lambda: nn.LeakyReLU(0.2, inplace=True)))


class FunctionalGenerator(nn.Module):
    """forward에서 F.leaky_relu와 torch.tanh를 쓰는 답 (활성화가 모듈로 보이지 않아도 통과해야 한다)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(100, 256), nn.Linear(256, 512)
        self.fc3, self.fc4 = nn.Linear(512, 1024), nn.Linear(1024, 784)

    def forward(self, z):
        h = F.leaky_relu(self.fc1(z), 0.2)
        h = F.leaky_relu(self.fc2(h), 0.2)
        h = F.leaky_relu(self.fc3(h), 0.2)
        return torch.tanh(self.fc4(h))


@pytest.mark.parametrize("fn", [build_sequential, build_inplace, FunctionalGenerator, lambda: Generator(),
                                lambda: build_sequential().apply(weights_init),
                                lambda: Generator().apply(weights_init)],
                         ids=["sequential", "inplace", "functional", "gan_utils", "sequential-weights_init",
                              "gan_utils-weights_init"])
def test_generator_spec_accepts_correct_answers(fn):
    result = run_checker(check_generator_spec, fn)
    assert result.passed and result.code == "ok", result.message
    assert result.message.startswith(PASS_TEXT) and "1,486,352" in result.message


class HalfTanh(FunctionalGenerator):
    def forward(self, z):
        return 0.5 * super().forward(z)


class ClampOutput(FunctionalGenerator):
    def forward(self, z):
        h = F.leaky_relu(self.fc3(F.leaky_relu(self.fc2(F.leaky_relu(self.fc1(z), 0.2)), 0.2)), 0.2)
        return self.fc4(h).clamp(-1, 1)


def with_batchnorm():
    layers = spec_layers()
    layers.insert(1, nn.BatchNorm1d(256))
    return nn.Sequential(*layers)


GENERATOR_WRONG = [
    # (오답, 기대하는 code, 메시지에 꼭 있어야 할 문구들)
    (mlp(*spec_layers(out=nn.Sigmoid)), "sigmoid_output", ["음수", "Tanh", "[-1, 1]"]),
    (mlp(*spec_layers()[:-1]), "missing_tanh", ["벗어납니다", "Tanh"]),
    (mlp(*spec_layers(act=nn.ReLU)), "relu", ["ReLU", "LeakyReLU(0.2)"]),
    (mlp(*spec_layers(act=nn.LeakyReLU)), "wrong_slope", ["기울기가 0.01", "기본값 0.01"]),
    (mlp(*spec_layers(act=nn.Identity)), "missing_activation", ["활성화 함수가 없습니다"]),
    (mlp(*spec_layers(widths=(100, 256, 1024, 512, 784))), "wrong_layer_size", ["2번째 Linear", "출력 1024", "출력 512"]),
    (mlp(*spec_layers(widths=(128, 256, 512, 1024, 784))), "wrong_layer_size", ["1번째 Linear", "잠재 벡터", "100"]),
    (mlp(*spec_layers(widths=(100, 256, 512, 1024, 28 * 28 * 3))), "wrong_layer_size", ["4번째 Linear", "784"]),
    (mlp(*spec_layers(widths=(100, 256, 512, 784))), "wrong_layer_count", ["3개", "4개"]),
    (mlp(*spec_layers(bias=False)), "no_bias", ["편향", "bias=False"]),
    (with_batchnorm, "wrong_activation", ["1번째와 2번째", "BatchNorm"]),
    (HalfTanh, "scaled_tanh", ["[-1, 1]", "Tanh", "× 0.5"]),
    (ClampOutput, "output_activation", ["tanh", "clamp"]),
]


@pytest.mark.parametrize("fn, code, phrases", GENERATOR_WRONG,
                         ids=[w[1] + str(i) for i, w in enumerate(GENERATOR_WRONG)])
def test_generator_spec_rejects_typical_mistakes(fn, code, phrases):
    result = run_checker(check_generator_spec, fn)
    assert not result.passed and result.code == code, result.message
    for phrase in phrases:
        assert phrase in result.message, (phrase, result.message)
    assert "힌트:" in result.message and "return " not in result.message  # 정답 코드는 보여 주지 않는다


def raise_inside():
    return nn.Sequential(nn.Linear(100, 256), nn.LeakyRelu(0.2))  # 오타: AttributeError


def not_implemented():
    raise NotImplementedError


GENERATOR_HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (not_implemented, "not_implemented", "NotImplementedError"),
    (lambda: None, "returned_none", "None"),
    (raise_inside, "exception", "AttributeError"),
    (lambda: Generator, "returned_class", "괄호"),
    (lambda: spec_layers(), "not_module", "nn.Sequential"),
    (lambda: 3, "not_module", "int"),
    (lambda z_dim: Generator(z_dim), "wrong_signature", "인자 개수"),
    (lambda: nn.Sequential(nn.ReLU()), "no_linear", "nn.Linear"),
]


@pytest.mark.parametrize("fn, code, phrase", GENERATOR_HALF_WRITTEN,
                         ids=[h[1] + str(i) for i, h in enumerate(GENERATOR_HALF_WRITTEN)])
def test_generator_spec_explains_half_written_answers(fn, code, phrase):
    result = run_checker(check_generator_spec, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


class CrashingForward(FunctionalGenerator):
    def forward(self, z):
        return super().forward(z.view(16, 10, 10).flatten(1))  # 배치 크기를 숫자로 고정


def test_generator_spec_forward_errors_do_not_crash():
    result = run_checker(check_generator_spec, CrashingForward)
    assert not result.passed and result.code == "exception" and "배치 3" in result.message, result.message


def test_generator_spec_prints_result(capsys):
    check_generator_spec(build_sequential)
    assert PASS_TEXT in capsys.readouterr().out


# ================================================================ 연습 2: 학습 한 단계
bce = nn.BCEWithLogitsLoss()


def step_reference(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    d_real, d_fake = D(real), D(fake.detach())
    loss_D = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    out = D(fake)
    loss_G = bce(out, torch.ones_like(out))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def step_tensors_by_hand(G, D, opt_G, opt_D, real, z):
    """손으로 쓴 식, 0차원 텐서 반환, model.zero_grad() 사용, 생성자 단계에서 가짜를 새로 만든다."""
    with torch.no_grad():
        fake = G(z)
    loss_D = -(F.logsigmoid(D(real)).mean() + F.logsigmoid(-D(fake)).mean())
    D.zero_grad()
    loss_D.backward()
    opt_D.step()
    loss_G = -F.logsigmoid(D(G(z))).mean()
    G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.detach(), loss_G.detach()


def step_dcgan_style(G, D, opt_G, opt_D, real, z):
    """PyTorch DCGAN 예제처럼 진짜·가짜 손실을 따로 backward() 해서 기울기를 모은 뒤 한 번에 step()."""
    D.zero_grad()
    out = D(real)
    loss_real = bce(out, torch.ones_like(out))
    loss_real.backward()
    fake = G(z)
    out = D(fake.detach())
    loss_fake = bce(out, torch.zeros_like(out))
    loss_fake.backward()
    opt_D.step()
    G.zero_grad()
    out = D(fake)
    loss_G = bce(out, torch.ones_like(out))
    loss_G.backward()
    opt_G.step()
    return (loss_real + loss_fake).item(), loss_G.item()


def make_step(*, detach=True, g_loss="ns", d_labels=(1.0, 0.0), g_first=False, zero_grad=(True, True),
              retain=False, returns="items", d_scale=1.0, before=None):
    """흔한 실수를 하나씩 켤 수 있는 학습 단계 (tests/test_checker_verdicts_l34.py도 쓴다).

    before(real, z)는 계산 전에 입력에 하는 일 (제자리 변경 실수)."""
    def step(G, D, opt_G, opt_D, real, z):
        if before:
            before(real, z)

        def d_update(fake):
            d_real, d_fake = D(real), D(fake.detach() if detach else fake)
            loss = d_scale * (bce(d_real, torch.full_like(d_real, d_labels[0]))
                              + bce(d_fake, torch.full_like(d_fake, d_labels[1])))
            if zero_grad[0]:
                opt_D.zero_grad()
            loss.backward(retain_graph=retain)
            opt_D.step()
            return loss

        def g_update(fake):
            out = D(fake)
            loss = {"ns": lambda: bce(out, torch.ones_like(out)),
                    "saturating": lambda: torch.log(1 - torch.sigmoid(out)).mean(),
                    "negated": lambda: -bce(out, torch.ones_like(out)),
                    "label0": lambda: bce(out, torch.zeros_like(out))}[g_loss]()
            if zero_grad[1]:
                opt_G.zero_grad()
            loss.backward()
            opt_G.step()
            return loss

        fake = G(z)
        if g_first:
            loss_G = g_update(fake)
            loss_D = d_update(G(z))
        else:
            loss_D = d_update(fake)
            loss_G = g_update(fake)
        return {"items": (loss_D.item(), loss_G.item()), "tensors": (loss_D, loss_G), "none": None,
                "swapped": (loss_G.item(), loss_D.item())}[returns]
    return step


@pytest.mark.parametrize("fn", [step_reference, step_tensors_by_hand, step_dcgan_style], ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [0, 1, None])
def test_training_step_accepts_correct_answers(fn, seed):
    result = run_checker(check_training_step, fn, seed=seed)
    assert result.passed and result.code == "ok", result.message
    assert result.message.startswith(PASS_TEXT)


def stale_d_output(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    d_fake = D(fake)  # 판별자를 갱신하기 전의 출력을 생성자 손실에 다시 쓴다
    d_real = D(real)
    loss_D = bce(d_real, torch.ones_like(d_real)) + bce(D(fake.detach()), torch.zeros_like(d_fake))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    loss_G = bce(d_fake, torch.ones_like(d_fake))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def fresh_optimizer(G, D, opt_G, opt_D, real, z):
    opt_D = torch.optim.Adam(D.parameters())  # 넘겨받은 옵티마이저를 쓰지 않는다
    return step_reference(G, D, opt_G, opt_D, real, z)


def no_g_update(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    d_real, d_fake = D(real), D(fake.detach())
    loss_D = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    out = D(fake)
    return loss_D.item(), bce(out, torch.ones_like(out)).item()


def no_d_update(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    d_real, d_fake = D(real), D(fake.detach())
    loss_D = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    out = D(fake)  # opt_D.step()이 없어 판별자가 그대로다
    loss_G = bce(out, torch.ones_like(out))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def left_frozen(G, D, opt_G, opt_D, real, z):
    loss_D, loss_G = step_reference(G, D, opt_G, opt_D, real, z)
    D.requires_grad_(False)  # 생성자 단계를 위해 고정했다가 되돌리지 않았다
    return loss_D, loss_G


def concat_mean(G, D, opt_G, opt_D, real, z):
    fake = G(z)
    logits = D(torch.cat([real, fake.detach()]))
    loss_D = bce(logits, torch.cat([torch.ones_like(logits[:len(real)]), torch.zeros_like(logits[len(real):])]))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    out = D(fake)
    loss_G = bce(out, torch.ones_like(out))
    opt_G.zero_grad()
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


STEP_WRONG = [
    # (오답, 기대하는 code, 메시지에 꼭 있어야 할 문구들)
    (make_step(detach=False), "missing_detach", [".detach()", "backward"]),
    (make_step(detach=False, retain=True), "missing_detach", [".detach()", "2번"]),
    (stale_d_output, "stale_d_output", ["갱신된 판별자"]),
    (make_step(g_loss="saturating"), "saturating", ["포화형", "-log D(G(z))"]),
    (make_step(d_labels=(0.0, 1.0)), "labels_swapped", ["판별자 손실", "뒤바뀌었", "진짜 표본의 목표는 1"]),
    (make_step(g_loss="label0"), "labels_swapped", ["생성자 손실", "레이블 0", "진짜(1)"]),
    (make_step(g_first=True), "wrong_order", ["먼저", "판별자 한 번", "생성자 한 번"]),
    (make_step(zero_grad=(False, True)), "no_zero_grad", ["zero_grad()", "(opt_D)", "누적"]),
    (make_step(zero_grad=(True, False)), "no_zero_grad", ["zero_grad()", "(opt_G)", "생성자의 갱신"]),
    (make_step(zero_grad=(False, False)), "no_zero_grad", ["opt_D, opt_G"]),
    (make_step(returns="swapped"), "return_order", ["(loss_D, loss_G)"]),
    (fresh_optimizer, "d_mismatch", ["판별자", "옵티마이저를 새로"]),
    (no_g_update, "g_not_updated", ["생성자의 매개변수가 그대로", "opt_G"]),
    (no_d_update, "d_not_updated", ["판별자의 매개변수가 그대로", "opt_D"]),
    (left_frozen, "left_frozen", ["requires_grad_(True)"]),
    (concat_mean, "d_loss_halved", ["절반", "더한 값"]),
]


@pytest.mark.parametrize("fn, code, phrases", STEP_WRONG, ids=[w[1] + str(i) for i, w in enumerate(STEP_WRONG)])
@pytest.mark.parametrize("seed", [0, 1])
def test_training_step_rejects_typical_mistakes(fn, code, phrases, seed):
    result = run_checker(check_training_step, fn, seed=seed)
    assert not result.passed and result.code == code, result.message
    for phrase in phrases:
        assert phrase in result.message, (phrase, result.message)
    assert "힌트:" in result.message and "return " not in result.message


def fixed_batch(G, D, opt_G, opt_D, real, z):
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


STEP_HALF_WRITTEN = [
    (None, "no_function", "없습니다"),
    (lambda *args: not_implemented(), "not_implemented", "NotImplementedError"),
    (make_step(returns="none"), "returned_none", "(loss_D, loss_G)"),
    (lambda G, D, opt_G, opt_D, real, z: 1 / 0, "exception", "ZeroDivisionError"),
    (lambda G, D, opt_G, opt_D, real, z: 0.5, "wrong_structure", "float"),
    (lambda G, D, opt_G, opt_D, real, z: (float("nan"), 0.5), "not_number", "loss_D"),
    (lambda G, D, real, z: (0.0, 0.0), "wrong_signature", "인자 개수"),
    (fixed_batch, "exception", "배치 크기를 숫자로"),
]


@pytest.mark.parametrize("fn, code, phrase", STEP_HALF_WRITTEN,
                         ids=[h[1] + str(i) for i, h in enumerate(STEP_HALF_WRITTEN)])
def test_training_step_explains_half_written_answers(fn, code, phrase):
    result = run_checker(check_training_step, fn)
    assert not result.passed and result.code == code, result.message
    assert phrase in result.message


def test_training_step_leaves_student_rng_alone(capsys):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    check_training_step(step_reference)
    assert torch.equal(torch.rand(3), expected)  # 채점용 모델을 만들어도 노트북의 난수 흐름은 그대로
    assert PASS_TEXT in capsys.readouterr().out


# ---------------------------------------------------------------- 연습 3: 잠재 벡터 보간
def _interp_good(z0, z1, steps):
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    return (1 - t) * z0 + t * z1


def _interp_reversed(z0, z1, steps):
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    return t * z0 + (1 - t) * z1


def _interp_no_endpoint(z0, z1, steps):
    t = (torch.arange(steps) / steps).unsqueeze(1)
    return (1 - t) * z0 + t * z1


def _interp_flat(z0, z1, steps):
    t = torch.linspace(0, 1, steps)
    return (1 - t) * z0[0] + t * z1[0]  # (steps,): 좌표 하나만


def _interp_midpoint(z0, z1, steps):
    return ((z0 + z1) / 2).repeat(steps, 1)


def test_interpolation_reference_passes():
    from gan_utils.checks import check_interpolation
    for seed in (0, 1, None):
        result = check_interpolation(_interp_good, seed=seed, verbose=False)
        assert result and result.code == "ok" and "정답입니다" in result.message


@pytest.mark.parametrize("fn, code, hint", [
    (_interp_reversed, "reversed", "방향이 반대"),
    (_interp_no_endpoint, "no_endpoint", "steps - 1"),
    (_interp_flat, "wrong_shape", "unsqueeze(1)"),
    (_interp_midpoint, "midpoint_only", "가운데 점"),
    (lambda z0, z1, steps: None, "returned_none", "return"),
    (lambda z0, z1, steps: (_ for _ in ()).throw(NotImplementedError()), "not_implemented", "NotImplementedError"),
    (lambda z0, z1, steps: 1 / 0, "exception", "ZeroDivisionError"),
    (None, "no_function", "def"),
])
def test_interpolation_wrong_answers_get_the_right_hint(fn, code, hint):
    from gan_utils.checks import check_interpolation
    result = check_interpolation(fn, seed=0, verbose=False)
    assert not result and result.code == code, result.message
    assert hint in result.message and "힌트:" in result.message
