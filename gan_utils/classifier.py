"""품질 측정용 분류기: 생성된 숫자(또는 옷)를 '읽어 주는' 작은 합성곱 신경망.

GAN의 손실 값은 그림이 좋은지 알려 주지 않는다. 그래서 진짜 데이터로 미리 학습시킨 분류기에게
생성된 그림을 보여 주고 (1) 어떤 클래스로 읽히는지(모드 붕괴 확인), (2) 얼마나 확신하는지,
(3) 분류기 안쪽 특징(128차원)의 통계가 진짜와 얼마나 다른지(프레셰 거리)를 잰다.
키트가 학습시킨 가중치는 ``gan_utils/pretrained/``에 들어 있고 ``python -m gan_utils
train-classifier``로 다시 만들 수 있다.
"""
import time
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F
from tqdm.auto import tqdm

from .data import load_mnist
from .checkpoint import save_atomic

PRETRAINED_DIR = Path(__file__).resolve().parent / "pretrained"
CLASSIFIER_FILES = {"mnist": "mnist_classifier.pt", "fashion-mnist": "fashion_classifier.pt"}


class Classifier(nn.Module):
    """(B, 784) 이미지 ([-1, 1]) → 10개 클래스의 로짓 (B, 10). ``features``는 마지막 층 앞의 128차원."""

    def __init__(self, n_classes=10, feature_dim=128):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # (B, 32, 14, 14)
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (B, 64, 7, 7)
            nn.Flatten(), nn.Linear(64 * 7 * 7, feature_dim), nn.ReLU(),  # (B, 128)
        )
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(feature_dim, n_classes))
        self.config = dict(n_classes=n_classes, feature_dim=feature_dim)

    def features(self, x):
        return self.body(x.reshape(-1, 1, 28, 28))

    def forward(self, x):
        return self.head(self.features(x))


def _random_shift(x, generator, max_shift=2):
    # 생성된 숫자는 한가운데에서 조금 비껴 있을 때가 많다: 학습 때 ±2픽셀 옮긴 그림도 보여 준다.
    b = x.shape[0]
    padded = F.pad(x.reshape(b, 1, 28, 28), (max_shift,) * 4, value=-1.0)
    dx, dy = torch.randint(0, 2 * max_shift + 1, (2,), generator=generator).tolist()
    return padded[:, :, dy:dy + 28, dx:dx + 28].reshape(b, 784)


def train_classifier(dataset="mnist", epochs=8, batch_size=128, lr=1e-3, data_dir=None, seed=0,
                     device="cpu", progress=True, limit=None):
    """진짜 데이터로 분류기를 학습시키고 (모델, 테스트 정확도, 걸린 초)를 돌려준다."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x, y = load_mnist(dataset, train=True, data_dir=data_dir, device=device, limit=limit)
    model = Classifier().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * (len(x) // batch_size))
    start = time.perf_counter()
    bar = tqdm(total=epochs * (len(x) // batch_size), desc="분류기 학습", unit="단계", disable=not progress)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=gen).to(device)
        for i in range(len(x) // batch_size):
            idx = order[i * batch_size:(i + 1) * batch_size]
            loss = F.cross_entropy(model(_random_shift(x[idx], gen)), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.update(1)
    bar.close()
    seconds = time.perf_counter() - start
    x_test, y_test = load_mnist(dataset, train=False, data_dir=data_dir, device=device)
    return model.eval(), accuracy(model, x_test, y_test), seconds


@torch.inference_mode()
def predict_proba(model, images, batch_size=1000):
    """이미지 (N, 784) → 클래스 확률 (N, 10)."""
    model.eval()
    device = next(model.parameters()).device
    return torch.cat([F.softmax(model(images[i:i + batch_size].to(device)), dim=1).cpu()
                      for i in range(0, len(images), batch_size)])


@torch.inference_mode()
def extract_features(model, images, batch_size=1000):
    """이미지 (N, 784) → 분류기 안쪽 특징 (N, 128). 프레셰 거리에 쓴다."""
    model.eval()
    device = next(model.parameters()).device
    return torch.cat([model.features(images[i:i + batch_size].to(device)).cpu()
                      for i in range(0, len(images), batch_size)])


def accuracy(model, images, labels):
    """테스트 정확도 (0~1)."""
    return (predict_proba(model, images).argmax(1) == labels.cpu()).float().mean().item()


def save_classifier(model, path, meta=None):
    """가중치를 float16으로 줄여 저장한다 (저장소에 넣을 때 크기가 절반)."""
    state = {"format": 1, "config": model.config, "meta": dict(meta or {}),
             "weights": {k: v.half() for k, v in model.state_dict().items()}}
    save_atomic(state, path)


def load_classifier(dataset="mnist", path=None, device="cpu"):
    """키트에 들어 있는(또는 path의) 분류기를 불러온다."""
    if path is None:
        if dataset not in CLASSIFIER_FILES:
            raise ValueError(f"dataset은 {list(CLASSIFIER_FILES)} 중 하나여야 합니다 (받은 값: {dataset!r}).")
        path = PRETRAINED_DIR / CLASSIFIER_FILES[dataset]
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"분류기 가중치 파일이 없습니다: {path}. "
                                f"'python -m gan_utils train-classifier {dataset}'로 만들 수 있습니다.")
    state = torch.load(path, map_location="cpu", weights_only=True)
    model = Classifier(**state["config"])
    model.load_state_dict({k: v.float() for k, v in state["weights"].items()})
    return model.to(device).eval()
