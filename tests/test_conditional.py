"""강의 5의 바탕: 조건부 GAN(레이블을 받는 생성자·판별자), DCGAN(합성곱 모델), 레이블과 함께 도는 train_gan,
조건부 생성자의 혼동 행렬과 클래스별 FID, 명령줄의 --model과 sample --label."""
import copy

import numpy as np
import pytest
import torch
from torch import nn

from conftest import parse_figures, run_cli
from gan_utils.checkpoint import load_checkpoint, load_generator
from gan_utils.classifier import load_classifier
from gan_utils.data import load_mnist
from gan_utils import train
from gan_utils.metrics import conditional_confusion, conditional_figures, per_class_fid, stroke_style, style_consistency
from gan_utils.models import (DCGANDiscriminator, DCGANGenerator, Discriminator, Generator, build_generator,
                              batchnorm_layers, build_models, forward_gflop, gan_gflop, paper_dcgan,
                              paper_dcgan_gflop, weights_init)
from gan_utils.train import d_step, generate, seconds_per_epoch, train_gan


# ---------------------------------------------------------------- 조건부 MLP
def test_unconditional_models_keep_their_config_and_weights():
    """num_classes를 더해도 조건 없는 모델의 구성(옛 체크포인트와 비교하는 값)과 첫 층 크기는 그대로다."""
    G, D = build_models("mnist-bn", seed=0)
    assert "num_classes" not in G.config and "num_classes" not in D.config
    assert G[0].in_features == 100 and D[0].in_features == 784
    assert G.num_classes == 0 and D.num_classes == 0


def test_conditional_generator_puts_the_one_hot_label_next_to_z():
    torch.manual_seed(0)
    G = Generator(z_dim=4, hidden=(8,), out_dim=3, out_activation=None, num_classes=5)
    assert G[0].in_features == 4 + 5 and G.config["num_classes"] == 5
    z = torch.randn(5, 4)
    y = torch.tensor([0, 1, 2, 3, 4])
    # 첫 선형 층에 [z, one_hot(y)]를 직접 넣은 값과 같다
    expected = nn.Sequential(*list(G)[1:])(G[0](torch.cat([z, torch.eye(5)], dim=1)))
    assert torch.allclose(G(z, y), expected)
    # 같은 z라도 레이블이 다르면 다른 그림, 레이블을 빼면 0, 1, 2, ...을 차례로 붙인다
    assert not torch.allclose(G(z, y), G(z, torch.zeros(5, dtype=torch.long)))
    assert torch.equal(G(z), G(z, y))


def test_conditional_discriminator_needs_the_label():
    D = Discriminator(in_dim=3, hidden=(8,), dropout=0.0, num_classes=4)
    x = torch.randn(6, 3)
    assert D(x, torch.arange(6) % 4).shape == (6, 1)
    with pytest.raises(ValueError, match="레이블도 주어야"):
        D(x)
    with pytest.raises(ValueError, match="정수 텐서"):
        D(x, torch.zeros(6))  # 실수 레이블
    with pytest.raises(ValueError, match=r"\(6,\)"):
        D(x, torch.zeros(5, dtype=torch.long))
    with pytest.raises(ValueError, match="조건부가 아니라서"):
        Discriminator(in_dim=3, hidden=(8,))(x, torch.zeros(6, dtype=torch.long))
    with pytest.raises(ValueError, match="조건부가 아니라서"):
        Generator(z_dim=2, hidden=(4,), out_dim=3)(torch.randn(6, 2), torch.zeros(6, dtype=torch.long))


@pytest.mark.parametrize("bad", [1, -1, 2.5, "10"])
def test_num_classes_is_checked(bad):
    with pytest.raises(ValueError, match="num_classes"):
        Generator(num_classes=bad)


def test_conditional_and_pack_do_not_mix():
    with pytest.raises(ValueError, match="PacGAN"):
        Discriminator(in_dim=3, hidden=(8,), pack=2, num_classes=10)


