import gzip
import shutil

import pytest
import torch

from gan_utils import data


def test_sample_real_1d_matches_requested_normal():
    x = data.sample_real_1d(50_000, mean=3.0, std=0.5, generator=torch.Generator().manual_seed(0))
    assert x.shape == (50_000, 1)
    assert x.mean().item() == pytest.approx(3.0, abs=0.01)
    assert x.std().item() == pytest.approx(0.5, abs=0.01)


def test_mixture_has_two_peaks_with_requested_weights():
    x = data.sample_mixture_1d(20_000, means=(-3, 3), stds=(0.3, 0.3), weights=(1, 3),
                               generator=torch.Generator().manual_seed(0))
    assert x.shape == (20_000, 1)
    left = (x < 0).float().mean().item()
    assert left == pytest.approx(0.25, abs=0.02)
    assert ((x.abs() - 3).abs() < 1.5).float().mean().item() > 0.99  # 골짜기에는 거의 없다


@pytest.mark.parametrize("kind,lo,hi", [("uniform", -1, 1), ("normal", -10, 10)])
def test_sample_noise_shapes_and_ranges(kind, lo, hi):
    z = data.sample_noise(1000, 7, kind, generator=torch.Generator().manual_seed(0))
    assert z.shape == (1000, 7)
    assert lo <= z.min().item() and z.max().item() <= hi
    if kind == "normal":
        assert z.std().item() == pytest.approx(1.0, abs=0.05)


def test_iterate_batches_shuffles_and_drops_last():
    x = torch.arange(10).float().unsqueeze(1)
    torch.manual_seed(0)
    first = torch.cat(list(data.iterate_batches(x, 3)))
    assert first.shape == (9, 1)  # 10개 중 마지막 1개는 버린다
    assert len(set(first.squeeze(1).tolist())) == 9
    second = torch.cat(list(data.iterate_batches(x, 3)))
    assert not torch.equal(first, second)  # 에폭마다 순서가 바뀐다


def test_iterate_batches_rejects_batch_larger_than_data():
    with pytest.raises(ValueError, match="batch_size"):
        list(data.iterate_batches(torch.zeros(4, 1), 5))


def test_load_mnist_scaled_flat_tensors(mnist_small):
    x, y = mnist_small
    assert x.shape == (2048, 784) and x.dtype == torch.float32
    assert x.min().item() == -1.0 and x.max().item() == 1.0
    assert y.shape == (2048,) and y.dtype == torch.int64
    assert set(y.tolist()) == set(range(10))
    assert y[:5].tolist() == [5, 0, 4, 1, 9]  # MNIST 학습 세트의 잘 알려진 첫 다섯 라벨


def test_load_full_test_sets():
    x, y = data.load_mnist("mnist", train=False)
    assert x.shape == (10_000, 784)
    fx, fy = data.load_mnist("fashion-mnist", train=False)
    assert fx.shape == (10_000, 784) and int(fy.max()) == 9
    assert not torch.equal(x[:10], fx[:10])
    assert len(data.FASHION_CLASSES_KO) == 10


def test_data_dir_resolution_order(monkeypatch, tmp_path):
    monkeypatch.setenv("GAN_DATA_DIR", str(tmp_path / "env"))
    assert data.resolve_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert data.resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv("GAN_DATA_DIR")
    assert str(data.resolve_data_dir()) == "data"


def test_missing_data_error_names_directory_and_files(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        data.load_mnist("mnist", data_dir=tmp_path, download=False)
    message = str(info.value)
    assert str(tmp_path / "MNIST" / "raw") in message
    for name in data.DATASETS["mnist"][1]:
        assert name in message
    assert "GAN_DATA_DIR" in message


def _copy_raw(tmp_path):
    src = data.resolve_data_dir() / "MNIST" / "raw"
    dst = tmp_path / "MNIST" / "raw"
    shutil.copytree(src, dst)
    return dst


def test_truncated_file_is_reported(tmp_path):
    raw = _copy_raw(tmp_path)
    target = raw / "t10k-labels-idx1-ubyte.gz"
    target.write_bytes(target.read_bytes()[:1000])
    with pytest.raises(ValueError, match="t10k-labels"):
        data.load_mnist("mnist", train=False, data_dir=tmp_path, download=False)


def test_uncompressed_file_with_wrong_magic_is_reported(tmp_path):
    raw = _copy_raw(tmp_path)
    (raw / "t10k-labels-idx1-ubyte.gz").unlink()
    (raw / "t10k-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x03" + bytes(100))
    with pytest.raises(ValueError, match="IDX"):
        data.load_mnist("mnist", train=False, data_dir=tmp_path, download=False)


def test_uncompressed_files_from_torchvision_are_read(tmp_path):
    raw = _copy_raw(tmp_path)
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (raw / name[:-3]).write_bytes(gzip.decompress((raw / name).read_bytes()))
        (raw / name).unlink()
    x, y = data.load_mnist("mnist", train=False, data_dir=tmp_path, download=False)
    assert x.shape == (10_000, 784) and y.shape == (10_000,)


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="dataset"):
        data.load_mnist("cifar")


def test_check_dataset_files(tmp_path):
    raw, missing = data.check_dataset_files("fashion-mnist")
    assert raw.name == "raw" and raw.parent.name == "FashionMNIST" and missing == []
    raw, missing = data.check_dataset_files("mnist", data_dir=tmp_path)
    assert raw == tmp_path / "MNIST" / "raw" and len(missing) == 4
