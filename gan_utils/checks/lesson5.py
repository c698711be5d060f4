"""5강(조건부 GAN과 DCGAN) 연습 채점기: 조건부 입력 만들기, 전치 합성곱의 출력 크기, 조건부 판별자 한 단계의 배치.

조건부 입력과 판별자 배치는 키트의 모델·학습 루프와 같은 약속을 따른다: 원-핫 레이블은 z(그림) 뒤에 붙고
(gan_utils.models의 Generator/Discriminator(num_classes=K)), 판별자 단계는 진짜 다음에 detach한 가짜를 한 배치로
잇고 레이블도 같은 순서로 두 번 잇는다 (gan_utils.train.d_step). 그래서 통과한 답은 키트의 모델에 그대로 들어간다.
흔한 실수는 결과의 모양(열 개수)이나 값을 그 실수가 낼 것과 맞춰 보고 콕 집어 말한다.
"""
import re

import torch
import torch.nn.functional as F

from .core import Case, call_student, close, difference, fail, finish, passed, rehint, report, rng, run_check

MNIST_CLASSES = 10


def _tensor_failure(value, subject, hint):
    """value가 텐서가 아니면 그 까닭의 CheckResult, 텐서면 None. subject는 조사까지 붙인 주어 ('inputs(첫째 값)이')."""
    if value is None:
        return fail("returned_none", f"{subject} None입니다.", "함수 마지막의 return 문이 그 값을 돌려주는지 확인하세요.")
    if not isinstance(value, torch.Tensor):
        return fail("not_tensor", f"{subject} torch 텐서가 아니라 {type(value).__name__}입니다.", hint)
    return None


def _randint(gen, low, high):
    return int(torch.randint(low, high, (), generator=gen))


# ---------------------------------------------------------------- 5강 연습 1: 조건부 입력 (z 뒤에 원-핫 레이블)
def check_conditional_input(fn, seed=None, verbose=True):
    """5강 연습 1: 조건부 생성자의 입력 만들기 채점.

    fn(z, y, num_classes) → (B, z 크기 + num_classes) 텐서: z 뒤에 정수 레이블 y (B,)의 원-핫을 붙인 것.
    결과는 z와 같은 자료형(float32 또는 float64)이어야 한다. 키트의 조건부 생성자(Generator(num_classes=K))와
    같은 순서다. 입력 묶음 셋은 num_classes가 모두 10이 아니고(숫자 10을 적어 넣으면 드러나게) z의 자료형과
    배치 크기가 다르다. 마지막 묶음에는 가장 큰 클래스가 없다: F.one_hot에 num_classes를 넘기지 않으면 드러난다.
    """
    return report(lambda: _check_conditional_input(fn, rng(seed)),
                  "함수가 (배치, z 크기 + num_classes) 텐서 하나를 돌려주는지 확인하세요.", verbose)


def _conditional_cases(gen):
    """입력 묶음 셋. z 크기는 20 이상, num_classes는 20 이하라서 실수마다 결과의 열 개수(z 크기 + 1, z 크기 + 10,
    num_classes, ...)가 서로 다르다. 묶음 1은 num_classes가 10보다 작아 10을 적어 넣은 답이 오류 없이 열 개수로 드러난다."""
    last_classes = [k for k in range(3, 21) if k not in (10, 11)]  # 11이면 num_classes를 빠뜨린 답이 10열이 된다
    k1, k2, k3 = _randint(gen, 2, 10), _randint(gen, 11, 21), last_classes[_randint(gen, 0, len(last_classes))]
    last_dtype = (torch.float32, torch.float64)[_randint(gen, 0, 2)]
    # (num_classes, z의 자료형, 가장 큰 레이블): 묶음 3은 가장 큰 클래스를 빼고 뽑는다
    specs = [(k1, torch.float32, k1 - 1), (k2, torch.float64, k2 - 1), (k3, last_dtype, k3 - 2)]
    cases = []
    for i, (classes, dtype, top) in enumerate(specs):
        batch, z_dim = _randint(gen, 6, 17), _randint(gen, 20, 65)
        y = torch.randint(0, top + 1, (batch,), generator=gen)
        y[:2] = torch.tensor([0, top])  # 양 끝 레이블이 늘 있어야 레이블을 하나 밀린 답이 묶음마다 같게 드러난다
        y = y[torch.randperm(batch, generator=gen)]
        z = torch.randn(batch, z_dim, generator=gen, dtype=dtype)
        label = f"입력 묶음 {i + 1}: z {tuple(z.shape)} {str(dtype).replace('torch.', '')}, num_classes {classes}"
        cases.append(Case((z, y, classes), {}, label))
    return cases