def test_generate_with_labels():
    torch.manual_seed(0)
    G = Generator(z_dim=4, hidden=(8,), out_dim=3, out_activation=None, num_classes=3)
    same = generate(G, 6, seed=1, labels=2)
    assert torch.equal(same, generate(G, 6, seed=1, labels=torch.full((6,), 2)))
    assert torch.equal(same, generate(G, 6, seed=1, labels=np.int64(2)))  # numpy 정수도 클래스 하나
    assert not torch.allclose(same, generate(G, 6, seed=1, labels=0))
    with pytest.raises(ValueError, match="0부터 2까지"):
        generate(G, 6, seed=1, labels=3)
    with pytest.raises(ValueError, match=r"\(6,\)"):
        generate(G, 6, seed=1, labels=torch.zeros(5, dtype=torch.long))
    with pytest.raises(ValueError, match="조건부가 아니라서"):
        generate(Generator(z_dim=4, hidden=(8,), out_dim=3), 6, seed=1, labels=1)


def toy_classes(n, seed=0):
    """클래스 0은 (+1, +1, +1) 근처, 클래스 1은 (-1, -1, -1) 근처: 조건부 생성자가 레이블을 따라야 맞힐 수 있다."""
    gen = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=gen)
    x = (1.0 - 2.0 * y.float())[:, None] * torch.ones(n, 3) + 0.1 * torch.randn(n, 3, generator=gen)
    return x, y


def toy_models(seed=0):
    torch.manual_seed(seed)
    return (Generator(z_dim=2, hidden=(32, 32), out_dim=3, out_activation=None, num_classes=2),
            Discriminator(in_dim=3, hidden=(32, 32), dropout=0.0, num_classes=2))


def test_train_gan_learns_to_follow_the_label():
    """짧게 학습해도 G(z, 0)은 +1 쪽, G(z, 1)은 -1 쪽에 그린다: 레이블이 정말 생성자에 들어가 쓰인다."""
    x, y = toy_classes(4096)
    G, D = toy_models()
    train_gan(G, D, x, labels=y, epochs=15, batch_size=128, lr_g=2e-3, lr_d=2e-3, seed=0, device="cpu",
              precision="fp32", progress=False)
    zero, one = generate(G, 500, seed=3, labels=0), generate(G, 500, seed=3, labels=1)
    assert zero.mean() > 0.5 and one.mean() < -0.5, (zero.mean(), one.mean())
    assert (zero.mean(1) > 0).float().mean() > 0.9 and (one.mean(1) < 0).float().mean() > 0.9


def test_conditional_training_is_reproducible_and_resumes(tmp_path):
    x, y = toy_classes(1024)
    settings = dict(labels=y, batch_size=128, seed=0, device="cpu", precision="fp32", progress=False)
    G1, D1 = toy_models()
    h1 = train_gan(G1, D1, x, epochs=4, **settings)
    G2, D2 = toy_models()
    ckpt = tmp_path / "c.pt"
    train_gan(G2, D2, x, epochs=2, checkpoint_path=ckpt, **settings)
    G3, D3 = toy_models(seed=5)  # 다른 초기값이어도 체크포인트가 덮어쓴다
    h3 = train_gan(G3, D3, x, epochs=4, resume=ckpt, **settings)
    assert h1["loss_D"] == h3["loss_D"]
    assert all(torch.equal(a, b) for a, b in zip(G1.state_dict().values(), G3.state_dict().values()))
    loaded = load_generator(ckpt)
    assert loaded.num_classes == 2 and isinstance(loaded, Generator)


@pytest.mark.parametrize("make_labels,needle", [
    (lambda x, y: None, "labels로 주세요"),
    (lambda x, y: y[:-1], "개수가 같은"),
    (lambda x, y: y.float(), "정수 텐서"),
    (lambda x, y: y + 1, "0부터 1까지"),
])
def test_train_gan_checks_the_labels(make_labels, needle):
    x, y = toy_classes(256)
    G, D = toy_models()
    with pytest.raises(ValueError, match=needle):
        train_gan(G, D, x, labels=make_labels(x, y), epochs=1, batch_size=64, progress=False)


