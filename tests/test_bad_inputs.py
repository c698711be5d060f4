"""잘못된 입력 표: 학생이 흔히 넣는 틀린 값마다 표준 예외 종류와, 문제의 매개변수 이름이 들어간 한국어 문장이 나오는지 본다.

표의 한 줄 = (무엇을 틀렸나, 부르는 방법, 기대하는 예외, 메시지에 꼭 있어야 할 말). 부르는 방법은 준비물 ``kit``
(작은 모델, 손상된 파일들)을 받는 함수다. 명령줄은 따로 표를 두고 종료 코드 2와 표준 오류의 문장을 본다.
"""
import gzip
import os
import traceback
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from conftest import has_hangul
from gan_utils import checkpoint, cli, data, losses, metrics, models, train


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    torch.manual_seed(0)
    G1, D1 = models.Generator(z_dim=4, hidden=(8,), out_dim=1, out_activation=None), models.Discriminator(1, (8,), 0.0)
    G, D = models.Generator(z_dim=4, hidden=(8,), out_dim=784), models.Discriminator(784, (8,), 0.0)
    images = torch.rand(64, 784) * 2 - 1
    ckpt = root / "good.pt"
    train.train_gan(G, D, images, epochs=1, batch_size=32, checkpoint_path=ckpt, meta={"dataset": "mnist"},
                    device="cpu", progress=False)
    (root / "random.pt").write_bytes(bytes(np.random.default_rng(0).integers(0, 256, 2000, dtype=np.uint8)))
    (root / "truncated.pt").write_bytes(ckpt.read_bytes()[:5000])

    class Evil:  # 불러오면 임의의 명령을 실행하는 피클 (weights_only=True가 막아야 한다)
        def __reduce__(self):
            return (os.system, ("echo hacked",))
    torch.save({"format": 1, "evil": Evil()}, root / "evil.pt")
    state = torch.load(ckpt, weights_only=True)
    torch.save({**state, "format": 99}, root / "future.pt")
    torch.save({"weights": torch.zeros(3)}, root / "foreign.pt")
    return SimpleNamespace(root=root, G=G, D=D, G1=G1, D1=D1, images=images, ckpt=ckpt,
                           empty=tmp_path_factory.mktemp("empty"))


def fit(k, real=None, G=None, D=None, **kwargs):
    """작은 이미지 GAN으로 train_gan을 부른다 (kwargs로 한 값만 틀리게)."""
    config = dict(epochs=1, batch_size=16, device="cpu", progress=False)
    config.update(kwargs)
    G = G or models.Generator(z_dim=4, hidden=(8,), out_dim=784)
    D = D or models.Discriminator(784, (8,), 0.0)
    return train.train_gan(G, D, k.images if real is None else real, **config)


def resume_into_fresh(k, **kwargs):
    G, D = models.Generator(z_dim=4, hidden=(8,), out_dim=784), models.Discriminator(784, (8,), 0.0)
    return fit(k, G=G, D=D, resume=k.ckpt, **kwargs)