def _check_conditional_input(fn, gen):
    task = "조건부 입력"
    for i, case in enumerate(_conditional_cases(gen)):
        z, y, classes = case.args
        value, failure = call_student(fn, (z.clone(), y.clone(), classes), task)
        if failure is not None:
            failure = _conditional_exception(failure, z, classes)
            if i > 0 and failure.code == "exception":
                failure.note = "앞의 입력에서는 실행되었는데 num_classes나 배치 크기가 다른 입력에서 오류가 났습니다."
            return failure
        if value is None:
            return fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).",
                        "함수 마지막에 return 문이 있는지 확인하세요.")
        failure = _tensor_failure(value, f"{task} 함수가 돌려준 값이", "torch.cat으로 z와 원-핫을 이어 붙인 텐서 하나를 돌려주세요.")
        if failure is None:
            failure = _conditional_failure(value, z, y, classes, case.label, task)
        if failure is not None:
            return failure
    return passed(f"{task}: 무작위 입력 3묶음(num_classes와 z의 자료형이 다름)에서 z 뒤에 붙인 원-핫 레이블이 "
                  "참조 구현과 일치하고, 자료형도 z와 같습니다.")


def _conditional_exception(failure, z, classes):
    """조건부 입력에서 흔한 오류 메시지를 그 실수의 이름과 힌트로 바꾼다."""
    text = failure.what.lower()
    if "except in dimension 0" in text:
        return rehint(failure, "torch.cat의 기본 축은 0(배치)이라 z 아래에 원-핫을 줄로 붙이려 했습니다. 표본마다 z 옆에 "
                               "원-핫 칸을 붙이려면 열 방향으로, dim=1을 따라 이으세요.", "cat_dim0")
    sizes = f"with size ({classes}|{z.shape[1] + classes})$"
    if "must be non-negative" in text or "smaller than num_classes" in text or (
            "out of bounds" in text and re.search(sizes, text)):
        return rehint(failure, _OFF_BY_ONE_HINT, "off_by_one")
    if "must match except in dimension" in text:
        return rehint(failure, "torch.cat으로 잇는 텐서들은 잇는 축(dim=1) 말고는 모양이 같아야 합니다. z는 (배치, z 크기), "
                               "원-핫은 (배치, num_classes)인지 print(....shape)로 확인하세요.")
    return failure


_OFF_BY_ONE_HINT = ("레이블은 0부터 num_classes - 1까지의 정수이고, 레이블 y의 원-핫은 0부터 세어 y번째 칸이 1입니다. "
                    "레이블에 1을 더하거나 빼지 마세요.")


