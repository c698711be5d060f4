"""데이터: 1차원 가우시안과 두 봉우리 혼합 표본, 2차원 목표 분포(고리, 격자, 두 달, 나선), 잠재 벡터, MNIST/Fashion-MNIST 텐서, 배치 반복자.

이미지는 한 번만 읽어 [-1, 1] 범위의 (N, 784) 텐서로 만들고, 학습할 장치에 올려 둔 채
에폭마다 섞은 순서로 잘라 쓴다. 표본 하나마다 PIL 변환을 거치는 DataLoader보다 훨씬 빠르다.

데이터 폴더는 (1) 함수 인자 ``data_dir``, (2) 환경 변수 ``GAN_DATA_DIR``, (3) ``./data`` 순서로 찾는다.
그 안에 torchvision과 같은 배치(``MNIST/raw/*.gz``)로 파일이 있어야 한다.
"""
import gzip
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch

from .device import get_device
from .validate import check_int, check_real, is_int

DATASETS = {
    # 이름: (폴더 이름, {파일 이름: md5})
    "mnist": ("MNIST", {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    }),
    "fashion-mnist": ("FashionMNIST", {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    }),
}

FASHION_CLASSES_KO = ["티셔츠", "바지", "스웨터", "드레스", "코트", "샌들", "셔츠", "운동화", "가방", "앵클부츠"]


# ---------------------------------------------------------------- 1차원 분포와 잠재 벡터
def sample_real_1d(n, mean=4.0, std=1.25, generator=None, device="cpu"):
    """정규분포 N(mean, std²)에서 n개를 뽑아 (n, 1) 텐서로 돌려준다."""
    n = check_int(n, "n")
    check_real(mean, "평균 mean")
    check_real(std, "표준편차 std", 0.0, low_open=True)
    return mean + std * torch.randn(n, 1, generator=generator, device=device)


def sample_mixture(n, means, stds, weights=None, generator=None, device="cpu"):
    """정규분포 여러 개를 섞은 분포(봉우리가 여럿인 분포)에서 n개를 뽑아 (n, d) 텐서로 돌려준다.

    means는 봉우리 중심 (K, d) (1차원이면 (K,)도 된다), stds는 봉우리마다 한 값 (K,)이다 (축마다 같은 퍼짐).
    모드 붕괴 실험용이다: 생성자가 봉우리 일부만 따라가면 나머지 봉우리 근처 표본이 사라진다.
    """
    n = check_int(n, "n")
    means = torch.as_tensor(means, dtype=torch.float32, device=device)
    means = means.unsqueeze(1) if means.ndim == 1 else means
    stds = torch.as_tensor(stds, dtype=torch.float32, device=device)
    if means.ndim != 2 or stds.shape != means.shape[:1] or len(stds) == 0:
        raise ValueError(f"means는 (봉우리 수, 차원), stds는 (봉우리 수,) 모양이어야 합니다 "
                         f"(받은 모양: {tuple(means.shape)}, {tuple(stds.shape)}).")
    if not bool(torch.isfinite(stds).all() and (stds >= 0).all()):
        raise ValueError(f"stds는 0 이상의 유한한 수여야 합니다 (받은 값: {stds.tolist()}).")
    w = torch.ones_like(stds) if weights is None else torch.as_tensor(weights, dtype=torch.float32, device=device)
    if w.shape != stds.shape or not bool(torch.isfinite(w).all() and (w >= 0).all() and w.sum() > 0):
        raise ValueError(f"weights는 봉우리마다 하나씩, 0 이상이고 합이 양수여야 합니다 (받은 값: {w.tolist()}).")
    which = torch.multinomial(w / w.sum(), n, replacement=True, generator=generator)
    noise = torch.randn(n, means.shape[1], generator=generator, device=device)
    return means[which] + stds[which].unsqueeze(1) * noise


def sample_mixture_1d(n, means=(-2.0, 2.0), stds=(0.5, 0.5), weights=None, generator=None, device="cpu"):
    """1차원 혼합 분포에서 n개를 뽑아 (n, 1) 텐서로 돌려준다 (``sample_mixture``의 1차원판)."""
    means, stds = torch.as_tensor(means, dtype=torch.float32), torch.as_tensor(stds, dtype=torch.float32)
    if means.shape != stds.shape or means.ndim != 1:
        raise ValueError(f"means와 stds는 길이가 같은 1차원 목록이어야 합니다 (받은 값: {tuple(means.shape)}, {tuple(stds.shape)}).")
    return sample_mixture(n, means, stds, weights, generator, device)


