"""4강 도구: 생성자 EMA, 배치 정규화 생성자, 생성자 내보내기·불러오기, 잠재 공간 도우미, 그림, 명령줄."""
import copy
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from PIL import Image

from conftest import parse_figures
from gan_utils import checkpoint, cli, data, metrics, models, plots, train
from gan_utils.data import FASHION_CLASSES_KO, latent_interpolation, latent_sweep, sample_noise
from gan_utils.models import MODEL_CONFIGS, Discriminator, Generator, build_models


def _tiny_models(seed=0, batchnorm=False):
    torch.manual_seed(seed)
    G = Generator(z_dim=8, hidden=(16,), out_dim=12, batchnorm=batchnorm)
    D = Discriminator(in_dim=12, hidden=(16,), dropout=0.0)
    return G, D


def _tiny_data():
    return torch.rand(256, 12, generator=torch.Generator().manual_seed(1)) * 2 - 1


# ---------------------------------------------------------------- EMA
def test_update_ema_moves_params_only():
    G, _ = _tiny_models(batchnorm=True)
    G_ema = copy.deepcopy(G)
    with torch.no_grad():
        for p in G.parameters():
            p.add_(torch.randn_like(p))
        G[1].running_mean.add_(3.0)
    old = [p.clone() for p in G_ema.parameters()]
    train.update_ema(G_ema, G, 0.9)
    for p_ema, p_old, p in zip(G_ema.parameters(), old, G.parameters()):
        assert torch.allclose(p_ema, 0.9 * p_old + 0.1 * p, rtol=1e-6, atol=1e-7)
        assert not torch.equal(p_ema, p)
    # 배치 정규화 통계는 G에서 빌려 오지 않는다 (EMA 생성자 자신의 출력으로 다시 잰다)
    assert torch.equal(G_ema[1].running_mean, torch.zeros_like(G_ema[1].running_mean))


def test_recalibrate_batchnorm_matches_own_activations_and_keeps_global_rng():
    G, _ = _tiny_models(batchnorm=True)
    with torch.no_grad():
        G[1].running_mean.fill_(5.0)  # 엉뚱한 통계
        G[1].running_var.fill_(9.0)
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    models.recalibrate_batchnorm(G, n_batches=20, batch_size=500, seed=0)
    assert torch.equal(torch.rand(3), expected_next)  # 전역 난수 상태를 건드리지 않는다
    z = torch.randn(20_000, G.z_dim, generator=torch.Generator().manual_seed(9))
    with torch.no_grad():
        h = G[0](z)  # 첫 배치 정규화 층에 들어가는 값
    assert torch.allclose(G[1].running_mean, h.mean(0), atol=0.05)
    assert torch.allclose(G[1].running_var, h.var(0), rtol=0.1)
    assert G[1].momentum == 0.1  # 원래 momentum으로 돌려 놓는다


def test_train_gan_one_step_ema_is_exact_average():
    G, D = _tiny_models()
    G_ema = copy.deepcopy(G)
    start = [p.clone() for p in G.parameters()]
    train.train_gan(G, D, _tiny_data(), epochs=1, batch_size=32, steps_per_epoch=1, G_ema=G_ema, ema_decay=0.9,
                    device="cpu", progress=False)
    for p_ema, p0, p in zip(G_ema.parameters(), start, G.parameters()):
        assert not torch.equal(p, p0)  # G가 한 번 움직였다
        assert torch.allclose(p_ema, 0.9 * p0 + 0.1 * p, rtol=1e-5, atol=1e-7)


