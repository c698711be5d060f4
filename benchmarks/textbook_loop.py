"""비교 기준: 튜토리얼에서 흔히 보는 'MNIST GAN 학습 루프'를 그대로 옮긴 것.

``bench_train.py``가 이 루프와 키트의 ``train_gan``을 같은 컴퓨터에서 재어 비교한다. 일부러 튜토리얼에서
흔한 방식을 따랐다: torchvision ``datasets.MNIST`` + ``ToTensor``/``Normalize`` 변환을 표본마다 거치는
``DataLoader``, 마지막에 ``Sigmoid``가 붙은 판별자와 ``nn.BCELoss``, 단계마다 새로 만드는 레이블 텐서,
진짜와 가짜를 따로 통과시키는 판별자, 생성자 단계에서 다시 돌리는 ``G(z)``, 매 단계 ``loss.item()``.
구조(G 100→256→512→1024→784, D 784→1024→512→256→1)는 키트의 ``MODEL_CONFIGS["mnist"]``와 같다.

이 파일은 '고쳐야 할 코드'의 예시이므로 빠르게 만들지 않는다. 직접 돌려 보려면:

    GAN_DATA_DIR=../shared/data python benchmarks/textbook_loop.py
"""
import gzip
import shutil
import tempfile
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

BATCH_SIZE = 128
Z_DIM = 100
LR = 2e-4
BETAS = (0.5, 0.999)
REAL_LABEL = 0.9  # 한쪽 레이블 스무딩 (키트의 mnist 설정과 같게)

RAW_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def prepare_root(data_dir):
    """torchvision이 download=False로 읽을 수 있는 폴더를 돌려준다.

    torchvision은 풀린 IDX 파일(.gz가 아닌)이 있어야 읽는다. 공유 데이터 폴더는 읽기 전용일 수 있어
    거기에 풀지 않고, 임시 폴더에 한 번 풀어 두고 다음부터는 그것을 쓴다.
    """
    data_dir = Path(data_dir)
    raw = data_dir / "MNIST" / "raw"
    if all((raw / name).is_file() for name in RAW_FILES):
        return data_dir
    cache = Path(tempfile.gettempdir()) / "gan_kit_bench"
    cache_raw = cache / "MNIST" / "raw"
    cache_raw.mkdir(parents=True, exist_ok=True)
    for name in RAW_FILES:
        target = cache_raw / name
        if target.is_file():
            continue
        source = raw / f"{name}.gz"
        if not source.is_file():
            raise FileNotFoundError(f"MNIST 파일이 없습니다: {source}. GAN_DATA_DIR로 MNIST/raw/가 들어 있는 폴더를 "
                                    "알려 주세요 (예: GAN_DATA_DIR=../shared/data).")
        tmp = target.with_name(name + ".tmp")  # 반쯤 풀린 파일을 다음 실행이 완성본으로 착각하지 않도록
        with gzip.open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
        tmp.replace(target)
    return cache


def make_loader(root):
    transform = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize((0.5,), (0.5,)),  # [0, 1] → [-1, 1]
    ])
    dataset = datasets.MNIST(root, train=True, transform=transform, download=False)
    return DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True, drop_last=True)


def make_models(device):
    G = nn.Sequential(
        nn.Linear(Z_DIM, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 1024), nn.LeakyReLU(0.2),
        nn.Linear(1024, 784), nn.Tanh(),
    ).to(device)
    D = nn.Sequential(
        nn.Linear(784, 1024), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(1024, 512), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(256, 1), nn.Sigmoid(),
    ).to(device)
    return G, D


def train(G, D, loader, device, epochs=1, max_batches=None):
    """튜토리얼식 학습. max_batches를 주면 그만큼만 돌고 멈춘다 (벤치마크용). (d_losses, g_losses)를 돌려준다."""
    criterion = nn.BCELoss()
    opt_G = torch.optim.Adam(G.parameters(), lr=LR, betas=BETAS)
    opt_D = torch.optim.Adam(D.parameters(), lr=LR, betas=BETAS)
    d_losses, g_losses = [], []
    done = 0
    for epoch in range(epochs):
        for i, (images, _) in enumerate(loader):
            real = images.view(-1, 784).to(device)
            b = real.size(0)
            real_labels = torch.full((b, 1), REAL_LABEL, device=device)
            fake_labels = torch.full((b, 1), 0.0, device=device)

            # ---- 판별자
            D.zero_grad()
            out_real = D(real)
            d_loss_real = criterion(out_real, real_labels)
            z = torch.randn(b, Z_DIM, device=device)
            fake = G(z)
            out_fake = D(fake.detach())
            d_loss_fake = criterion(out_fake, fake_labels)
            d_loss = d_loss_real + d_loss_fake
            d_loss.backward()
            opt_D.step()

            # ---- 생성자
            G.zero_grad()
            fake = G(z)
            out = D(fake)
            g_loss = criterion(out, torch.full((b, 1), 1.0, device=device))
            g_loss.backward()
            opt_G.step()

            d_losses.append(d_loss.item())
            g_losses.append(g_loss.item())
            done += 1
            if done == max_batches:
                return d_losses, g_losses
    return d_losses, g_losses


if __name__ == "__main__":
    import argparse

    from gan_utils.data import resolve_data_dir
    from gan_utils.device import get_device

    parser = argparse.ArgumentParser(description="튜토리얼식 MNIST GAN 한 에폭 (비교 기준)")
    parser.add_argument("--max-batches", type=int, default=None, help="이만큼의 배치만 돌고 멈춘다 (빠른 점검용)")
    args = parser.parse_args()
    device = get_device("auto")
    torch.manual_seed(0)
    loader = make_loader(prepare_root(resolve_data_dir()))
    G, D = make_models(device)
    start = time.perf_counter()
    d_losses, g_losses = train(G, D, loader, device, epochs=1, max_batches=args.max_batches)
    print(f"에폭 1: {time.perf_counter() - start:.1f}초, loss_D {d_losses[-1]:.4f}, loss_G {g_losses[-1]:.4f}")