def test_train_gan_refuses_mismatched_or_unneeded_labels():
    x, y = toy_classes(256)
    G, _ = toy_models()
    with pytest.raises(ValueError, match="클래스 수"):
        train_gan(G, Discriminator(in_dim=3, hidden=(8,)), x, labels=y, epochs=1, batch_size=64, progress=False)
    with pytest.raises(ValueError, match="조건부 GAN"):
        train_gan(Generator(z_dim=2, hidden=(8,), out_dim=3, out_activation=None), Discriminator(in_dim=3, hidden=(8,)),
                  x, labels=y, epochs=1, batch_size=64, progress=False)


def test_conditional_bf16_step_runs_and_keeps_fp32_weights():
    x, y = toy_classes(512)
    G, D = toy_models()
    train_gan(G, D, x, labels=y, epochs=1, batch_size=128, precision="bf16", device="cpu", progress=False)
    assert all(p.dtype == torch.float32 and torch.isfinite(p).all() for p in [*G.parameters(), *D.parameters()])


# ---------------------------------------------------------------- DCGAN
def test_dcgan_shapes_and_layers():
    G, D = build_models("mnist-dcgan", seed=0)
    z = torch.randn(5, G.z_dim)
    x = G(z)
    assert x.shape == (5, 784) and x.min() >= -1 and x.max() <= 1
    assert D(x).shape == (5, 1)
    # 전치 합성곱으로 4 → 7 → 14 → 28, 판별자는 보폭 2 합성곱으로 28 → 14 → 7 → 4 → 2, 풀링 층은 없다
    kinds = [type(m) for m in G.modules()]
    assert kinds.count(nn.ConvTranspose2d) == G.config["layers"] == 3 and nn.BatchNorm2d in kinds
    assert not any("Pool" in k.__name__ for k in kinds)
    convs = [m for m in D.modules() if isinstance(m, nn.Conv2d)]
    assert [c.stride for c in convs] == [(2, 2)] * D.config["layers"]
    assert not any("Pool" in type(m).__name__ for m in D.modules())
    # 모든 합성곱 가중치가 N(0, 0.02)로 초기화되었다
    weights = torch.cat([m.weight.flatten() for m in G.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))])
    assert abs(weights.std().item() - 0.02) < 0.003


def test_dcgan_discriminator_batchnorm_switch():
    with_bn = DCGANDiscriminator(width=8, batchnorm=True)
    without = DCGANDiscriminator(width=8, batchnorm=False)
    assert DCGANDiscriminator(width=8).config["batchnorm"]  # 논문처럼 기본으로 켠다
    assert any(isinstance(m, nn.BatchNorm2d) for m in with_bn.modules())
    assert not any(isinstance(m, nn.BatchNorm2d) for m in without.modules())
    with pytest.raises(ValueError, match="784"):
        without(torch.randn(2, 28, 28))


def _output_shapes(model, kind, x):
    """model(x)의 출력과, kind 층(합성곱이나 전치 합성곱)마다의 출력 모양 (배치 차원을 뺀) 목록."""
    sizes = []
    hooks = [m.register_forward_hook(lambda m, i, o: sizes.append(tuple(o.shape[1:])))
             for m in model.modules() if isinstance(m, kind)]
    try:
        return model(x), sizes
    finally:
        for hook in hooks:
            hook.remove()


@pytest.mark.parametrize("layers, sides", [(2, [14, 28]), (3, [7, 14, 28])])
def test_dcgan_generator_starts_at_7x7_or_4x4(layers, sides):
    G = DCGANGenerator(z_dim=8, width=4, layers=layers)
    out, sizes = _output_shapes(G, nn.ConvTranspose2d, torch.randn(3, 8))
    assert out.shape == (3, 784)
    channels = [4 * 2 ** (layers - 2 - i) for i in range(layers - 1)] + [1]  # 층마다 채널을 반으로, 마지막은 흑백 1채널
    assert sizes == [(c, side, side) for c, side in zip(channels, sides)]
    assert G.start == (4 * 2 ** (layers - 1), 7 if layers == 2 else 4, 7 if layers == 2 else 4)
    with pytest.raises(ValueError, match="layers"):
        DCGANGenerator(z_dim=8, width=4, layers=4)