# ---------------------------------------------------------------- 2차원 목표 분포 (놀이터)
def ring_centers(k=8, radius=2.0):
    """반지름 radius인 원 위에 같은 간격으로 놓인 중심 k개 (k, 2). 모드 붕괴 실험의 고전인 '8개 고리'."""
    k = check_int(k, "k")
    check_real(radius, "radius", 0.0, low_open=True)
    angle = torch.arange(k, dtype=torch.float32) * (2 * torch.pi / k)
    return radius * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)


def grid_centers(size=5, spacing=2.0):
    """size × size 격자의 중심 (size², 2). 원점을 가운데에 두고 간격은 spacing."""
    size = check_int(size, "size")
    check_real(spacing, "spacing", 0.0, low_open=True)
    ticks = (torch.arange(size, dtype=torch.float32) - (size - 1) / 2) * spacing
    return torch.cartesian_prod(ticks, ticks)


def sample_moons(n, noise=0.08, generator=None, device="cpu"):
    """두 개의 반달(서로 맞물린 초승달)에서 n개를 뽑아 (n, 2) 텐서로. 원점 근처에 오도록 옮기고 2배 했다."""
    n = check_int(n, "n")
    check_real(noise, "noise", 0.0)
    angle = torch.rand(n, generator=generator, device=device) * torch.pi
    upper = torch.rand(n, generator=generator, device=device) < 0.5
    x = torch.where(upper, torch.cos(angle), 1 - torch.cos(angle)) - 0.5
    y = torch.where(upper, torch.sin(angle), 0.5 - torch.sin(angle)) - 0.25
    points = 2 * torch.stack([x, y], dim=1)
    return points + noise * 2 * torch.randn(n, 2, generator=generator, device=device)


def sample_spiral(n, turns=1.5, noise=0.05, generator=None, device="cpu"):
    """원점에서 바깥으로 turns바퀴 도는 나선에서 n개를 뽑아 (n, 2) 텐서로 (반지름은 최대 약 2.5)."""
    n = check_int(n, "n")
    check_real(turns, "turns", 0.0, low_open=True)
    check_real(noise, "noise", 0.0)
    t = torch.sqrt(torch.rand(n, generator=generator, device=device))  # 바깥쪽 둘레가 길므로 더 많이
    angle = t * turns * 2 * torch.pi
    points = 2.5 * t.unsqueeze(1) * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    return points + noise * torch.randn(n, 2, generator=generator, device=device)


def sample_noise(n, z_dim, kind="normal", generator=None, device="cpu"):
    """잠재 벡터 z를 (n, z_dim) 모양으로 뽑는다. kind는 'normal'(표준정규) 또는 'uniform'([-1, 1] 균등)."""
    n = check_int(n, "n")
    z_dim = check_int(z_dim, "z_dim")
    if kind == "normal":
        return torch.randn(n, z_dim, generator=generator, device=device)
    if kind == "uniform":
        return torch.rand(n, z_dim, generator=generator, device=device) * 2 - 1
    raise ValueError(f"잠재 벡터 종류 kind는 'normal' 또는 'uniform'이어야 합니다 (받은 값: {kind!r}).")


# ---------------------------------------------------------------- 배치
def iterate_batches(data, batch_size, generator=None, order=None, start=0):
    """에폭 한 번 동안 data (N, ...)를 섞은 순서로 batch_size씩 잘라 내준다 (모자란 마지막 배치는 버린다).

    판별자의 배치 크기가 늘 같아야 손실의 크기가 에폭 안에서 비교 가능하기 때문에 마지막 조각을 버린다.
    order (N,)를 주면 그 순서로 자르고, start번째 배치부터 내준다: 에폭 한가운데에서 멈춘 학습을 같은
    순서로 이어 가기 위해서다 (train_gan).
    """
    batch_size = check_int(batch_size, "batch_size")
    n = data.shape[0]
    if batch_size > n:
        raise ValueError(f"배치 크기 batch_size({batch_size})가 데이터 개수({n})보다 큽니다. "
                         "batch_size를 줄이거나 데이터를 더 쓰세요.")
    if order is None:
        order = torch.randperm(n, generator=generator, device="cpu")
    order = order.to(data.device)
    for first in range(start * batch_size, n - batch_size + 1, batch_size):
        yield data[order[first:first + batch_size]]


