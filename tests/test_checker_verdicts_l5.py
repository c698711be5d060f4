"""5강 채점기의 판정이 운에 달리지 않는지: 같은 답은 시드 50개에서 늘 같은 판정을 받는다.

3·4강 표(test_checker_verdicts_l34.py)와 같은 방식이다: 한 반의 학생이 낼 법한 답(여러 방식의 정답, 흔한 실수, 덜 쓴
코드, 틀린 자료형·모양, NaN)을 표로 적고 시드 0~49로 채점한다. 정답은 늘 통과하고, 오답은 늘 그 실수의 code와 그
실수를 가리키는 힌트 문구로 걸러져야 한다. 통과한 답은 키트의 조건부 모델과 DCGAN 생성자에 그대로 맞는지도 확인한다.
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from test_checker_verdicts_l34 import assert_always, not_implemented, verdicts
from gan_utils.checks import check_conditional_input, check_discriminator_batch, check_transposed_conv_size
from gan_utils.checks.lesson5 import _transposed_cases, transposed_conv_size
from gan_utils.models import DCGANGenerator, Discriminator, Generator, one_hot_labels


# ================================================================ 5강 연습 1: 조건부 입력
def cond_index(z, y, num_classes=10):  # 빈 텐서에 z와 1을 인덱스로 써 넣는다
    out = z.new_zeros(len(z), z.shape[1] + num_classes)
    out[:, :z.shape[1]] = z
    out[torch.arange(len(z)), z.shape[1] + y] = 1
    return out


def cond_index_shift(shift, dtype=None):
    """인덱스로 써 넣되 레이블을 shift만큼 밀거나, 새 텐서의 자료형을 dtype으로 고정한 답."""
    def fn(z, y, num_classes=10):
        out = torch.zeros(len(z), z.shape[1] + num_classes, dtype=dtype or z.dtype)
        out[:, :z.shape[1]] = z
        out[torch.arange(len(z)), z.shape[1] + y + shift] = 1
        return out
    return fn


def cond_mutates_z(z, y, num_classes=10):
    z[:, 0] = 0.0  # 넘겨받은 z를 제자리에서 바꾼다
    return torch.cat([z, F.one_hot(y, num_classes).to(z)], 1)


def cond_nan(z, y, num_classes=10):
    return torch.cat([z, F.one_hot(y, num_classes).to(z)], 1) / 0 * 0


CONDITIONAL_ANSWERS = [
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, k).float()], dim=1), "ok", [], id="one_hot-float"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, k).to(z.dtype)], dim=1), "ok", [], id="one_hot-to-dtype"),
    pytest.param(lambda z, y, k=10: torch.cat([z, torch.eye(k)[y]], 1), "ok", [], id="eye-index"),
    pytest.param(lambda z, y, k=10: torch.cat([z, torch.zeros(len(y), k).scatter_(1, y[:, None], 1)], 1), "ok", [],
                 id="scatter"),
    pytest.param(cond_index, "ok", [], id="index-assignment"),
    pytest.param(lambda z, y, k=10: torch.cat([z, (y[:, None] == torch.arange(k)).to(z)], 1), "ok", [],
                 id="compare-arange"),
    pytest.param(lambda z, y, k=10: torch.hstack([z, F.one_hot(y, k)]), "ok", [], id="hstack-promotes"),
    pytest.param(lambda z, y, k=10: torch.cat([z, one_hot_labels(y, k, len(z), z)], 1), "ok", [], id="kit"),
    pytest.param(lambda z, y, k=10: torch.cat([z, y[:, None].float()], 1), "label_column", ["숫자 한 칸"],
                 id="label-column"),
    pytest.param(lambda z, y, k=10: torch.cat([z, y.unsqueeze(1)], 1), "label_column", ["원-핫 벡터"],
                 id="label-column-long"),
    pytest.param(lambda z, y, k=10: torch.cat([F.one_hot(y, k).to(z), z], 1), "onehot_first", ["z를 앞에"],
                 id="onehot-first"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, 10).to(z)], 1), "hardcoded_classes", ["10", "num_classes"],
                 id="hardcoded-10"),
    pytest.param(lambda z, y, k=10: torch.cat([z, torch.eye(10)[y]], 1), "hardcoded_classes", ["num_classes"],
                 id="hardcoded-eye-10"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y).to(z)], 1), "inferred_classes", ["num_classes를 넘기"],
                 id="one_hot-without-num_classes"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, k).to(z)]), "cat_dim0", ["dim=1"], id="cat-dim0"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, k)], 1).float(), "wrong_dtype", ["자료형", ".to(z.dtype)"],
                 id="float32-result"),
    pytest.param(cond_index_shift(0, torch.float32), "wrong_dtype", ["자료형", "float64"], id="zeros-float32"),
    pytest.param(cond_index_shift(0, torch.long), "wrong_dtype", ["자료형", "잘렸"], id="zeros-long"),
    pytest.param(lambda z, y, k=10: torch.cat([z, torch.eye(k)[y - 1]], 1), "off_by_one", ["0부터"], id="eye-minus-1"),
    pytest.param(lambda z, y, k=10: torch.cat([z, torch.eye(k)[y + 1]], 1), "off_by_one", ["0부터"], id="eye-plus-1"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y - 1, k).to(z)], 1), "off_by_one", ["1을 더하거나 빼지"],
                 id="one_hot-minus-1"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y + 1, k).to(z)], 1), "off_by_one", ["0부터"],
                 id="one_hot-plus-1"),
    pytest.param(cond_index_shift(-1), "off_by_one", ["0부터"], id="index-minus-1"),
    pytest.param(cond_index_shift(1), "off_by_one", ["0부터"], id="index-plus-1"),
    pytest.param(lambda z, y, k=10: F.one_hot(y, k).float(), "onehot_only", ["z를 빠뜨"], id="onehot-only"),
    pytest.param(lambda z, y, k=10: torch.cat([z, 2 * F.one_hot(y, k).to(z)], 1), "wrong_value", ["0이어야"],
                 id="onehot-times-2"),
    pytest.param(lambda z, y, k=10: z, "wrong_shape", ["dim=1"], id="z-only"),
    pytest.param(lambda z, y, k=10: [z, F.one_hot(y, k)], "not_tensor", ["torch.cat"], id="returns-list"),
    pytest.param(lambda z, y, k=10: torch.cat([z, F.one_hot(y, k).to(z)], 1).numpy(), "not_tensor", ["torch.cat"],
                 id="returns-numpy"),
    pytest.param(cond_nan, "not_finite", ["NaN"], id="nan"),
    pytest.param(cond_mutates_z, "mutated_input", ["`z`", "제자리"], id="mutates-z"),
    pytest.param(lambda z, y, k=10: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda z, y, k=10: 1 / 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(lambda z, y: z, "wrong_signature", ["인자 개수"], id="two-arguments"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", CONDITIONAL_ANSWERS)
def test_conditional_input_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_conditional_input, fn), code, words)


# ================================================================ 5강 연습 2: 전치 합성곱의 출력 크기
def size_by_layer(size, kernel, stride=1, padding=0, output_padding=0):  # 층을 만들어 재 본다
    layer = nn.ConvTranspose1d(1, 1, kernel, stride=stride, padding=padding, output_padding=output_padding)
    return layer(torch.zeros(1, 1, size)).shape[-1]


TRANSPOSED_ANSWERS = [
    pytest.param(lambda s, k, st=1, p=0, op=0: (s - 1) * st - 2 * p + k + op, "ok", [], id="formula"),
    pytest.param(lambda s, k, st=1, p=0, op=0: s * st - st - 2 * p + k + op, "ok", [], id="expanded"),
    pytest.param(lambda s, k, st=1, p=0, op=0: float((s - 1) * st - 2 * p + k + op), "ok", [], id="float"),
    pytest.param(lambda s, k, st=1, p=0, op=0: np.int64((s - 1) * st) - 2 * p + k + op, "ok", [], id="numpy-int"),
    pytest.param(size_by_layer, "ok", [], id="conv-transpose-layer"),
    pytest.param(lambda s, k, st=1, p=0, op=0: (s + 2 * p - k) // st + 1, "conv_formula", ["보통 합성곱"],
                 id="conv-formula"),
    pytest.param(lambda s, k, st=1, p=0, op=0: (s + 2 * p - k) / st + 1, "conv_formula", ["nn.Conv2d"],
                 id="conv-formula-true-division"),
    pytest.param(lambda s, k, st=1, p=0, op=0: (s - 1) * st - 2 * p + k, "no_output_padding", ["output_padding"],
                 id="no-output-padding"),
    pytest.param(lambda s, k, st=1, p=0, op=0: (s - 1) * st + 2 * p + k + op, "padding_sign", ["잘라 냅니다"],
                 id="plus-padding"),
    pytest.param(lambda s, k, st=1, p=0, op=0: s * st - 2 * p + k + op, "size_times_stride", ["size - 1"],
                 id="size-times-stride"),
    pytest.param(lambda s, k, st=1, p=0, op=0: 2 * s, "wrong_value", ["stride만큼 벌리고"], id="doubles"),
    pytest.param(lambda s, k, st=1, p=0, op=0: float("nan"), "not_finite", ["정수 하나"], id="nan"),
    pytest.param(lambda s, k, st=1, p=0, op=0: (2 * s, 2 * s), "wrong_type", ["정수 하나"], id="returns-tuple"),
    pytest.param(lambda s, k, st=1, p=0, op=0: "14", "wrong_type", ["정수 하나"], id="returns-str"),
    pytest.param(lambda s, k, st=1, p=0, op=0: np.array([s, s]), "not_scalar", ["정수 하나"], id="returns-array"),
    pytest.param(lambda s, k, st=1, p=0, op=0: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda s, k, st=1, p=0, op=0: s // 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(lambda s, k: 2 * s, "wrong_signature", ["인자 개수"], id="two-arguments"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", TRANSPOSED_ANSWERS)
def test_transposed_conv_size_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_transposed_conv_size, fn), code, words)


# ================================================================ 5강 연습 3: 조건부 판별자 한 단계의 배치
def batch_index(real, fake, labels):  # 빈 텐서에 반씩 써 넣는다
    inputs = real.new_empty(2 * len(real), real.shape[1])
    inputs[:len(real)], inputs[len(real):] = real, fake.detach()
    return inputs, labels.repeat(2)


def batch_no_grad(real, fake, labels):
    with torch.no_grad():
        return torch.cat([real, fake]), torch.cat([labels, labels])


def batch_detach_in_place(real, fake, labels):
    fake.detach_()  # 함수 밖의 fake까지 생성자와 끊는다
    return torch.cat([real, fake]), torch.cat([labels, labels])


def batch_clamps_real(real, fake, labels):
    real.clamp_(-0.5, 0.5)
    return torch.cat([real, fake.detach()]), torch.cat([labels, labels])


def batch(inputs=lambda r, f: torch.cat([r, f.detach()]), both=lambda l: torch.cat([l, l])):
    return lambda real, fake, labels: (inputs(real, fake), both(labels))


BATCH_ANSWERS = [
    pytest.param(batch(), "ok", [], id="cat-detach"),
    pytest.param(batch(lambda r, f: torch.cat([r, f.data])), "ok", [], id="data"),
    pytest.param(batch(lambda r, f: torch.vstack([r, f.detach().clone()]), lambda l: l.repeat(2)), "ok", [],
                 id="vstack-repeat"),
    pytest.param(batch(lambda r, f: torch.concat((r, f.detach()), dim=0), lambda l: torch.concat((l, l)).long()), "ok",
                 [], id="concat"),
    pytest.param(batch_no_grad, "ok", [], id="no-grad"),
    pytest.param(batch_index, "ok", [], id="index-assignment"),
    pytest.param(batch(lambda r, f: torch.cat([r, f])), "missing_detach", [".detach()"], id="missing-detach"),
    pytest.param(batch(lambda r, f: torch.cat([f.detach(), r])), "fake_first", ["진짜를 앞에"], id="fake-first"),
    pytest.param(batch(both=lambda l: l), "labels_not_doubled", ["두 번"], id="labels-once"),
    pytest.param(batch(both=lambda l: torch.cat([l, torch.randint_like(l, 10)])), "wrong_fake_labels", ["같은 labels"],
                 id="labels-random"),
    pytest.param(batch(both=lambda l: torch.cat([l, l.flip(0)])), "wrong_fake_labels", ["거꾸로"], id="labels-reversed"),
    pytest.param(batch(lambda r, f: torch.cat([r, f.detach()], dim=1)), "cat_dim1", ["dim=1", "0번 축"],
                 id="cat-dim1"),
    pytest.param(batch(lambda r, f: torch.cat([r, f.detach()], 1), lambda l: torch.cat([l, l], 1)), "cat_dim1",
                 ["0번 축"], id="cat-dim1-labels"),
    pytest.param(batch(both=lambda l: torch.cat([torch.ones(len(l)), torch.zeros(len(l))])), "target_labels",
                 ["클래스 레이블"], id="target-labels"),
    pytest.param(batch(both=lambda l: l.repeat_interleave(2)), "labels_interleaved", ["repeat_interleave"],
                 id="repeat-interleave"),
    pytest.param(batch(both=lambda l: torch.cat([l, l]).float()), "labels_dtype", ["정수"], id="float-labels"),
    pytest.param(batch_detach_in_place, "detached_in_place", ["detach_()"], id="detach-in-place"),
    pytest.param(batch_clamps_real, "mutated_input", ["`real`", "제자리"], id="mutates-real"),
    pytest.param(batch(lambda r, f: r), "wrong_shape", ["진짜"], id="real-only"),
    pytest.param(batch(lambda r, f: torch.cat([r, f.detach()]) * np.nan), "not_finite", ["NaN"], id="nan"),
    pytest.param(batch(lambda r, f: [r, f.detach()]), "not_tensor", ["torch.cat"], id="inputs-list"),
    pytest.param(batch(lambda r, f: torch.cat([r, f.detach()]).flip(0)), "wrong_value", ["그대로"], id="shuffled"),
    pytest.param(lambda real, fake, labels: torch.cat([real, fake.detach()]), "wrong_structure", ["두 텐서"],
                 id="returns-one"),
    pytest.param(lambda real, fake, labels: None, "returned_none", ["return"], id="returns-none"),
    pytest.param(lambda real, fake, labels: 1 / 0, "exception", ["ZeroDivisionError"], id="raises"),
    pytest.param(lambda real, fake: real, "wrong_signature", ["인자 개수"], id="two-arguments"),
    pytest.param(None, "no_function", ["def"], id="none"),
    pytest.param(not_implemented, "not_implemented", ["NotImplementedError"], id="not-implemented"),
]


@pytest.mark.parametrize("fn, code, words", BATCH_ANSWERS)
def test_discriminator_batch_verdict_is_the_same_on_every_seed(fn, code, words):
    assert_always(verdicts(check_discriminator_batch, fn), code, words)


# ================================================================ 표가 빠짐없는지
MISTAKES = {  # 채점기마다 이름 붙인 실수: 표에 모두 있어야 한다
    "conditional": {"label_column", "onehot_first", "hardcoded_classes", "inferred_classes", "cat_dim0", "wrong_dtype",
                    "off_by_one", "onehot_only"},
    "transposed": {"conv_formula", "no_output_padding", "padding_sign", "size_times_stride"},
    "batch": {"missing_detach", "fake_first", "labels_not_doubled", "wrong_fake_labels", "cat_dim1", "target_labels",
              "labels_interleaved", "labels_dtype", "detached_in_place"},
}
TABLES = {"conditional": CONDITIONAL_ANSWERS, "transposed": TRANSPOSED_ANSWERS, "batch": BATCH_ANSWERS}


def test_tables_cover_every_lesson5_checker():
    """채점기마다 정답 여러 방식, 이름 붙인 실수 모두, 덜 쓴 답(None, NotImplementedError, 예외, None 반환, NaN,
    틀린 자료형이나 모양)이 표에 있다."""
    broken = {"exception", "not_implemented", "no_function", "returned_none", "not_finite", "wrong_signature"}
    for name, table in TABLES.items():
        codes = [p.values[1] for p in table]
        assert codes.count("ok") >= 3, name
        assert MISTAKES[name] | broken <= set(codes), (name, MISTAKES[name] | broken - set(codes))
        assert {"wrong_type", "not_tensor", "not_scalar", "wrong_structure"} & set(codes), name
        assert {"wrong_shape", "not_scalar"} & set(codes), name


def test_messages_never_show_the_solution_code():
    solutions = ("torch.cat([z, F.one_hot", "(size - 1) * stride", "torch.cat([real, fake.detach()])",
                 "torch.cat([labels, labels])")
    for checker, table in ((check_conditional_input, CONDITIONAL_ANSWERS), (check_discriminator_batch, BATCH_ANSWERS),
                           (check_transposed_conv_size, TRANSPOSED_ANSWERS)):
        for p in table:
            message = checker(p.values[0], seed=0, verbose=False).message
            assert not any(s in message for s in solutions), message


# ================================================================ 참조와 통과한 답은 키트의 모델과 맞는다
def test_transposed_reference_matches_conv_transpose_and_the_dcgan_generator():
    for seed in range(20):
        for case in _transposed_cases(torch.Generator().manual_seed(seed)):
            assert transposed_conv_size(*case.args) == size_by_layer(*case.args), case.args
    sizes = [4]  # 키트의 DCGAN 생성자는 z를 4×4로 편 뒤 전치 합성곱 세 층으로 키운다
    for m in DCGANGenerator(z_dim=8, width=4).modules():
        if isinstance(m, nn.ConvTranspose2d):
            sizes.append(transposed_conv_size(sizes[-1], m.kernel_size[0], m.stride[0], m.padding[0],
                                              m.output_padding[0]))
    assert sizes == [4, 7, 14, 28]


def test_pass_message_counts_the_fixed_dcgan_layers_apart_from_the_random_inputs():
    """통과 문장은 입력 여섯 묶음을 모두 '무작위'라고 하지 않는다: 셋은 키트 DCGAN의 고정된 층이다."""
    for seed in range(5):
        cases = _transposed_cases(torch.Generator().manual_seed(seed))
        assert [bool(c.fixed) for c in cases] == [True] * 3 + [False] * 3
        message = check_transposed_conv_size(size_by_layer, seed=seed, verbose=False).message
        assert "DCGAN 생성자의 층 3개와 무작위 입력 3묶음에서" in message, message


@pytest.mark.parametrize("fn", [p.values[0] for p in CONDITIONAL_ANSWERS if p.values[1] == "ok"])
def test_accepted_conditional_input_feeds_the_kit_generator(fn):
    """키트의 조건부 생성자 G(z, y)는 첫 층에 z 뒤에 원-핫을 붙인 입력을 넣는다: 통과한 답을 바로 넣어도 같은 출력."""
    torch.manual_seed(0)
    G = Generator(z_dim=8, hidden=(16,), out_dim=12, num_classes=5)
    z, y = torch.randn(6, 8), torch.tensor([0, 4, 2, 1, 3, 4])
    assert torch.allclose(nn.Sequential.forward(G, fn(z, y, 5)), G(z, y))


@pytest.mark.parametrize("fn", [p.values[0] for p in BATCH_ANSWERS if p.values[1] == "ok"])
def test_accepted_discriminator_batch_matches_d_step(fn):
    """train.d_step처럼 조건부 판별자에 넣으면 같은 로짓이 나오고, 판별자 손실의 backward가 생성자에 닿지 않는다."""
    torch.manual_seed(0)
    D = Discriminator(in_dim=12, hidden=(8,), dropout=0.0, num_classes=10)
    G = Generator(z_dim=4, hidden=(8,), out_dim=12)
    real, labels = torch.rand(5, 12) * 2 - 1, torch.tensor([3, 1, 4, 1, 5])
    fake = G(torch.randn(5, 4))
    logits = D(*fn(real, fake, labels))
    assert torch.equal(logits, D(torch.cat([real, fake.detach()]), torch.cat([labels, labels])))
    logits.sum().backward()
    assert all(p.grad is None for p in G.parameters())