@pytest.mark.parametrize("layers", [2, 3, 4, 5])
def test_dcgan_discriminator_depth_halves_the_picture_per_layer(layers):
    D = DCGANDiscriminator(width=4, layers=layers)
    out, sizes = _output_shapes(D, nn.Conv2d, torch.randn(3, 784))
    assert out.shape == (3, 1)
    assert sizes == [(4 * 2 ** i, side, side) for i, side in enumerate([14, 7, 4, 2, 1][:layers])]
    # 배치 정규화는 입력층을 뺀 층마다 하나
    assert sum(isinstance(m, nn.BatchNorm2d) for m in D.modules()) == layers - 1
    for bad in (1, 6):
        with pytest.raises(ValueError, match="layers"):
            DCGANDiscriminator(width=4, layers=bad)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_dcgan_trains_through_the_same_loop_and_checkpoints(tmp_path, precision):
    torch.manual_seed(0)
    G, D = DCGANGenerator(z_dim=8, width=4), DCGANDiscriminator(width=4)
    G.apply(weights_init)
    D.apply(weights_init)
    before = copy.deepcopy(G.state_dict())
    x = torch.rand(256, 784) * 2 - 1
    G_ema = copy.deepcopy(G)
    history = train_gan(G, D, x, epochs=2, batch_size=64, ema_decay=0.9, G_ema=G_ema, checkpoint_path=tmp_path / "d.pt",
                        snapshot_epochs=(2,), seed=0, device="cpu", precision=precision, progress=False)
    assert len(history["loss_D"]) == 2 and all(np.isfinite(history["loss_D"]))
    assert history["snapshots"][0].shape == (64, 784)
    assert any(not torch.equal(before[k], v) for k, v in G.state_dict().items())
    loaded = load_generator(tmp_path / "d.pt")
    assert isinstance(loaded, DCGANGenerator) and loaded.width == 4
    G2, D2 = build_generator(G.config), DCGANDiscriminator(width=4)
    epoch, _, _ = load_checkpoint(tmp_path / "d.pt", G2, D2)
    assert epoch == 2


# ---------------------------------------------------------------- 혼동 행렬, 클래스별 FID
class ImagesGenerator(nn.Module):
    """요청한 클래스의 진짜 테스트 그림을 돌려주는 '완벽한' 조건부 생성자 (ignore=k면 늘 클래스 k를 그린다)."""

    def __init__(self, images, labels, ignore=None):
        super().__init__()
        self.images, self.labels, self.ignore = images, labels, ignore
        self.z_dim, self.noise, self.num_classes = 2, "normal", 10
        self.anchor = nn.Parameter(torch.zeros(1))  # generate가 장치를 읽을 매개변수

    def forward(self, z, y=None):
        y = torch.arange(len(z)) % 10 if y is None else y
        wanted = torch.full_like(y, self.ignore) if self.ignore is not None else y
        picks = [torch.nonzero(self.labels == k).flatten() for k in range(10)]
        index = torch.stack([picks[int(k)][i % len(picks[int(k)])] for i, k in enumerate(wanted)])
        return self.images[index]


@pytest.fixture(scope="module")
def mnist_test_set():
    return load_mnist("mnist", train=False)


def test_confusion_of_a_perfect_and_of_a_label_blind_generator(mnist_test_set):
    x, y = mnist_test_set
    classifier = load_classifier("mnist")
    perfect = conditional_confusion(ImagesGenerator(x, y), classifier, n_per_class=200)
    assert perfect["confusion"].shape == (10, 10)
    assert np.allclose(perfect["confusion"].sum(1), 1.0)
    assert perfect["accuracy"].min() > 0.95 and perfect["confidence"].min() > 0.9
    blind = conditional_confusion(ImagesGenerator(x, y, ignore=3), classifier, n_per_class=200)
    assert (blind["confusion"][:, 3] > 0.95).all()  # 무엇을 달라고 해도 3을 그린다
    assert blind["accuracy"][3] > 0.95 and np.delete(blind["accuracy"], 3).max() < 0.05
    with pytest.raises(ValueError, match="조건부 생성자"):
        conditional_confusion(build_models("mnist", seed=0)[0], classifier)