BAD_INPUTS = [
    # ---------------------------------------------------------------- 데이터
    ("data: n=0", lambda k: data.sample_real_1d(0), ValueError, "n은"),
    ("data: std=0", lambda k: data.sample_real_1d(5, std=0.0), ValueError, "std"),
    ("data: noise kind", lambda k: data.sample_noise(4, 8, kind="gauss"), ValueError, "kind"),
    ("data: z_dim=0", lambda k: data.sample_noise(4, 0), ValueError, "z_dim"),
    ("data: mixture shapes", lambda k: data.sample_mixture_1d(5, means=(0.0, 1.0), stds=(1.0,)), ValueError, "means"),
    ("data: batch > data", lambda k: list(data.iterate_batches(torch.zeros(4, 1), 5)), ValueError, "batch_size"),
    ("data: unknown dataset", lambda k: data.load_mnist("cifar10"), ValueError, "dataset"),
    ("data: limit=0", lambda k: data.load_mnist(limit=0), ValueError, "limit"),
    ("data: unknown device", lambda k: data.load_mnist(device="tpu"), ValueError, "device"),
    ("data: train='yes'", lambda k: data.load_mnist(train="yes"), ValueError, "train"),
    ("data: missing files", lambda k: data.load_mnist(data_dir=k.empty, download=False), FileNotFoundError,
     "GAN_DATA_DIR"),
    ("data: latent dim out of range", lambda k: data.latent_sweep(torch.zeros(8), 8, [0.0]), ValueError, "dim"),
    ("data: interpolation sizes", lambda k: data.latent_interpolation(torch.zeros(8), torch.zeros(4)), ValueError,
     "z0"),
    # ---------------------------------------------------------------- 모델
    ("models: z_dim=0", lambda k: models.Generator(z_dim=0), ValueError, "z_dim"),
    ("models: out_activation", lambda k: models.Generator(out_activation="relu"), ValueError, "out_activation"),
    ("models: dropout=1", lambda k: models.Discriminator(dropout=1.0), ValueError, "dropout"),
    ("models: dropout=None", lambda k: models.Discriminator(dropout=None), ValueError, "dropout"),
    ("models: unknown config", lambda k: models.build_models("cifar"), ValueError, "name"),
    ("models: 28x28 images into D", lambda k: k.D(torch.zeros(2, 1, 28, 28)), ValueError, "reshape"),
    ("models: uint8 images into D", lambda k: k.D(torch.zeros(2, 784, dtype=torch.uint8)), ValueError, "입력 x"),
    ("models: wrong z width", lambda k: k.G(torch.zeros(2, 7)), ValueError, "z"),
    ("models: numpy z", lambda k: k.G(np.zeros((2, 4), dtype=np.float32)), TypeError, "z"),
    # ---------------------------------------------------------------- 손실
    ("losses: real_target=1.5", lambda k: losses.discriminator_loss(torch.zeros(2, 1), torch.zeros(2, 1), 1.5),
     ValueError, "real_target"),
    ("losses: generator kind", lambda k: losses.generator_loss(torch.zeros(2, 1), "minimax"), ValueError, "kind"),
    ("losses: numpy logits", lambda k: losses.discriminator_loss(np.zeros((2, 1)), torch.zeros(2, 1)), TypeError,
     "real_logits"),
    ("losses: D* target", lambda k: losses.optimal_discriminator(torch.ones(3), torch.ones(3), -0.1), ValueError,
     "real_target"),
    # ---------------------------------------------------------------- 지표
    ("metrics: bins=1", lambda k: metrics.kl_divergence_hist(torch.randn(50), torch.randn(50), bins=1), ValueError,
     "bins"),
    ("metrics: one sample", lambda k: metrics.kl_divergence_hist([1.0], torch.randn(50)), ValueError, "real"),
    ("metrics: NaN in fake", lambda k: metrics.kl_gaussian_fit(torch.randn(50), torch.full((50,), float("nan"))),
     ValueError, "fake"),
    ("metrics: std_p=0", lambda k: metrics.kl_normal(0.0, 0.0, 0.0, 1.0), ValueError, "std_p"),
    ("metrics: 0..255 images", lambda k: metrics.check_images(torch.rand(4, 784) * 255), ValueError, "127.5"),
    ("metrics: wrong image shape", lambda k: metrics.check_images(torch.zeros(4, 32, 32)), ValueError, "images"),
    ("metrics: feature widths", lambda k: metrics.frechet_distance(torch.zeros(5, 3), torch.zeros(5, 4)), ValueError,
     "features_a"),
    ("metrics: parzen sigma", lambda k: metrics.parzen_log_likelihoods(torch.zeros(3, 2), torch.zeros(3, 2), 0.0),
     ValueError, "sigma"),
    # ---------------------------------------------------------------- 학습
    ("train: epochs=0", lambda k: fit(k, epochs=0), ValueError, "epochs"),
    ("train: batch > data", lambda k: fit(k, batch_size=65), ValueError, "batch_size"),
    ("train: lr_g=0", lambda k: fit(k, lr_g=0.0), ValueError, "lr_g"),
    ("train: lr_d=nan", lambda k: fit(k, lr_d=float("nan")), ValueError, "lr_d"),
    ("train: betas", lambda k: fit(k, betas=(0.5,)), ValueError, "betas"),
    ("train: g_loss", lambda k: fit(k, g_loss="minimax"), ValueError, "g_loss"),
    ("train: real_target", lambda k: fit(k, real_target=2.0), ValueError, "real_target"),
    ("train: 0..255 images", lambda k: fit(k, real=(k.images + 1) * 127.5), ValueError, "real_data"),
    ("train: 28x28 images", lambda k: fit(k, real=k.images.reshape(-1, 28, 28)), ValueError, "reshape"),
    ("train: NaN in data", lambda k: fit(k, real=torch.full((64, 784), float("nan"))), ValueError, "real_data"),
    ("train: list as data", lambda k: fit(k, real=[[0.0] * 784] * 64), TypeError, "real_data"),
    ("train: unknown device", lambda k: fit(k, device="tpu"), ValueError, "device"),
    ("train: ema_decay=1.5", lambda k: fit(k, ema_decay=1.5, G_ema=models.Generator(4, (8,), 784)), ValueError,
     "ema_decay"),
    ("train: G/D widths", lambda k: fit(k, D=models.Discriminator(10, (8,), 0.0)), ValueError, "out_dim"),
    ("train: metric not callable", lambda k: fit(k, metrics={"kl": 3}), ValueError, "metrics"),
    ("train: generate z shape", lambda k: train.generate(k.G, z=torch.zeros(2, 5)), ValueError, "z"),
    ("train: steps for sampler", lambda k: train.train_gan(k.G1, k.D1, lambda n: torch.randn(n, 1), epochs=1,
                                                           device="cpu", progress=False),
     ValueError, "steps_per_epoch"),
    # ---------------------------------------------------------------- 체크포인트
    ("ckpt: missing file", lambda k: checkpoint.load_generator(k.root / "nope.pt"), FileNotFoundError, "nope.pt"),
    ("ckpt: random bytes", lambda k: checkpoint.load_generator(k.root / "random.pt"), ValueError, "random.pt"),
    ("ckpt: truncated", lambda k: checkpoint.load_generator(k.root / "truncated.pt"), ValueError, "truncated.pt"),
    ("ckpt: code inside", lambda k: checkpoint.load_generator(k.root / "evil.pt"), ValueError, "weights_only"),
    ("ckpt: newer format", lambda k: checkpoint.load_generator(k.root / "future.pt"), ValueError, "새 버전"),
    ("ckpt: not a kit file", lambda k: checkpoint.load_generator(k.root / "foreign.pt"), ValueError, "foreign.pt"),
    ("ckpt: other architecture",
     lambda k: checkpoint.load_checkpoint(k.ckpt, models.Generator(4, (16,), 784),
                                          models.Discriminator(784, (8,), 0.0)),
     ValueError, "hidden"),
    ("ckpt: other dataset", lambda k: resume_into_fresh(k, epochs=3, meta={"dataset": "fashion-mnist"}), ValueError,
     "dataset"),
    ("ckpt: already trained", lambda k: resume_into_fresh(k, epochs=1), ValueError, "epochs"),
    ("ckpt: would overwrite", lambda k: fit(k, checkpoint_path=k.ckpt), FileExistsError, "overwrite"),
]