def test_train_gan_with_ema_tracks_g_and_measures_ema():
    G, D = _tiny_models()
    G_ema = copy.deepcopy(G)
    start = [p.clone() for p in G.parameters()]
    seen = []
    history = train.train_gan(G, D, _tiny_data(), epochs=2, batch_size=32, steps_per_epoch=4, G_ema=G_ema,
                              ema_decay=0.8, device="cpu", progress=False, snapshot_epochs=(2,), n_snapshot=5,
                              seed=4, metrics={"is_ema": lambda g: seen.append(g) or float(g is G_ema)})
    assert history["is_ema"] == [1.0, 1.0] and all(g is G_ema for g in seen)  # 지표는 G_ema로 잰다
    differs = lambda xs, ys: any(not torch.equal(a, b) for a, b in zip(xs, ys))  # noqa: E731
    assert differs(G_ema.parameters(), start)
    assert differs(G_ema.parameters(), G.parameters())
    # EMA는 G와 출발점 사이 어딘가에 있다: G보다 출발점에 가깝다 (8단계, decay 0.8)
    dist = lambda xs, ys: sum(((a - b) ** 2).sum().item() for a, b in zip(xs, ys))  # noqa: E731
    assert dist(G_ema.parameters(), start) < dist(G.parameters(), start)
    # 스냅샷도 G_ema로, 고정된 잠재 벡터(seed + 1)로 만든다
    fixed_z = sample_noise(5, 8, generator=torch.Generator().manual_seed(5))
    assert torch.equal(history["snapshots"][0], train.generate(G_ema, z=fixed_z))
    assert not torch.equal(history["snapshots"][0], train.generate(G, z=fixed_z))


@pytest.mark.parametrize("decay", [None, 0.0, 1.0, 1.5, -0.1])
def test_train_gan_rejects_bad_ema_decay(decay):
    G, D = _tiny_models()
    with pytest.raises(ValueError, match="ema_decay"):
        train.train_gan(G, D, _tiny_data(), epochs=1, batch_size=32, steps_per_epoch=1, G_ema=copy.deepcopy(G),
                        ema_decay=decay, device="cpu", progress=False)


# ---------------------------------------------------------------- 배치 정규화 생성자
def test_batchnorm_generator():
    G = Generator(z_dim=10, hidden=(32, 16), out_dim=20, batchnorm=True)
    norms = [m for m in G.modules() if isinstance(m, torch.nn.BatchNorm1d)]
    assert [m.num_features for m in norms] == [32, 16]
    assert G.config["batchnorm"] is True
    assert Generator(z_dim=10, hidden=(32, 16), out_dim=20).config["batchnorm"] is False
    assert not any(isinstance(m, torch.nn.BatchNorm1d) for m in Generator(z_dim=10, hidden=(32,), out_dim=20).modules())
    out = G(torch.randn(6, 10))
    assert out.shape == (6, 20) and out.abs().max() <= 1
    # generate는 평가 모드(저장된 통계)로 돌리므로 한 장도 만들 수 있고, 학습 모드는 되돌려 놓는다
    G.train()
    assert train.generate(G, 1, seed=0).shape == (1, 20)
    assert G.training


def test_mnist_bn_config_builds():
    assert MODEL_CONFIGS["mnist-bn"]["generator"]["batchnorm"] is True
    assert train.TRAINING_PRESETS["mnist-bn"]["model"] == "mnist-bn"
    assert 0 < train.TRAINING_PRESETS["mnist-bn"]["ema_decay"] < 1
    G, D = build_models("mnist-bn", seed=0)
    assert sum(isinstance(m, torch.nn.BatchNorm1d) for m in G.modules()) == 3
    assert not any(isinstance(m, torch.nn.BatchNorm1d) for m in D.modules())
    fake = G(torch.randn(4, 100))
    assert fake.shape == (4, 784) and D(fake).shape == (4, 1)
    # 가중치 초기화는 선형 층만 바꾸고 배치 정규화는 기본값(1, 0)으로 둔다
    bn = next(m for m in G.modules() if isinstance(m, torch.nn.BatchNorm1d))
    assert torch.equal(bn.weight, torch.ones(256)) and torch.equal(bn.bias, torch.zeros(256))


# ---------------------------------------------------------------- generate(z=...)
def test_generate_with_given_z():
    G, _ = _tiny_models()
    z = torch.randn(5, 8)
    a, b = train.generate(G, z=z), train.generate(G, z=z)
    assert a.shape == (5, 12) and torch.equal(a, b)
    assert torch.allclose(a[2:3], train.generate(G, z=z[2:3]), atol=1e-6)  # 배치 크기에 따른 반올림 차이만
    assert torch.equal(a, G.eval()(z).detach())
    assert not torch.equal(a, train.generate(G, z=z + 1))
    with pytest.raises(ValueError, match=r"\(n, 8\)"):
        train.generate(G, z=torch.randn(5, 7))
    with pytest.raises(ValueError, match="z"):
        train.generate(G, z=torch.randn(8))