def _conditional_failure(value, z, y, classes, label, task):
    """조건부 입력 한 묶음의 결과를 살핀다. 맞으면 None."""
    batch, z_dim = z.shape
    want = (batch, z_dim + classes)
    shape = tuple(value.shape)
    got = value.detach().to("cpu", torch.float64)
    if not torch.isfinite(got).all():
        return fail("not_finite", f"{task} 함수의 결과에 NaN이나 무한대가 있습니다 ({label}).",
                    "z와 원-핫을 잇기만 하면 NaN이 나올 수 없습니다. 나눗셈이나 log 같은 다른 계산을 빼세요.")
    max_label = int(y.max()) + 1
    by_columns = [  # (결과의 열 개수, 코드, 힌트): 열 개수만 보아도 무엇을 빠뜨렸는지 안다
        (z_dim + 1, "label_column", "레이블을 숫자 한 칸으로 붙였습니다. 3과 7처럼 레이블 숫자의 크기에는 뜻이 없으므로, "
                                    "클래스마다 한 칸씩 num_classes칸 가운데 그 클래스의 칸만 1인 원-핫 벡터로 바꿔 붙이세요."),
        (z_dim + MNIST_CLASSES, "hardcoded_classes",
         "원-핫의 칸 수를 10으로 적어 넣었습니다. MNIST는 10개지만 다른 데이터에서도 쓰도록 인자 num_classes를 쓰세요."),
        (z_dim + max_label, "inferred_classes",
         "원-핫의 칸 수가 이 배치의 가장 큰 레이블 + 1입니다. F.one_hot에 num_classes를 넘기지 않으면 배치에 든 레이블로 "
         "칸 수를 짐작하므로, 가장 큰 클래스가 없는 배치에서 칸이 모자랍니다. num_classes를 넘기세요."),
        (classes, "onehot_only", "원-핫만 돌려주고 z를 빠뜨렸습니다. 생성자는 잠재 벡터 z와 레이블을 함께 받아야 "
                                 "같은 레이블에서도 여러 가지 그림을 그립니다. z 뒤에 원-핫을 이어 붙이세요."),
    ]
    if shape != want:
        for columns, code, hint in by_columns:
            if shape == (batch, columns):
                return fail(code, f"{task} 함수의 결과 모양이 {shape}입니다. (배치, z 크기 + num_classes) = {want}이어야 "
                            f"합니다 ({label}).", hint)
        return fail("wrong_shape", f"{task} 함수의 결과 모양이 {shape}입니다. (배치, z 크기 + num_classes) = {want}이어야 "
                    f"합니다 ({label}).", "z (배치, z 크기)와 원-핫 (배치, num_classes)을 열 방향(dim=1)으로 이으세요.")

    z64 = z.double()
    one_hot = F.one_hot(y, classes).double()
    expected = torch.cat([z64, one_hot], dim=1)
    if close(got, expected):
        if value.dtype != z.dtype:
            return _dtype_failure(z, f"값은 맞지만 결과의 자료형이 {value.dtype}입니다 ({label}).")
        return None
    shifted = torch.cat([z64, torch.zeros_like(one_hot)], dim=1)  # 인덱스로 써 넣다 한 칸 앞: y = 0이면 z의 마지막 칸
    shifted[torch.arange(batch), z_dim + y - 1] = 1.0
    for code, wrong, hint in (
        ("onehot_first", torch.cat([one_hot, z64], dim=1),
         "원-핫을 z 앞에 붙였습니다. 순서가 뒤바뀌면 키트의 조건부 생성자·판별자(원-핫을 z와 그림 뒤에 붙임)와 칸의 뜻이 "
         "어긋납니다. z를 앞에, 원-핫을 뒤에 두세요."),
        ("off_by_one", torch.cat([z64, F.one_hot((y - 1) % classes, classes).double()], dim=1), _OFF_BY_ONE_HINT),
        ("off_by_one", shifted, _OFF_BY_ONE_HINT),
    ):
        if close(got, wrong):
            return fail(code, f"{task} 값이 틀렸습니다 ({label}).", hint)
    if value.is_floating_point():
        return fail("wrong_value", f"{task} 값이 틀렸습니다 ({label}): {difference(got, expected)}.",
                    "앞의 z 크기만큼의 칸은 z 그대로, 뒤의 num_classes칸은 레이블의 칸만 1이고 나머지는 0이어야 합니다.")
    return _dtype_failure(z, f"결과의 자료형이 {value.dtype}라 z의 소수 값이 잘렸습니다 ({label}).")


def _dtype_failure(z, what):
    return fail("wrong_dtype", what + f" z와 같은 {z.dtype}이어야 합니다.",
                "자료형을 z에 맞추세요: 원-핫(정수)을 .to(z.dtype)로 바꾸거나, 새 텐서를 z.new_zeros(...)나 "
                "torch.zeros(..., dtype=z.dtype, device=z.device)로 만드세요. 정수나 float32로 고정하면 "
                "z의 자료형(float64 등)과 어긋납니다.")