@pytest.mark.parametrize("what,call,error,needle", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_explained(kit, what, call, error, needle):
    with pytest.raises(error) as info:
        call(kit)
    message = str(info.value)
    assert needle in message, message
    assert has_hangul(message), f"한국어 설명이 없습니다: {message}"
    # 예외는 키트가 입력을 살펴 직접 낸 것이다 (torch·numpy 안에서 난 오류가 새어 나온 것이 아니다), 그리고 표의
    # 이름 앞부분이 말하는 모듈을 지나서 났다 (ckpt는 체크포인트 함수: checkpoint 또는 train).
    frames = [Path(f.filename) for f in traceback.extract_tb(info.tb)]
    assert "gan_utils" in frames[-1].parts, f"키트 밖에서 난 예외입니다: {frames[-1]}\n{message}"
    prefix = what.split(":")[0]
    modules = {"checkpoint", "train"} if prefix == "ckpt" else {prefix}
    assert any("gan_utils" in f.parts and f.stem in modules for f in frames), (modules, frames)


def test_evil_checkpoint_did_not_run(kit, capfd):
    with pytest.raises(ValueError):
        checkpoint.load_generator(kit.root / "evil.pt")
    assert "hacked" not in capfd.readouterr().out


# ---------------------------------------------------------------- 정수 자리: numpy 정수는 받고 True/False는 거절
def test_numpy_integers_are_accepted_where_integers_are_expected(kit):
    """모듈마다 규칙이 달랐다 (train과 models는 numpy 정수를 거절, data는 받음). 이제 모두 gan_utils.validate를 쓴다."""
    G, D = models.Generator(z_dim=4, hidden=(8,), out_dim=784), models.Discriminator(784, (8,), 0.0)
    history = train.train_gan(G, D, kit.images, epochs=np.int64(2), batch_size=np.int32(16), k=np.int64(2),
                              steps_per_epoch=np.int64(3), log_every=np.int16(1), device="cpu", progress=False)
    assert history["epoch"] == [1, 2] and len(history["loss_G"]) == 2
    G = models.Generator(z_dim=np.int64(4), hidden=(np.int32(8),), out_dim=np.int64(784))
    assert G.config["z_dim"] == 4 and type(G.config["z_dim"]) is int  # 체크포인트(weights_only)에 그대로 들어간다
    assert data.sample_noise(np.int64(3), np.int8(4)).shape == (3, 4)
    assert metrics.kl_divergence_hist(torch.randn(50), torch.randn(50), bins=np.int64(10)) >= 0


BOOL_INPUTS = [
    ("train: epochs=True", lambda k: fit(k, epochs=True), "epochs"),
    ("train: k=True", lambda kit: train.train_gan(kit.G, kit.D, kit.images, epochs=1, k=True), "k"),
    ("train: lr_g=True", lambda k: fit(k, lr_g=True), "lr_g"),
    ("train: real_target=True", lambda k: fit(k, real_target=True), "real_target"),
    ("train: seed=True", lambda k: fit(k, seed=True), "seed"),
    ("models: z_dim=True", lambda k: models.Generator(z_dim=True), "z_dim"),
    ("models: hidden=(True,)", lambda k: models.Discriminator(hidden=(True,)), "hidden"),
    ("data: n=True", lambda k: data.sample_real_1d(True), "n은"),
    ("data: latent dim=True", lambda k: data.latent_sweep(torch.zeros(8), True, [0.0]), "dim"),
    ("losses: real_target=False", lambda k: losses.discriminator_loss(torch.zeros(2, 1), torch.zeros(2, 1), False),
     "real_target"),
    ("metrics: bins=True", lambda k: metrics.kl_divergence_hist(torch.randn(50), torch.randn(50), bins=True), "bins"),
]


@pytest.mark.parametrize("what,call,needle", BOOL_INPUTS, ids=[row[0] for row in BOOL_INPUTS])
def test_bool_is_not_an_integer(kit, what, call, needle):
    """True는 파이썬에서 1과 같은 int라서 따로 막지 않으면 epochs=True가 1에폭 학습이 된다."""
    with pytest.raises(ValueError, match=r"받은 값: \(?(True|False)") as info:
        call(kit)
    assert needle in str(info.value)


BAD_CLI = [
    (["train", "gaussian", "--epochs", "0"], "--epochs"),
    (["train", "gaussian", "--batch-size", "abc"], "--batch-size"),
    (["train", "gaussian", "--lr-g", "-1"], "--lr-g"),
    (["train", "gaussian", "--real-target", "2"], "--real-target"),
    (["train", "cifar"], "dataset"),
    (["train", "gaussian", "--seed", "x"], "--seed"),
    (["train", "mnist", "--preset", "gaussian"], "--preset"),
    (["train", "gaussian", "--device", "tpu"], "device"),
    (["sample", "--out", "x.npy"], "--checkpoint"),
    (["sample", "--checkpoint", "nope.pt", "--out", "x.npy"], "nope.pt"),
    (["evaluate", "--checkpoint", "nope.pt", "--n", "1"], "--n"),
    (["train", "mnist", "--data-dir", "{empty}", "--out", "{tmp}/run"], "GAN_DATA_DIR"),
    (["export", "--checkpoint", "{ckpt}", "--out", "{ckpt}"], "--out"),
    (["train", "gaussian", "--resume", "--out", "{tmp}/none"], "--resume"),
]


@pytest.mark.parametrize("argv,needle", BAD_CLI, ids=[" ".join(a[:3]) for a, _ in BAD_CLI])
def test_bad_cli_argument_is_explained(kit, tmp_path, monkeypatch, capsys, argv, needle):
    monkeypatch.setenv("GAN_DOWNLOAD", "0")
    monkeypatch.chdir(tmp_path)
    argv = [a.format(empty=kit.empty, tmp=tmp_path, ckpt=kit.ckpt) for a in argv]
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse가 고른 값 검사에서 멈춤
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "오류" in err and needle in err, err


# ---------------------------------------------------------------- 데이터 파일이 망가졌을 때
def _write_gz(path, payload):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(payload))