# ---------------------------------------------------------------- 내보내기와 불러오기
@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    """작은 MNIST 크기 GAN을 EMA와 스냅샷을 켜고 3에폭 학습한 체크포인트."""
    path = tmp_path_factory.mktemp("run") / "checkpoint.pt"
    x, _ = data.load_mnist("mnist", train=True, limit=256)
    torch.manual_seed(0)
    G = Generator(z_dim=16, hidden=(64, 128), out_dim=784, batchnorm=True)
    D = Discriminator(in_dim=784, hidden=(128, 64))
    G_ema = copy.deepcopy(G)
    history = train.train_gan(G, D, x, epochs=3, batch_size=64, G_ema=G_ema, ema_decay=0.9, snapshot_epochs=(1, 3),
                              n_snapshot=16, checkpoint_path=path, meta={"dataset": "mnist", "note": "시험"},
                              seed=2, device="cpu", progress=False)
    return dict(path=path, G=G.eval(), D=D, G_ema=G_ema.eval(), history=history)


def test_export_generator_is_small_and_reproduces_ema(trained_run, tmp_path):
    ckpt = trained_run["path"]
    out = checkpoint.export_generator(ckpt, tmp_path / "deep" / "g.pt")
    assert out == tmp_path / "deep" / "g.pt" and out.is_file() and not out.with_name("g.pt.tmp").exists()
    assert out.stat().st_size < ckpt.stat().st_size / 5
    state = torch.load(out, weights_only=True)
    assert "D" not in state and "opt_G" not in state
    assert all(v.dtype == torch.float16 for v in state["G"].values() if v.is_floating_point())
    assert state["epoch"] == 3

    z = torch.randn(10, 16, generator=torch.Generator().manual_seed(0))
    G_exp = checkpoint.load_generator(out)
    assert not G_exp.training and G_exp.config["batchnorm"] is True
    expected = train.generate(trained_run["G_ema"], z=z)
    from_export = train.generate(G_exp, z=z)
    assert torch.allclose(from_export, expected, atol=5e-3)  # float16 반올림만큼 (실제 약 4e-4)
    # G_ema와 G의 차이(약 0.05)보다 훨씬 작다: 내보낸 것은 EMA 쪽이다
    assert (from_export - expected).abs().max() < (from_export - train.generate(trained_run["G"], z=z)).abs().max() / 5
    # 학습 체크포인트에서는 EMA(기본)와 G를 골라 정확히 되살린다
    assert torch.equal(train.generate(checkpoint.load_generator(ckpt), z=z), expected)
    assert torch.equal(train.generate(checkpoint.load_generator(ckpt, ema=False), z=z),
                       train.generate(trained_run["G"], z=z))
    assert not torch.equal(train.generate(checkpoint.load_generator(ckpt, ema=False), z=z), expected)

    meta = checkpoint.read_checkpoint_meta(ckpt)
    # 정밀도는 이 기계에서 auto가 고른 것 (bf16 장치가 있는지에 따라 다르다)
    assert meta == {"dataset": "mnist", "note": "시험", "seed": 2, "precision": meta["precision"]}
    assert meta["precision"] in ("fp32", "bf16")
    assert checkpoint.read_checkpoint_meta(out) == {**meta, "ema": True}

    # ema=False로 내보내면 G의 가중치를 담는다
    plain = checkpoint.export_generator(ckpt, tmp_path / "plain.pt", ema=False)
    assert checkpoint.read_checkpoint_meta(plain)["ema"] is False
    assert torch.allclose(train.generate(checkpoint.load_generator(plain), z=z), train.generate(trained_run["G"], z=z),
                          atol=5e-3)


def test_exported_file_cannot_resume_training(trained_run, tmp_path):
    out = checkpoint.export_generator(trained_run["path"], tmp_path / "g.pt")
    G = Generator(z_dim=16, hidden=(64, 128), out_dim=784, batchnorm=True)
    D = Discriminator(in_dim=784, hidden=(128, 64))
    with pytest.raises(ValueError, match="load_generator"):
        checkpoint.load_checkpoint(out, G, D)
    with pytest.raises(FileNotFoundError):
        checkpoint.export_generator(tmp_path / "missing.pt", tmp_path / "x.pt")
    torch.save({"format": 99}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="형식"):
        checkpoint.load_generator(tmp_path / "other.pt")