# ---------------------------------------------------------------- MNIST / Fashion-MNIST
def resolve_data_dir(data_dir=None):
    """데이터 폴더를 정한다: 인자 → 환경 변수 GAN_DATA_DIR → ./data."""
    chosen = data_dir or os.environ.get("GAN_DATA_DIR") or "data"
    return Path(chosen).expanduser()


def load_mnist(dataset="mnist", train=True, data_dir=None, device="cpu", download=None, limit=None):
    """MNIST 또는 Fashion-MNIST를 읽어 (images, labels)를 돌려준다.

    images: (N, 784) float32, [-1, 1] 범위 (픽셀/127.5 - 1). labels: (N,) int64.
    파일이 없으면 torchvision으로 내려받기를 시도하고(``download=False`` 또는 환경 변수
    ``GAN_DOWNLOAD=0``이면 시도하지 않음), 그래도 없으면 어디에 무엇을 두어야 하는지 알려 주는
    FileNotFoundError를 낸다. ``limit``을 주면 앞에서부터 그만큼만 쓴다 (빠른 점검용).
    """
    root, raw, md5s = _dataset_paths(dataset, data_dir)
    if limit is not None:
        limit = check_int(limit, "limit")
    if not isinstance(train, (bool, np.bool_)):
        raise ValueError(f"train은 True(학습용 60,000장) 또는 False(시험용 10,000장)여야 합니다 (받은 값: {train!r}).")
    device = get_device(device)
    if download is None:
        download = os.environ.get("GAN_DOWNLOAD", "1") != "0"
    prefix = "train" if train else "t10k"
    wanted = [f"{prefix}-images-idx3-ubyte.gz", f"{prefix}-labels-idx1-ubyte.gz"]
    if not all(_find_raw(raw, name) for name in wanted) and download:
        _download_with_torchvision(dataset, root)
    missing = [name for name in wanted if not _find_raw(raw, name)]
    if missing:
        raise FileNotFoundError(
            f"{dataset} 파일을 찾지 못했습니다. 찾아본 폴더: {raw.resolve()}\n"
            f"이 폴더에 다음 네 파일을 넣으세요: {', '.join(md5s)}\n"
            "다른 폴더에 있다면 load_mnist(data_dir=...) 인자나 환경 변수 GAN_DATA_DIR로 그 상위 폴더"
            f"(그 안에 {raw.parent.name}/raw/ 가 있는 폴더)를 알려 주세요."
            + ("" if download else "\n(download=False라서 내려받기는 시도하지 않았습니다.)")
        )
    images = _read_idx(_find_raw(raw, wanted[0]), md5s[wanted[0]], expected_ndim=3)
    labels = _read_idx(_find_raw(raw, wanted[1]), md5s[wanted[1]], expected_ndim=1)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    x = torch.from_numpy(images.reshape(len(images), -1)).to(device=device, dtype=torch.float32)
    x = x.div_(127.5).sub_(1.0)
    y = torch.from_numpy(labels.astype(np.int64)).to(device)
    return x, y


def check_dataset_files(dataset="mnist", data_dir=None):
    """내려받기 없이 데이터 파일이 있는지만 본다. (찾아본 raw 폴더, 없는 파일 이름 목록)을 돌려준다."""
    _, raw, md5s = _dataset_paths(dataset, data_dir)
    return raw, [name for name in md5s if not _find_raw(raw, name)]


def _dataset_paths(dataset, data_dir):
    """데이터셋 이름을 확인하고 (데이터 폴더, raw 폴더, {파일 이름: md5})를 돌려준다."""
    if dataset not in DATASETS:
        raise ValueError(f"데이터셋 dataset은 {list(DATASETS)} 중 하나여야 합니다 (받은 값: {dataset!r}).")
    folder_name, md5s = DATASETS[dataset]
    root = resolve_data_dir(data_dir)
    return root, root / folder_name / "raw", md5s