def _idx(ndim, dims, body=b""):
    header = bytes([0, 0, 8, ndim]) + b"".join(int(d).to_bytes(4, "big") for d in dims)
    return header + body


@pytest.mark.parametrize("kind", ["truncated_gz", "not_gzip", "wrong_file_gz", "wrong_magic_raw", "short_raw"])
def test_broken_data_file_names_the_file(tmp_path, kind):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    labels = raw / "train-labels-idx1-ubyte"
    labels.write_bytes(_idx(1, [3], bytes([1, 2, 3])))
    images_gz = raw / "train-images-idx3-ubyte.gz"
    good_images = _idx(3, [3, 28, 28], bytes(3 * 784))
    if kind == "truncated_gz":  # 받다가 끊긴 파일
        images_gz.write_bytes(gzip.compress(good_images)[:100])
    elif kind == "not_gzip":  # 이름만 .gz인 다른 파일
        images_gz.write_bytes(b"<html>404 Not Found</html>")
    elif kind == "wrong_file_gz":  # 제자리에 놓인 다른 파일 (레이블 파일을 이미지 이름으로)
        _write_gz(images_gz, _idx(1, [3], bytes(3)))
    elif kind == "wrong_magic_raw":  # 풀린 파일인데 IDX가 아님
        (raw / "train-images-idx3-ubyte").write_bytes(b"PK\x03\x04" + bytes(100))
    else:  # 풀린 파일인데 머리말보다 짧음
        (raw / "train-images-idx3-ubyte").write_bytes(_idx(3, [3, 28, 28], bytes(50)))
    with pytest.raises(ValueError) as info:
        data.load_mnist(data_dir=tmp_path, download=False)
    assert "train-images-idx3-ubyte" in str(info.value)
    assert "다시 받" in str(info.value) or "확인하세요" in str(info.value)