def test_load_history_from_checkpoint_and_export(trained_run, tmp_path):
    original = trained_run["history"]
    from_ckpt = checkpoint.load_history(trained_run["path"])
    assert from_ckpt["epoch"] == [1, 2, 3] and from_ckpt["loss_D"] == original["loss_D"]
    assert all(torch.equal(a, b) for a, b in zip(from_ckpt["snapshots"], original["snapshots"]))

    out = checkpoint.export_generator(trained_run["path"], tmp_path / "g.pt")
    raw = torch.load(out, weights_only=True)["history"]["snapshots"]
    assert all(s.dtype == torch.uint8 for s in raw)
    history = checkpoint.load_history(out)
    assert history["snapshot_epoch"] == [1, 3] and history["loss_G"] == original["loss_G"]
    assert len(history["snapshots"]) == 2
    for got, want in zip(history["snapshots"], original["snapshots"]):
        assert got.dtype == torch.float32 and got.shape == want.shape == (16, 784)
        assert (got - want).abs().max().item() <= 1 / 127.5
        assert got.min() >= -1 and got.max() <= 1


# ---------------------------------------------------------------- 잠재 공간 도우미
def test_latent_sweep():
    z = torch.randn(6)
    z_before = z.clone()
    values = [-2.0, -0.5, 0.0, 1.5]
    out = latent_sweep(z, 2, values)
    assert out.shape == (4, 6) and out.dtype == torch.float32
    assert out[:, 2].tolist() == values
    others = [0, 1, 3, 4, 5]
    assert torch.equal(out[:, others], z[others].expand(4, 5))
    assert torch.equal(z, z_before)  # 넘겨준 z는 바꾸지 않는다
    assert torch.equal(latent_sweep(z.reshape(1, 6), 0, [3.0])[0, 1:], z[1:])  # (1, z_dim)도 받는다
    assert latent_sweep([0.0, 0.0], 1, torch.tensor([1.0, 2.0])).tolist() == [[0.0, 1.0], [0.0, 2.0]]


@pytest.mark.parametrize("dim", [-1, 6, 2.0, "1"])
def test_latent_sweep_rejects_bad_dim(dim):
    with pytest.raises(ValueError, match="dim"):
        latent_sweep(torch.zeros(6), dim, [0.0, 1.0])


def test_latent_interpolation():
    z0, z1 = torch.randn(5), torch.randn(5)
    path = latent_interpolation(z0, z1, steps=5)
    assert path.shape == (5, 5)
    assert torch.equal(path[0], z0) and torch.equal(path[-1], z1)
    assert torch.allclose(path[2], (z0 + z1) / 2, atol=1e-6)
    steps = path[1:] - path[:-1]
    assert torch.allclose(steps, steps[0].expand_as(steps), atol=1e-6)  # 같은 간격의 직선
    assert latent_interpolation(z0, z1).shape == (10, 5)
    assert torch.equal(latent_interpolation(z0.reshape(1, 5), z1.reshape(1, 5), 3)[1], path[2])
    with pytest.raises(ValueError, match="크기"):
        latent_interpolation(torch.zeros(5), torch.zeros(4))
    for bad in (0, -3, 2.5):
        with pytest.raises(ValueError, match="steps"):
            latent_interpolation(z0, z1, steps=bad)


# ---------------------------------------------------------------- 그림
def _snapshot_history(n_shots=3, n=16):
    shots = [torch.linspace(-1, 1, n * 784).reshape(n, 784).roll(i * 97) for i in range(n_shots)]
    return {"snapshot_epoch": [1, 2, 5][:n_shots], "snapshots": shots}


def test_show_snapshots_one_axes_per_snapshot():
    fig = plots.show_snapshots(_snapshot_history(), n=9, title="진행")
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["1에폭", "2에폭", "5에폭"]
    assert fig._suptitle.get_text() == "진행"
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (3 * 30 + 2, 3 * 30 + 2)  # n=9 → 3×3 격자
    with pytest.raises(ValueError, match="스냅샷"):
        plots.show_snapshots({"snapshot_epoch": [], "snapshots": []})