def _find_raw(raw_dir, gz_name):
    """raw 폴더에서 .gz 파일이나, torchvision이 풀어 둔 같은 이름의 파일을 찾는다."""
    for candidate in (raw_dir / gz_name, raw_dir / gz_name[:-3]):
        if candidate.is_file():
            return candidate
    return None


def _download_with_torchvision(dataset, root):
    """torchvision으로 내려받는다. 임시 폴더에 받은 뒤, 끝까지 받아 md5가 맞는 파일만 raw 폴더로 옮긴다.

    그래서 받다가 끊겨도(오프라인, Ctrl+C) 반쯤 받은 파일이 raw 폴더에 남아 다음 실행을 헷갈리게 하지 않는다.
    """
    folder_name, md5s = DATASETS[dataset]
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".download-", dir=root))
        import torchvision.datasets as tvd
        cls = tvd.MNIST if dataset == "mnist" else tvd.FashionMNIST
        for train in (True, False):
            cls(str(tmp), train=train, download=True)
        raw = root / folder_name / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        for name, md5 in md5s.items():
            got = tmp / folder_name / "raw" / name
            if got.is_file() and hashlib.md5(got.read_bytes()).hexdigest() == md5:
                os.replace(got, raw / name)
    except Exception as exc:  # 오프라인 등: 아래에서 파일이 없다는 안내로 이어진다
        print(f"[gan_utils] {dataset} 내려받기 실패: {exc}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _read_idx(path, md5, expected_ndim):
    """IDX 파일(.gz 또는 풀린 파일)을 읽어 numpy 배열로 돌려준다. 손상되었으면 이유를 말한다."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        digest = hashlib.md5(raw).hexdigest()
        if digest != md5:
            raise ValueError(
                f"파일이 손상되었거나 다른 파일입니다: {path}\n"
                f"(md5 {digest}, 기대값 {md5}, 크기 {len(raw):,} 바이트). 파일을 지우고 다시 받으세요."
            )
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise ValueError(f"gzip 파일을 풀 수 없습니다 (잘렸거나 손상됨): {path} ({exc}). 다시 받으세요.") from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08 or raw[3] != expected_ndim:
        raise ValueError(f"IDX 형식이 아닙니다 (첫 4바이트 {raw[:4].hex()}): {path}. "
                         "MNIST 원본 파일이 맞는지 확인하세요.")
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(expected_ndim)]
    offset = 4 + 4 * expected_ndim
    if len(raw) - offset != int(np.prod(dims)):
        raise ValueError(f"파일이 잘렸습니다: {path} (머리말의 크기 {dims}와 실제 바이트 수가 다릅니다). 다시 받으세요.")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims).copy()


# ---------------------------------------------------------------- 잠재 공간 탐색
def latent_sweep(z, dim, values):
    """잠재 벡터 z (z_dim,) 하나에서 좌표 dim만 values로 바꾼 (len(values), z_dim) 묶음을 만든다."""
    z = torch.as_tensor(z, dtype=torch.float32).reshape(-1)
    if not is_int(dim) or not 0 <= dim < z.numel():
        raise ValueError(f"dim은 0 이상 {z.numel() - 1} 이하의 정수여야 합니다 (받은 값: {dim!r}).")
    out = z.repeat(len(values), 1)
    out[:, dim] = torch.as_tensor(values, dtype=torch.float32)
    return out


def latent_interpolation(z0, z1, steps=10):
    """두 잠재 벡터 사이를 직선으로 steps개 점을 찍어 (steps, z_dim) 묶음을 만든다 (양 끝 포함)."""
    z0 = torch.as_tensor(z0, dtype=torch.float32).reshape(-1)
    z1 = torch.as_tensor(z1, dtype=torch.float32).reshape(-1)
    if z0.shape != z1.shape:
        raise ValueError(f"z0와 z1의 크기가 같아야 합니다 (받은 크기: {z0.numel()}, {z1.numel()}).")
    steps = check_int(steps, "steps")
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    return (1 - t) * z0 + t * z1