class FakeMNIST:
    """torchvision.datasets.MNIST 대신: 내려받기를 흉내 내고, 어디까지 썼는지 기록한다."""
    calls = []
    fail_after_partial = False

    def __init__(self, root, train=True, download=False):
        FakeMNIST.calls.append(root)
        raw = Path(root) / "MNIST" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b partial")  # 반쯤 받은 파일
        if FakeMNIST.fail_after_partial:
            raise KeyboardInterrupt  # 받는 도중 Ctrl+C


def test_download_false_never_calls_torchvision(tmp_path, monkeypatch):
    import torchvision.datasets as tvd
    FakeMNIST.calls = []
    monkeypatch.setattr(tvd, "MNIST", FakeMNIST)
    with pytest.raises(FileNotFoundError, match="download=False"):
        data.load_mnist(data_dir=tmp_path, download=False)
    assert FakeMNIST.calls == []


@pytest.mark.parametrize("interrupted", [False, True])
def test_failed_download_leaves_no_partial_files(tmp_path, monkeypatch, interrupted):
    import torchvision.datasets as tvd
    FakeMNIST.calls, FakeMNIST.fail_after_partial = [], interrupted
    monkeypatch.setattr(tvd, "MNIST", FakeMNIST)
    if interrupted:
        with pytest.raises(KeyboardInterrupt):
            data.load_mnist(data_dir=tmp_path, download=True)
    else:  # 끝까지 '받았지만' md5가 틀린 파일: raw 폴더로 옮기지 않는다
        with pytest.raises(FileNotFoundError, match="MNIST"):
            data.load_mnist(data_dir=tmp_path, download=True)
    assert FakeMNIST.calls, "내려받기를 시도했어야 한다"
    leftovers = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == [], leftovers
    assert not any(p.name.startswith(".download-") for p in tmp_path.iterdir())