def test_save_progress_gif_frames(tmp_path):
    path = plots.save_progress_gif(_snapshot_history(), tmp_path / "sub" / "progress.gif", n=16, nrow=8, scale=2,
                                   ms_per_frame=100)
    assert path.is_file()
    with Image.open(path) as gif:
        assert gif.n_frames == 3
        grid_height = (2 * 30 + 2) * 2
        assert gif.size == ((8 * 30 + 2) * 2, grid_height + 14 * 2)  # 격자 아래에 에폭 글자 띠
        durations, bands = [], []
        for i in range(gif.n_frames):
            gif.seek(i)
            durations.append(gif.info["duration"])
            bands.append(np.asarray(gif.convert("L"))[grid_height:])
    assert durations == [100, 100, 300]  # 마지막 프레임은 세 배 오래
    for band in bands:
        assert (band < 128).sum() > 20, "프레임 아래 띠에 에폭 글자가 그려져야 합니다"
    assert not np.array_equal(bands[0], bands[2]), "1에폭과 5에폭 프레임의 글자가 달라야 합니다"
    with pytest.raises(ValueError, match="스냅샷"):
        plots.save_progress_gif({"snapshot_epoch": [], "snapshots": []}, tmp_path / "empty.gif")
    assert not (tmp_path / "empty.gif").exists()


def test_progress_gif_is_at_least_800_pixels_wide_by_default(tmp_path):
    """프로젝터에서 숫자가 보이도록: scale을 주지 않으면 프레임 너비가 GIF_MIN_WIDTH 이상인 가장 작은 배율."""
    path = plots.save_progress_gif(_snapshot_history(), tmp_path / "wide.gif", n=16, nrow=8)
    with Image.open(path) as gif:
        width = gif.size[0]
    grid = 8 * 30 + 2
    assert plots.GIF_MIN_WIDTH <= width < plots.GIF_MIN_WIDTH + grid and width % grid == 0


def test_save_image_grid_png_matches_grid_and_has_label(tmp_path):
    """명령줄의 samples.png: matplotlib 없이 저장한 격자가 to_image_grid의 값 그대로이고 아래 띠에 글자가 있다."""
    images = _snapshot_history()["snapshots"][0]
    path = plots.save_image_grid(images, tmp_path / "sub" / "samples.png", label="3에폭 뒤 생성된 표본", scale=2)
    with Image.open(path) as png:
        pixels = np.asarray(png.convert("L"))
    grid = (plots.to_image_grid(images, 8) * 255).astype(np.uint8)
    assert pixels.shape == (grid.shape[0] * 2 + 14 * 2, grid.shape[1] * 2)
    assert np.array_equal(pixels[:grid.shape[0] * 2:2, ::2], grid)  # 두 배로 키운 그대로
    assert (pixels[grid.shape[0] * 2:] < 128).sum() > 20, "아래 띠에 글자가 그려져야 합니다"
    wide = plots.save_image_grid(images, tmp_path / "wide.png", label="표본")
    with Image.open(wide) as png:
        assert plots.GIF_MIN_WIDTH <= png.size[0] < plots.GIF_MIN_WIDTH + grid.shape[1]


def test_show_strip_labels():
    images = torch.zeros(4, 784)
    ax = plots.show_strip(images, labels=[-1.5, 0, 1.5, 3], title="좌표 3")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["-1.5", "0", "1.5", "3"]
    assert ax.get_title() == "좌표 3"
    assert ax.images[0].get_array().shape == (32, 4 * 30 + 2)
    assert len(plots.show_strip(images).get_xticks()) == 0


def test_plot_class_histogram_korean_names():
    fractions = [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.04, 0.01, 0.0]
    ax = plots.plot_class_histogram(fractions, class_names=FASHION_CLASSES_KO)
    bars = ax.patches
    assert len(bars) == 10
    assert [b.get_height() for b in bars] == pytest.approx(fractions)
    assert [t.get_text() for t in ax.get_xticklabels()] == FASHION_CLASSES_KO
    red = [i for i, b in enumerate(bars) if b.get_facecolor()[0] > 0.8 and b.get_facecolor()[2] < 0.3]
    assert red == [8, 9]  # 2% 아래인 클래스는 빨간색
    ax = plots.plot_class_histogram([0.1] * 10)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(10)]


# ---------------------------------------------------------------- 명령줄
NUMBER = re.compile(r"^-?\d+(\.\d+)?(e[+-]?\d+)?$")