# ---------------------------------------------------------------- 5강 연습 2: 전치 합성곱의 출력 크기
DCGAN_SIZES = ((4, 3, 2, 1, 0), (7, 4, 2, 1, 0), (14, 4, 2, 1, 0))  # 키트의 DCGAN 생성자: 4×4 → 7×7 → 14×14 → 28×28
SIZE_SPREAD = 0.5  # 후보끼리 이만큼 떨어지면 학생의 값이 둘에 함께 맞을 수 없다 (close의 허용 오차는 크기 150에서 약 0.15)


def transposed_conv_size(size, kernel, stride=1, padding=0, output_padding=0):
    """참조: nn.ConvTranspose2d의 출력 크기 (dilation 1)."""
    return (size - 1) * stride - 2 * padding + kernel + output_padding


def _size_mistakes(size, kernel, stride, padding, output_padding):
    """전치 합성곱 크기의 흔한 실수와 그 실수가 낼 값: [(코드, 값, 힌트), ...]."""
    right = transposed_conv_size(size, kernel, stride, padding, output_padding)
    conv_hint = ("보통 합성곱(nn.Conv2d)의 출력 크기 식을 썼습니다. 그 식은 그림을 줄입니다. 전치 합성곱은 그 반대 방향으로, "
                 "입력 칸 사이를 stride만큼 벌려 그림을 키웁니다: 나누지 말고 곱하세요.")
    return [
        ("conv_formula", (size + 2 * padding - kernel) // stride + 1, conv_hint),
        ("conv_formula", (size + 2 * padding - kernel) / stride + 1, conv_hint),
        ("no_output_padding", right - output_padding,
         "output_padding을 더하지 않았습니다. 보폭이 2 이상이면 출력 크기가 하나로 정해지지 않아, output_padding만큼 "
         "한쪽 끝에 칸을 더해 원하는 크기를 고릅니다."),
        ("padding_sign", right + 4 * padding,
         "padding의 부호가 반대입니다. 전치 합성곱의 padding은 칸을 더하는 것이 아니라, 다 키운 출력의 양쪽 끝에서 "
         "padding칸씩(모두 2 × padding칸) 잘라 냅니다."),
        ("size_times_stride", right + stride,
         "입력 크기에 stride를 바로 곱했습니다. 입력 칸 size개 사이의 간격은 size - 1개라서, 간격마다 stride씩 벌리면 "
         "(size - 1) × stride만큼 떨어집니다. 마지막 칸에서 커널이 kernel칸을 덮습니다."),
    ]


def _sizes_apart(args):
    """참조 값과 실수 후보의 값이 (같은 코드끼리는 빼고) 서로 다르고, 출력 크기가 양수인가."""
    right = transposed_conv_size(*args)
    points = [("ok", right)] + [(code, value) for code, value, _ in _size_mistakes(*args)]
    return right > 0 and all(abs(a - b) > SIZE_SPREAD for i, (code_a, a) in enumerate(points)
                             for code_b, b in points[i + 1:] if code_a != code_b)


def _transposed_cases(gen):
    """DCGAN 생성자의 세 층과, 실수마다 값이 갈리는 무작위 입력 셋 (output_padding ≥ 1, padding ≥ 1, stride ≥ 2).

    DCGAN의 세 층은 output_padding이 0이라 그것을 빠뜨린 답도 맞는다: 그 실수는 무작위 묶음에서 드러나고,
    진단(core.diagnose)은 그 실수가 모든 묶음과 어긋나지 않는지 보므로 늘 같은 실수로 짚는다.
    """
    cases = [Case(args, {}, f"DCGAN 생성자의 전치 합성곱 {args[0]}×{args[0]} → ? (kernel {args[1]}, stride 2, padding 1)",
                  fixed="DCGAN 생성자의 층") for args in DCGAN_SIZES]
    while len(cases) < len(DCGAN_SIZES) + 3:
        kernel, stride = _randint(gen, 2, 8), _randint(gen, 2, 5)
        args = (_randint(gen, 2, 33), kernel, stride, _randint(gen, 1, kernel), _randint(gen, 1, stride))
        if _sizes_apart(args):
            cases.append(Case(args, {}, f"입력 묶음 {len(cases) + 1}: size {args[0]}, kernel {args[1]}, stride {args[2]}, "
                                        f"padding {args[3]}, output_padding {args[4]}"))
    return cases


def check_transposed_conv_size(fn, seed=None, verbose=True):
    """5강 연습 2: 전치 합성곱(nn.ConvTranspose2d)의 출력 크기 채점.

    fn(size, kernel, stride, padding, output_padding) → 정수 하나 (정수와 같은 float, numpy 정수도 받는다).
    키트의 DCGAN 생성자의 세 층(4 → 7: kernel 3, 7 → 14, 14 → 28: kernel 4, 모두 stride 2, padding 1)과 무작위 입력 셋으로
    참조와 비교한다.
    무작위 입력은 흔한 실수(보통 합성곱의 식, output_padding 빠뜨림, padding 부호, size × stride)가 저마다 다른
    값을 내도록 고른다.
    """
    cases = _transposed_cases(rng(seed))
    result = run_check(
        fn, task="전치 합성곱의 출력 크기", cases=cases,
        reference=lambda case, differentiable=False: torch.tensor(float(transposed_conv_size(*case.args))),
        mistakes=lambda case: _size_mistakes(*case.args), verbose=False)
    integer_hint = "정수 하나를 return 하세요 (크기는 칸의 개수입니다)."
    return finish(result, {
        "wrong_value": "입력 칸 사이를 stride만큼 벌리고, 마지막 칸에서 커널이 kernel칸을 덮고, 양쪽 끝에서 padding칸씩 "
                       "잘라 내고, 한쪽 끝에 output_padding칸을 더한다고 생각하며 항을 하나씩 확인하세요.",
        "not_finite": integer_hint, "not_scalar": integer_hint, "wrong_type": integer_hint,
    }, verbose)


# ---------------------------------------------------------------- 5강 연습 3: 조건부 판별자 한 단계의 배치
def check_discriminator_batch(fn, seed=None, verbose=True):
    """5강 연습 3: 조건부 판별자 한 단계에 넣을 배치 채점.

    fn(real, fake, labels) → (inputs, both_labels). inputs (2B, 픽셀 수)는 진짜 다음에 가짜를 이은 것이고,
    가짜는 생성자와 끊어져 있어야 한다 (판별자의 backward가 생성자까지 내려가지 않게). both_labels (2B,)는 정수
    레이블을 같은 순서로 두 번 이은 것이다: 가짜는 그 레이블로 만들었다. 참조: gan_utils.train.d_step.
    가짜는 requires_grad=True인 '생성자 가중치'에서 계산해 넘기고, inputs에서 backward가 그 가중치까지 닿는지 본다.
    배치 크기가 다른 두 묶음으로 부른다.
    """
    return report(lambda: _check_discriminator_batch(fn, rng(seed)),
                  "함수가 (inputs, both_labels) 두 텐서를 돌려주는지 확인하세요.", verbose)


def _batch_case(gen, batch):
    """진짜 배치, 생성자 가중치(잎 텐서)에서 계산한 가짜 배치, 레이블. 레이블은 처음과 끝이 달라 뒤집으면 달라진다."""
    pixels = _randint(gen, 10, 31)
    real = torch.rand(batch, pixels, generator=gen) * 2 - 1
    weight = torch.randn(pixels, pixels, generator=gen).requires_grad_()
    fake = torch.tanh(torch.randn(batch, pixels, generator=gen) @ weight)
    labels = torch.randint(0, MNIST_CLASSES, (batch,), generator=gen)
    labels[-1] = (labels[0] + _randint(gen, 1, MNIST_CLASSES)) % MNIST_CLASSES
    return real, fake, labels, weight


def _check_discriminator_batch(fn, gen):
    task = "판별자 배치"
    first = _randint(gen, 6, 12)
    for i, batch in enumerate((first, first + _randint(gen, 3, 8))):
        real, fake, labels, weight = _batch_case(gen, batch)
        value, failure = call_student(fn, (real, fake, labels), task)
        if failure is not None:
            if failure.code == "exception" and "dimension out of range" in failure.what.lower():
                return rehint(failure, _CAT_DIM1_HINT, "cat_dim1")
            if i > 0 and failure.code == "exception":
                failure.note = ("앞의 입력에서는 실행되었는데 배치 크기가 다른 입력에서 오류가 났습니다. 배치 크기를 숫자로 "
                                "고정하지 않았는지 확인하세요.")
            return failure
        if not fake.requires_grad:
            return fail("detached_in_place", "넘겨받은 fake를 제자리에서 끊었습니다 (fake.detach_()). 함수 밖의 fake도 "
                        "생성자와 끊어져, 이어지는 생성자 단계가 학습하지 못합니다.",
                        "fake.detach()처럼 끊은 새 텐서를 만들어 판별자 배치에만 쓰고, 받은 fake는 그대로 두세요.")
        structure_hint = "판별자에 넣을 그림과 그 레이블, 두 텐서를 return inputs, both_labels 처럼 돌려주세요."
        if value is None:
            return fail("returned_none", f"{task} 함수가 아무것도 돌려주지 않았습니다 (None).", structure_hint)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            kind = f"값 {len(value)}개" if isinstance(value, (tuple, list)) else type(value).__name__
            return fail("wrong_structure", f"{task} 함수가 (inputs, both_labels) 두 값이 아니라 {kind}을(를) 돌려주었습니다.",
                        structure_hint)
        failure = _inputs_failure(value[0], real, fake, weight, task)
        if failure is None:
            failure = _labels_failure(value[1], labels, task)
        if failure is not None:
            return failure
    return passed(f"{task}: 배치 크기가 다른 두 묶음에서 진짜 다음 가짜 순서의 그림, 생성자와 끊어진 가짜, 같은 순서로 "
                  "두 번 이은 레이블이 참조 구현과 일치합니다.")


_CAT_DIM1_HINT = ("표본(배치)은 0번 축입니다. 진짜와 가짜를 1번 축(dim=1, 픽셀 방향)으로 이으면 그림마다 픽셀이 두 배인 "
                  "엉뚱한 그림이 됩니다. 그림과 레이블 모두 torch.cat([...])의 기본 축 0을 따라 이으세요.")


def _inputs_failure(inputs, real, fake, weight, task):
    failure = _tensor_failure(inputs, "inputs(첫째 값)이", "진짜와 가짜 그림을 이은 텐서 하나를 돌려주세요 (목록 말고 torch.cat).")
    if failure is not None:
        return failure
    batch, pixels = real.shape
    shape = tuple(inputs.shape)
    if shape == (batch, 2 * pixels):
        return fail("cat_dim1", f"inputs의 모양이 {shape}입니다. 그림 {2 * batch}장이 든 {(2 * batch, pixels)}이어야 합니다.",
                    _CAT_DIM1_HINT)
    if shape != (2 * batch, pixels):
        return fail("wrong_shape", f"inputs의 모양이 {shape}입니다. 진짜 {batch}장과 가짜 {batch}장을 이은 "
                    f"{(2 * batch, pixels)}이어야 합니다.", "진짜 배치와 가짜 배치를 하나도 빼지 말고 배치 방향으로 이으세요.")
    got = inputs.detach().double()
    if not torch.isfinite(got).all():
        return fail("not_finite", "inputs에 NaN이나 무한대가 있습니다.", "그림을 잇기만 하면 NaN이 나올 수 없습니다. 다른 계산을 빼세요.")
    real64, fake64 = real.double(), fake.detach().double()
    if close(got, torch.cat([fake64, real64])):
        return fail("fake_first", "inputs에 가짜가 진짜보다 앞에 있습니다.",
                    "진짜를 앞에, 가짜를 뒤에 두세요. 판별자 단계(gan_utils.train.d_step)는 로짓의 앞 절반을 진짜(목표 1), "
                    "뒤 절반을 가짜(목표 0)로 읽습니다. 순서가 바뀌면 목표가 뒤바뀌어 판별자가 거꾸로 배웁니다.")
    expected = torch.cat([real64, fake64])
    if not close(got, expected):
        return fail("wrong_value", f"inputs의 값이 틀렸습니다: {difference(got, expected)}.",
                    "진짜 배치와 가짜 배치를 그대로(섞거나 바꾸지 말고) 이으세요.")
    if inputs.requires_grad and torch.autograd.grad(inputs.sum(), weight, allow_unused=True)[0] is not None:
        return fail("missing_detach", "inputs에서 backward()를 하면 기울기가 생성자의 가중치까지 흘러갑니다.",
                    "판별자를 갱신할 때 생성자는 고정해야 합니다. 가짜를 .detach() 해서 이으세요: 그러지 않으면 판별자 "
                    "손실의 backward()가 생성자까지 내려가 계산을 낭비하고, 생성자의 .grad에 판별자의 기울기가 쌓입니다.")
    return None


def _labels_failure(both, labels, task):
    failure = _tensor_failure(both, "both_labels(둘째 값)이", "레이블을 이은 정수 텐서 하나를 돌려주세요 (목록 말고 torch.cat).")
    if failure is not None:
        return failure
    batch = len(labels)
    shape = tuple(both.shape)
    if shape == (batch,):
        return fail("labels_not_doubled", f"both_labels의 모양이 {shape}입니다. 그림 {2 * batch}장마다 레이블이 있어야 "
                    f"하므로 {(2 * batch,)}이어야 합니다.",
                    "레이블을 두 번 이으세요: 진짜 그림의 레이블 다음에, 같은 레이블로 만든 가짜 그림의 레이블이 옵니다.")
    if shape != (2 * batch,):
        return fail("wrong_shape", f"both_labels의 모양이 {shape}입니다. {(2 * batch,)}이어야 합니다.",
                    "레이블 (배치,) 두 개를 0번 축으로 이어 (2 × 배치,) 하나로 만드세요.")
    got, want = both.detach().to("cpu", torch.float64), labels.double()
    if close(got, torch.cat([torch.ones(batch), torch.zeros(batch)])):
        return fail("target_labels", "both_labels가 진짜 1, 가짜 0인 목표 값입니다.",
                    "여기서는 진짜/가짜 목표(1과 0)가 아니라 클래스 레이블을 넘깁니다. 조건부 판별자는 그림과 함께 '무슨 숫자의 "
                    "그림인가'(클래스 레이블)를 받습니다. 진짜·가짜 목표는 손실을 계산할 때 따로 씁니다.")
    if close(got, labels.repeat_interleave(2).double()):
        return fail("labels_interleaved", "both_labels가 레이블마다 두 번씩 번갈아 놓였습니다 (a, a, b, b, ...).",
                    "inputs는 진짜 전부 다음에 가짜 전부이므로, 레이블도 레이블 전체 다음에 레이블 전체를 다시 이으세요 "
                    "(repeat_interleave가 아니라 이어 붙이기).")
    if close(got[:batch], want) and not close(got[batch:], want):
        how = " 레이블을 거꾸로 뒤집어 붙였습니다." if close(got[batch:], want.flip(0)) else ""
        return fail("wrong_fake_labels", f"both_labels의 뒤 절반(가짜 그림의 레이블)이 넘겨받은 labels와 다릅니다.{how}",
                    "가짜 그림은 넘겨받은 labels로 만들었으므로, 가짜 몫의 레이블도 같은 labels를 같은 순서로 써야 합니다. "
                    "새로 뽑거나 뒤집으면 판별자가 그림과 레이블의 짝을 잘못 배웁니다.")
    if not close(got, torch.cat([want, want])):
        return fail("wrong_value", f"both_labels의 값이 틀렸습니다: {difference(got, torch.cat([want, want]))}.",
                    "넘겨받은 labels를 같은 순서로 두 번 이으세요.")
    if both.is_floating_point() or both.dtype == torch.bool:
        return fail("labels_dtype", f"both_labels의 값은 맞지만 자료형이 {both.dtype}입니다. 정수 레이블이어야 합니다.",
                    "조건부 판별자는 정수 레이블을 원-핫으로 바꿉니다(F.one_hot은 정수만 받습니다). .float()로 바꾸지 마세요.")
    return None