def test_per_class_fid_is_small_for_the_right_class_and_large_for_the_wrong_one(mnist_test_set):
    x, y = mnist_test_set
    classifier = load_classifier("mnist")
    train_x, train_y = load_mnist("mnist", train=True, limit=6000)
    right = per_class_fid(x, y, train_x, train_y, classifier)
    swapped = per_class_fid(x, y, train_x, (train_y + 1) % 10, classifier)  # 모든 그림에 다른 클래스 이름을 붙였다
    assert right.shape == (10,)
    assert (swapped > 3 * right).all(), (right, swapped)


def test_conditional_figures_name_every_class(mnist_test_set):
    x, y = mnist_test_set
    figures = conditional_figures(ImagesGenerator(x, y), n_per_class=100)
    blind = conditional_figures(ImagesGenerator(x, y, ignore=3), n_per_class=100)
    assert figures["min_class_accuracy"] > 0.9 and blind["min_class_accuracy"] < 0.05
    assert figures["mean_fid_per_class"] < blind["mean_fid_per_class"] / 3, (figures, blind)
    for k in range(10):
        row = [float(v) for v in figures[f"confusion_row_{k}"].split()]
        assert len(row) == 10 and abs(sum(row) - 1) < 0.01 and row[k] == figures[f"class_accuracy_{k}"] == max(row)
        assert f"fid_class_{k}" in figures and f"class_confidence_{k}" in figures


# ---------------------------------------------------------------- 명령줄
def test_cli_trains_a_conditional_gan_and_samples_the_asked_digit(tmp_path):
    result = run_cli("train", "mnist", "--model", "cgan", "--epochs", "1", "--limit", "1024", "--quiet", "--out", "c",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ckpt = tmp_path / "c" / "checkpoint.pt"
    G = load_generator(ckpt)
    assert G.num_classes == 10
    result = run_cli("sample", "--checkpoint", str(ckpt), "--n", "50", "--label", "7", "--out", "s.npy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    samples = np.load(tmp_path / "s.npy")
    assert samples.shape == (50, 784) and samples.min() >= -1 and samples.max() <= 1
    assert np.allclose(samples, generate(G, 50, seed=0, labels=7).numpy(), atol=1e-6)  # 정말 7을 요청했다
    bad = run_cli("sample", "--checkpoint", str(ckpt), "--n", "5", "--label", "10", "--out", "t.npy", cwd=tmp_path)
    assert bad.returncode == 2 and "0부터 9까지" in bad.stderr and "Traceback" not in bad.stderr
    evaluated = run_cli("evaluate", "--checkpoint", str(ckpt), "--n", "200", "--no-parzen", cwd=tmp_path, timeout=300)
    assert evaluated.returncode == 0, evaluated.stderr
    figures = parse_figures(evaluated.stdout)
    assert 0 <= float(figures["mean_class_accuracy"]) <= 1 and len(figures["confusion_row_9"].split()) == 10
    assert "fid_class_0" in figures and "classes_covered" in figures


def test_cli_dcgan_and_label_errors(tmp_path):
    result = run_cli("train", "mnist", "--model", "dcgan", "--epochs", "1", "--steps-per-epoch", "3", "--limit", "512",
                     "--quiet", "--out", "d", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ckpt = tmp_path / "d" / "checkpoint.pt"
    assert isinstance(load_generator(ckpt), DCGANGenerator)
    bad = run_cli("sample", "--checkpoint", str(ckpt), "--n", "5", "--label", "3", "--out", "t.npy", cwd=tmp_path)
    assert bad.returncode == 2 and "조건부가 아니라서" in bad.stderr and "--label" in bad.stderr
    for args, needle in ((["train", "gaussian", "--model", "cgan"], "이미지 데이터"),
                         (["train", "mnist", "--model", "dcgan", "--preset", "mnist-cgan"], "서로 다른 모델")):
        bad = run_cli(*args, "--out", "z", cwd=tmp_path)
        assert bad.returncode == 2 and needle in bad.stderr, bad.stderr


# ---------------------------------------------------------------- 그림
def test_class_rows_share_z_across_rows_and_confusion_plot_labels():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from gan_utils.plots import plot_class_rows, plot_confusion_matrix
    torch.manual_seed(0)
    G = Generator(z_dim=4, hidden=(16,), out_dim=784, num_classes=10)
    ax = plot_class_rows(G, n_z=5, seed=3)
    grid = ax.images[0].get_array()
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(k) for k in range(10)]
    assert len(ax.get_xticklabels()) == 5 and grid.shape == (10 * 30 + 2, 5 * 30 + 2)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="조건부 생성자"):
        plot_class_rows(Generator(z_dim=4, hidden=(16,), out_dim=784))
    confusion = np.eye(10) * 0.9 + 0.01
    ax = plot_confusion_matrix(confusion)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 100 and texts[0] == "91%" and ax.get_ylabel() == "요청한 클래스"
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="정사각형"):
        plot_confusion_matrix(np.ones((3, 4)))