def test_cli_train_resume_export_evaluate(tmp_path, capsys):
    out = tmp_path / "run"
    base = ["train", "mnist", "--preset", "mnist-bn", "--limit", "512", "--out", str(out), "--quiet"]
    assert cli.main(base + ["--epochs", "1"]) == 0
    first = parse_figures(capsys.readouterr().out)
    assert first["epochs"] == "1"
    ckpt = out / "checkpoint.pt"
    assert ckpt.is_file() and (out / "samples.png").is_file()
    state = torch.load(ckpt, weights_only=True)
    assert state["epoch"] == 1 and "G_ema" in state
    # 정밀도는 auto가 이 기계에서 고른 것이고, 명령줄이 알린 값과 같다
    assert first["precision"] in ("fp32", "bf16")
    assert state["meta"] == {"dataset": "mnist", "preset": "mnist-bn", "model": "mlp", "limit": 512, "seed": 0,
                             "precision": first["precision"]}
    G_after_1 = {k: v.clone() for k, v in state["G"].items()}

    # 같은 폴더에 다시 학습하면 말없이 덮어쓰지 않는다
    assert cli.main(base + ["--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert "이미 학습 결과가 있습니다" in err and "--resume" in err and "--overwrite" in err

    assert cli.main(base + ["--epochs", "2", "--resume"]) == 0
    assert parse_figures(capsys.readouterr().out)["epochs"] == "2"
    state = torch.load(ckpt, weights_only=True)
    assert state["epoch"] == 2
    assert state["history"]["epoch"] == [1, 2] and len(state["history"]["loss_D"]) == 2
    assert state["history"]["snapshot_epoch"] == [1, 2]
    assert any(not torch.equal(v, G_after_1[k]) for k, v in state["G"].items())  # 이어서 더 배웠다

    exported = tmp_path / "g.pt"
    assert cli.main(["export", "--checkpoint", str(ckpt), "--out", str(exported)]) == 0
    printed = parse_figures(capsys.readouterr().out)
    assert exported.is_file() and int(printed["bytes"]) == exported.stat().st_size
    assert exported.stat().st_size < ckpt.stat().st_size / 5

    assert cli.main(["evaluate", "--checkpoint", str(exported), "--n", "500", "--no-parzen"]) == 0
    lines = parse_figures(capsys.readouterr().out)
    assert lines["dataset"] == "mnist" and lines["samples"] == "500"
    for name in ("classes_covered", "max_class_fraction", "kl_class_uniform", "mean_confidence", "fid_classifier",
                 "fid_floor"):
        assert NUMBER.match(lines[name]), (name, lines[name])
    assert "parzen_ll" not in lines
    assert 1 <= int(lines["classes_covered"]) <= 10
    assert 0.1 <= float(lines["max_class_fraction"]) <= 1
    assert 0 <= float(lines["kl_class_uniform"]) <= 2.31
    assert 0.1 <= float(lines["mean_confidence"]) <= 1
    assert 0 < float(lines["fid_floor"]) < float(lines["fid_classifier"])  # 2에폭짜리 생성자는 진짜와 멀다

    assert cli.main(["evaluate", "--checkpoint", str(exported), "--n", "1"]) == 2
    assert "--n" in capsys.readouterr().err


def test_cli_resume_without_checkpoint_and_bad_preset(tmp_path, capsys):
    assert cli.main(["train", "mnist", "--epochs", "1", "--out", str(tmp_path / "none"), "--resume", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--resume" in err and "체크포인트" in err
    assert cli.main(["train", "gaussian", "--preset", "mnist-bn", "--out", str(tmp_path / "g")]) == 2
    assert "mnist-bn" in capsys.readouterr().err
    assert cli.main(["evaluate", "--checkpoint", str(tmp_path / "missing.pt"), "--n", "10"]) == 2
    assert "체크포인트" in capsys.readouterr().err


def test_cli_train_classifier_writes_loadable_weights(tmp_path, capsys, monkeypatch):
    from gan_utils import classifier
    calls = []

    def quick(dataset, **kwargs):  # 학습은 test_quality.py가 본다: 여기서는 명령줄의 연결만 본다
        calls.append((dataset, kwargs))
        torch.manual_seed(0)
        return classifier.Classifier().eval(), 0.5, 0.25

    monkeypatch.setattr(classifier, "train_classifier", quick)
    out = tmp_path / "clf.pt"
    assert cli.main(["train-classifier", "mnist", "--epochs", "1", "--seed", "3", "--out", str(out), "--quiet"]) == 0
    printed = parse_figures(capsys.readouterr().out)
    assert printed["test_accuracy"] == "0.5" and printed["out"] == str(out)
    assert calls[0][0] == "mnist" and calls[0][1]["epochs"] == 1 and calls[0][1]["seed"] == 3
    assert calls[0][1]["progress"] is False
    meta = torch.load(out, weights_only=True)["meta"]
    assert meta == {"dataset": "mnist", "test_accuracy": 0.5, "epochs": 1, "seed": 3}
    assert classifier.load_classifier(path=out)(torch.zeros(2, 784)).shape == (2, 10)


# ---------------------------------------------------------------- 외우기 점검과 잠재 방향 고르기
def test_nearest_neighbor_distances_match_brute_force():
    torch.manual_seed(0)
    references = torch.rand(50, 784) * 2 - 1
    queries = torch.cat([references[[7, 31]] + 0.01, torch.rand(5, 784) * 2 - 1]).clamp(-1, 1)
    distances, indices = metrics.nearest_neighbor_distances(queries, references, chunk=3)
    brute = torch.stack([(references - q).norm(dim=1) for q in queries])  # (7, 50)
    assert indices.tolist() == brute.argmin(dim=1).tolist()
    assert torch.allclose(distances, brute.min(dim=1).values, atol=5e-3)  # cdist는 행렬 곱으로 빠르게 잰다
    assert indices[:2].tolist() == [7, 31] and (distances[:2] < 0.3).all()  # 거의 같은 그림은 그 원본을 찾는다
    assert (distances[2:] > 5).all()
    with pytest.raises(ValueError, match="queries"):
        metrics.nearest_neighbor_distances(torch.rand(3, 28), references)


def test_latent_sensitivity_finds_the_only_coordinate_that_matters():
    from gan_utils.models import Generator
    torch.manual_seed(0)
    G = Generator(z_dim=8, hidden=(16,), out_dim=784)
    with torch.no_grad():
        first = G[0].weight  # (16, 8): 좌표 3만 첫 층에 닿게 한다
        keep = first[:, 3].clone()
        first.zero_()
        first[:, 3] = keep
    changes = metrics.latent_sensitivity(G, torch.randn(4, 8), delta=2.0)
    assert changes.shape == (8,)
    assert int(changes.argmax()) == 3 and changes[3] > 0.01
    assert torch.count_nonzero(changes) == 1
    with pytest.raises(ValueError, match="z"):
        metrics.latent_sensitivity(G, torch.randn(4, 7))


def test_plot_class_heatmap_marks_the_top_class_per_epoch():
    table = [[0.5, 0.5, 0.0], [0.1, 0.2, 0.7]]
    ax = plots.plot_class_heatmap(table, [1, 2], ["a", "b", "c"])
    texts = {(t.get_position(), t.get_text()): t.get_fontweight() for t in ax.texts}
    assert len(ax.texts) == 6
    assert texts[((2, 1), "70%")] == "bold" and texts[((0, 1), "10%")] == "normal"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1에폭", "2에폭"]
    with pytest.raises(ValueError, match="fractions_by_epoch"):
        plots.plot_class_heatmap(table, [1, 2, 3])
    plt.close("all")


def test_sample_diversity_is_small_for_a_collapsed_generator():
    torch.manual_seed(0)
    varied = torch.rand(300, 784) * 2 - 1
    collapsed = (varied[:1] + 0.01 * torch.randn(300, 784)).clamp(-1, 1)  # 거의 같은 그림 300장
    assert metrics.sample_diversity(collapsed) < 0.05 * metrics.sample_diversity(varied)
    pair = torch.stack([torch.full((784,), -1.0), torch.full((784,), 1.0)])
    assert metrics.sample_diversity(pair) == pytest.approx(2 * 28)  # 784개 픽셀이 모두 2씩 다르면 거리 2·28
    assert metrics.sample_diversity(varied, max_images=2) == pytest.approx((varied[0] - varied[1]).norm().item(), rel=1e-4)
    with pytest.raises(ValueError, match="두 장"):
        metrics.sample_diversity(varied[:1])