def test_successful_download_is_moved_into_place(tmp_path, monkeypatch):
    """md5가 맞는 파일만 임시 폴더에서 raw 폴더로 옮겨진다 (진짜 파일을 '내려받은' 것처럼 복사)."""
    import torchvision.datasets as tvd
    source = data.resolve_data_dir(None) / "MNIST" / "raw"
    if not (source / "train-labels-idx1-ubyte.gz").is_file():
        pytest.skip("MNIST 원본 파일이 없다")

    class CopyMNIST:
        def __init__(self, root, train=True, download=False):
            raw = Path(root) / "MNIST" / "raw"
            raw.mkdir(parents=True, exist_ok=True)
            for name in data.DATASETS["mnist"][1]:
                (raw / name).write_bytes((source / name).read_bytes())
    monkeypatch.setattr(tvd, "MNIST", CopyMNIST)
    x, y = data.load_mnist(data_dir=tmp_path, download=True, train=False, limit=10)
    assert x.shape == (10, 784) and y.shape == (10,)
    names = sorted(p.name for p in (tmp_path / "MNIST" / "raw").iterdir())
    assert names == sorted(data.DATASETS["mnist"][1])
    assert [p.name for p in tmp_path.iterdir()] == ["MNIST"]  # 임시 폴더는 지워졌다


def test_train_classifier_into_read_only_kit_asks_for_out(monkeypatch, capsys):
    """수업 서버처럼 키트가 읽기 전용으로 설치되면, 기본 저장 위치(gan_utils/pretrained/) 대신 --out을 달라고 한다."""
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    assert cli.main(["train-classifier", "mnist"]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and has_hangul(err), err


def test_none_dropout_and_bool_seed_give_the_shared_korean_error(kit):
    """dropout=None이 영어 TypeError로, seed=True가 조용히 시드 1로 새지 않는다: 공용 검사의 한국어 문장."""
    with pytest.raises(ValueError, match=r"dropout은\(는\) 0 이상이고 1 미만의 실수여야 합니다 \(받은 값: None\)"):
        models.Discriminator(dropout=None)
    with pytest.raises(ValueError, match=r"seed은\(는\) 0 이상의 정수여야 합니다 \(받은 값: True\)"):
        fit(kit, seed=True)