def test_conditional_sliders_draw_the_chosen_class():
    import matplotlib
    matplotlib.use("Agg")
    from gan_utils.widgets import conditional_sliders
    torch.manual_seed(0)
    G = Generator(z_dim=4, hidden=(16,), out_dim=784, num_classes=10)
    widget = conditional_sliders(G, n=4)
    label, seed = widget.children[:2]
    assert label.description == "클래스" and [v for _, v in label.options] == list(range(10))
    label.value, seed.value = 7, 3  # 값을 바꾸면 그림이 다시 그려진다 (오류 없이)
    assert widget.result is None and widget.kwargs == {"label": 7, "seed": 3}


# ---------------------------------------------------------------- 배치 정규화가 있는 판별자, 연산량, 시간 재기
def test_batchnorm_discriminator_sees_real_and_fake_in_separate_batches():
    """판별자에 배치 정규화가 있으면 d_step은 진짜와 가짜를 따로 넣는다: 달리는 평균이 '진짜 배치 평균, 그다음 가짜 배치 평균'
    순서로 갱신된 값과 같고, 둘을 섞은 한 배치의 평균으로 갱신된 값과는 다르다. 없으면 한 배치로 (MLP는 예전과 같다)."""
    torch.manual_seed(0)
    D = DCGANDiscriminator(width=4)
    norm = next(m for m in D.modules() if isinstance(m, nn.BatchNorm2d))
    real, fake = torch.rand(6, 784) * 2 - 1, torch.rand(6, 784) * 0.2 - 1  # 가짜는 거의 검은 그림
    features = nn.Sequential(*list(D.body)[:3])  # 배치 정규화 앞까지
    with torch.no_grad():
        mean_real, mean_fake = (features(x.view(-1, 1, 28, 28)).mean((0, 2, 3)) for x in (real, fake))
        mean_both = features(torch.cat([real, fake]).view(-1, 1, 28, 28)).mean((0, 2, 3))
    d_step(D, torch.optim.SGD(D.parameters(), lr=0.0), real, fake)
    separate = 0.9 * (0.1 * mean_real) + 0.1 * mean_fake
    assert torch.allclose(norm.running_mean, separate, atol=1e-6)
    assert not torch.allclose(norm.running_mean, 0.1 * mean_both, atol=1e-4)
    assert batchnorm_layers(Discriminator(in_dim=4, hidden=(8,))) == [] and batchnorm_layers(D)[0] is norm


