import numpy as np
import pytest

from conftest import parse_figures, run_cli


def test_train_gaussian_prints_figures(tmp_path):
    result = run_cli("train", "gaussian", "--epochs", "8", "--quiet", "--out", "g", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = parse_figures(result.stdout)
    for name in ("kl_hist", "kl_gauss", "gen_mean", "gen_std", "train_seconds", "loss_D", "loss_G"):
        assert name in out
    assert float(out["kl_hist"]) < 2.0
    assert (tmp_path / "g" / "checkpoint.pt").is_file() and (tmp_path / "g" / "samples.png").is_file()
    again = run_cli("train", "gaussian", "--epochs", "1", "--quiet", "--out", "g", cwd=tmp_path)
    assert again.returncode == 2 and "--overwrite" in again.stderr  # 이전 결과를 말없이 덮어쓰지 않는다


def test_train_mnist_then_sample(tmp_path):
    result = run_cli("train", "mnist", "--epochs", "1", "--limit", "1024", "--quiet", "--out", "m", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ckpt = tmp_path / "m" / "checkpoint.pt"
    assert ckpt.is_file()
    result = run_cli("sample", "--checkpoint", str(ckpt), "--n", "500", "--out", "s.npy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    samples = np.load(tmp_path / "s.npy")
    assert samples.shape == (500, 784) and samples.dtype == np.float32
    assert samples.min() >= -1 and samples.max() <= 1 and samples.std() > 0.01


@pytest.mark.parametrize("args,needle", [
    (["sample", "--checkpoint", "nope.pt", "--out", "x.npy"], "체크포인트"),
    (["sample", "--checkpoint", "nope.pt", "--n", "0", "--out", "x.npy"], "--n"),
    (["train", "mnist", "--epochs", "0", "--out", "z"], "epochs"),
    (["train", "mnist", "--data-dir", "missing-dir", "--out", "z"], "missing-dir"),
])
def test_cli_errors_are_explained(tmp_path, args, needle):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr


def test_help_in_korean():
    result = run_cli("train", "--help", timeout=60)
    assert result.returncode == 0 and "에폭 수" in result.stdout