def test_forward_gflop_counts_linear_conv_and_transposed_conv():
    assert forward_gflop(nn.Linear(10, 20), torch.randn(3, 10)) == pytest.approx(2 * 10 * 20 / 1e9)
    # 합성곱: 출력 2×3×3칸마다 1×3×3번 곱해 더한다
    assert forward_gflop(nn.Conv2d(1, 2, 3), torch.randn(4, 1, 5, 5)) == pytest.approx(2 * 18 * 9 / 1e9)
    # 전치 합성곱: 입력 2×7×7칸마다 출력 1채널 × 4×4칸
    assert forward_gflop(nn.ConvTranspose2d(2, 1, 4, 2, 1), torch.randn(2, 2, 7, 7)) == pytest.approx(2 * 98 * 16 / 1e9)
    G, D = build_models("mnist-dcgan", seed=0)
    mlp = gan_gflop(*build_models("mnist-bn", seed=0))
    assert 4 < gan_gflop(G, D) / mlp < 7 and G.training and D.training  # 재는 동안만 eval
    paper_G, paper_D = paper_dcgan()
    z = torch.randn(1, 100, 1, 1)
    assert paper_G(z).shape == (1, 3, 64, 64) and paper_D(paper_G(z)).shape == (1, 1, 1, 1)
    assert paper_dcgan_gflop() == pytest.approx(forward_gflop(paper_G, z) + forward_gflop(paper_D, paper_G(z)))
    assert 40 < paper_dcgan_gflop() / gan_gflop(G, D) < 65


def test_seconds_per_epoch_counts_only_the_steps_that_ran(monkeypatch):
    """데이터가 steps 배치보다 적으면 있는 배치만 돈다: 잰 시간을 steps가 아니라 실제로 돈 단계 수로 나눈다."""
    runs = []

    def fake_train_gan(G, D, real_data, epochs, steps_per_epoch, **settings):
        runs.append((epochs, steps_per_epoch))
        return {"seconds": [0.4, 0.7][:epochs]}  # 첫 에폭 0.4초, 둘째 0.3초 (돈 단계 수와 상관없이)

    monkeypatch.setattr(train, "train_gan", fake_train_gan)
    G, D = build_models("mnist-bn", seed=0)
    three_batches = torch.zeros(3 * 128, 784)
    assert seconds_per_epoch(G, D, three_batches, precision="fp32", steps=40) == pytest.approx(0.3)  # 3단계 = 한 에폭
    assert runs == [(1, 5), (2, 3)]  # 준비 5단계, 그다음 있는 3단계짜리 에폭 둘을 재어 짧은 쪽
    assert seconds_per_epoch(G, D, torch.zeros(100 * 128, 784), precision="fp32", steps=40) == pytest.approx(0.3 / 40 * 100)


class _StyleGenerator(nn.Module):
    """클래스 y의 그림: 굵기는 z[:, 0](share=True면 모든 클래스가 같은 좌표) 또는 z[:, y](클래스마다 다른 좌표)로 정한 세로 막대."""

    def __init__(self, share):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(()))
        self.z_dim, self.noise, self.num_classes, self.share = 10, "normal", 10, share

    def forward(self, z, y):
        coordinate = z[:, 0] if self.share else z.gather(1, y[:, None])[:, 0]
        width = (3 + 2 * torch.tanh(coordinate)).round()  # 1 ~ 5칸
        columns = torch.arange(28.0)
        bar = ((columns - 4 - 2 * y[:, None]).abs() <= width[:, None] / 2).float()  # 클래스마다 다른 자리
        return (bar[:, None, :].expand(-1, 28, -1) * 2 - 1).reshape(len(z), 784) * self.scale


def test_stroke_style_reads_ink_and_slant():
    image = -torch.ones(3, 28, 28)
    image[0, 4:24, 13:15] = 1  # 곧은 세로 막대
    for row in range(4, 24):  # 아래로 갈수록 오른쪽으로 밀린 막대
        image[1, row, 6 + row // 2: 8 + row // 2] = 1
        image[2, row, 20 - row // 2: 22 - row // 2] = 1  # 왼쪽으로 밀린 막대
    ink, slant = stroke_style(image.view(3, 784))
    assert ink[0] == pytest.approx(40 / 784) and abs(slant[0]) < 1e-6
    assert slant[1] > 0.4 and slant[2] < -0.4


def test_style_consistency_tells_shared_style_from_per_class_style():
    shared = style_consistency(_StyleGenerator(share=True), n_z=200, seed=0)
    assert shared["ink"] > 0.95 and abs(shared["ink_shuffled"]) < 0.2
    separate = style_consistency(_StyleGenerator(share=False), n_z=200, seed=0)
    assert abs(separate["ink"]) < 0.2
    with pytest.raises(ValueError, match="조건부"):
        style_consistency(build_models("mnist-bn", seed=0)[0])
