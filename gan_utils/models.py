"""모델: 다층 퍼셉트론(MLP) 생성자와 판별자, 그리고 합성곱 생성자·판별자(DCGAN). 1차원 GAN과 MNIST GAN이 같은 MLP 클래스를 쓴다.

조건부 GAN(Mirza & Osindero 2014)은 같은 MLP에 ``num_classes``를 주어 만든다: 클래스 레이블을 원-핫 벡터로 바꿔
생성자에서는 z 옆에, 판별자에서는 이미지 옆에 이어 붙인다. DCGAN(Radford et al. 2015)의 두 모델도 입출력은
(배치, 784)로 펴서 주고받으므로, 학습 루프·지표·명령줄이 MLP와 똑같이 다룬다.

판별자는 확률이 아니라 로짓(logit, 시그모이드를 통과하기 전 값)을 내보낸다. 시그모이드와 로그를
손실 함수 안에서 한 번에 계산해야 D(x)가 0이나 1에 아주 가까울 때도 log가 -inf로 터지지 않는다.
확률이 필요하면 ``torch.sigmoid(D(x))``로 바꾼다.
생성자의 배치 정규화 통계를 자기 출력으로 다시 재는 ``recalibrate_batchnorm``도 여기 있다 (EMA 생성자용).
"""
import torch
from torch import nn

from .data import sample_noise
from .validate import check_int, check_real, is_int

# 강의 4의 기준 구성 (고전 튜토리얼): z 100, G 100→256→512→1024→784, D 784→1024→512→256→1
MODEL_CONFIGS = {
    "mnist": dict(
        generator=dict(z_dim=100, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh"),
        discriminator=dict(in_dim=784, hidden=(1024, 512, 256), dropout=0.3),
    ),
    # 강의 4의 기본값: 기준 구성 + 생성자의 배치 정규화(BatchNorm, DCGAN의 처방). 숫자 10종류를 빨리,
    # 고르게 만든다 (기준 구성은 몇 에폭 동안 한두 숫자 사이를 오가는 모드 붕괴를 보인다).
    "mnist-bn": dict(
        generator=dict(z_dim=100, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh", batchnorm=True),
        discriminator=dict(in_dim=784, hidden=(1024, 512, 256), dropout=0.3),
    ),
    # 교재판: z 128 (배치 512는 학습 설정 쪽에서 정한다)
    "mnist-textbook": dict(
        generator=dict(z_dim=128, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh"),
        discriminator=dict(in_dim=784, hidden=(1024, 512, 256), dropout=0.3),
    ),
    # 강의 5의 조건부 GAN: 강의 4의 기본값과 같은 MLP에 숫자 레이블(원-핫 10칸)을 더 넣는다
    "mnist-cgan": dict(
        generator=dict(z_dim=100, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh", batchnorm=True,
                       num_classes=10),
        discriminator=dict(in_dim=784, hidden=(1024, 512, 256), dropout=0.3, num_classes=10),
    ),
    # 강의 5의 DCGAN: 논문(64×64, 1024채널부터)보다 훨씬 좁힌 합성곱 모델. 판별자는 4층(28 → 14 → 7 → 4 → 2)이라야
    # 숫자 모양을 가려낸다 (2층이면 같은 에폭의 FID가 두 배 넘게 나빴다)
    "mnist-dcgan": dict(
        generator=dict(arch="dcgan", z_dim=100, width=64, layers=3),
        discriminator=dict(arch="dcgan", width=32, layers=4),
    ),
    # 1차원 가우시안: 작은 MLP 두 개, 생성자 출력은 선형(어떤 실수든 낼 수 있어야 하므로)
    "gaussian": dict(
        generator=dict(z_dim=8, hidden=(32, 32), out_dim=1, out_activation=None),
        discriminator=dict(in_dim=1, hidden=(64, 64), dropout=0.0),
    ),
}


class Generator(nn.Sequential):
    """생성자 G: 잠재 벡터 z (B, z_dim) → 가짜 표본 G(z) (B, out_dim).

    out_activation='tanh'이면 출력이 [-1, 1] (이미지용), None이면 선형 출력 (1차원 실수용).
    num_classes=K이면 조건부 생성자: G(z, y)는 레이블 y (B,)의 원-핫 벡터 K칸을 z 옆에 붙여 (B, z_dim + K)를 받는다.
    y를 주지 않으면 0, 1, ..., K-1, 0, 1, ...을 차례로 붙인다 (클래스가 고르게 섞인 표본).
    """

    def __init__(self, z_dim=100, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh",
                 leak=0.2, noise="normal", batchnorm=False, num_classes=0):
        z_dim, out_dim, hidden = check_int(z_dim, "z_dim"), check_int(out_dim, "out_dim"), _check_hidden(hidden)
        num_classes = _check_classes(num_classes)
        if out_activation not in ("tanh", None):
            raise ValueError(f"out_activation은 'tanh' 또는 None이어야 합니다 (받은 값: {out_activation!r}).")
        if noise not in ("normal", "uniform"):
            raise ValueError(f"noise는 'normal' 또는 'uniform'이어야 합니다 (받은 값: {noise!r}).")
        layers, width = [], z_dim + num_classes
        for h in hidden:
            layers.append(nn.Linear(width, h))  # (B, width) → (B, h)
            if batchnorm:
                layers.append(nn.BatchNorm1d(h))
            layers.append(nn.LeakyReLU(leak))
            width = h
        layers.append(nn.Linear(width, out_dim))  # (B, width) → (B, out_dim)
        if out_activation == "tanh":
            layers.append(nn.Tanh())
        super().__init__(*layers)
        self.z_dim, self.noise, self.num_classes = z_dim, noise, num_classes
        self.config = dict(z_dim=z_dim, hidden=tuple(hidden), out_dim=out_dim,
                           out_activation=out_activation, leak=leak, noise=noise, batchnorm=batchnorm)
        if num_classes:  # 조건 없는 모델의 구성(옛 체크포인트에 적힌 것)은 그대로 둔다
            self.config["num_classes"] = num_classes

    def forward(self, z, y=None):
        check_input(z, self.z_dim, "생성자 입력 z")
        if self.num_classes:
            z = torch.cat([z, one_hot_labels(balanced_labels(len(z), self.num_classes, z.device) if y is None else y,
                                             self.num_classes, len(z), z)], dim=1)
        elif y is not None:
            raise ValueError("이 생성자는 조건부가 아니라서 레이블 y를 받지 않습니다 (num_classes=0). "
                             "조건부 생성자는 Generator(..., num_classes=10)으로 만드세요.")
        return super().forward(z)


class Discriminator(nn.Sequential):
    """판별자 D: 표본 x (B, in_dim) → 로짓 (B, 1). '진짜일 확률'은 sigmoid(로짓).

    pack=m이면 PacGAN(Lin et al. 2018): 이웃한 표본 m개를 한 줄로 이어 붙여 한꺼번에 판정한다
    (B, in_dim) → (B/m, m·in_dim) → 로짓 (B/m, 1). 묶음 안의 표본이 모두 한 봉우리에 몰려 있으면
    '가짜 묶음'이라고 알아채기 쉬워서, 생성자가 봉우리 몇 개만 만드는 모드 붕괴에 벌이 커진다.
    num_classes=K이면 조건부 판별자: D(x, y)는 레이블 y의 원-핫 벡터를 x 옆에 붙여 '이 그림이 클래스 y의 진짜인가'를 판정한다.
    """

    def __init__(self, in_dim=784, hidden=(1024, 512, 256), dropout=0.3, leak=0.2, pack=1, num_classes=0):
        in_dim, hidden, pack = check_int(in_dim, "in_dim"), _check_hidden(hidden), check_int(pack, "pack")
        check_real(dropout, "dropout", 0.0, 1.0, high_open=True)
        num_classes = _check_classes(num_classes)
        if num_classes and pack > 1:
            raise ValueError("조건부 판별자(num_classes)와 PacGAN(pack)은 함께 쓸 수 없습니다. 둘 중 하나만 주세요.")
        layers, width = [], (in_dim + num_classes) * pack
        for h in hidden:
            layers += [nn.Linear(width, h), nn.LeakyReLU(leak)]  # (B, width) → (B, h)
            if dropout > 0:
                layers.append(Dropout(dropout))
            width = h
        layers.append(nn.Linear(width, 1))  # (B, width) → (B, 1) 로짓
        super().__init__(*layers)
        self.in_dim, self.pack, self.num_classes = in_dim, pack, num_classes
        self.config = dict(in_dim=in_dim, hidden=tuple(hidden), dropout=dropout, leak=leak, pack=pack)
        if num_classes:
            self.config["num_classes"] = num_classes

    def forward(self, x, y=None):
        check_input(x, self.in_dim, "판별자 입력 x")
        if self.num_classes:
            if y is None:
                raise ValueError("조건부 판별자에는 레이블도 주어야 합니다: D(x, y) (y는 (배치,) 정수 텐서).")
            x = torch.cat([x, one_hot_labels(y, self.num_classes, len(x), x)], dim=1)
        elif y is not None:
            raise ValueError("이 판별자는 조건부가 아니라서 레이블 y를 받지 않습니다 (num_classes=0).")
        if self.pack > 1:
            if x.shape[0] % self.pack:
                raise ValueError(f"pack={self.pack}인 판별자에는 배치 크기가 {self.pack}의 배수여야 합니다 "
                                 f"(받은 배치: {x.shape[0]}).")
            x = x.reshape(-1, self.pack * self.in_dim)
        return super().forward(x)


class Dropout(nn.Module):
    """nn.Dropout과 같은 일: 학습 중에 값의 비율 p를 0으로 만들고 나머지를 1/(1 - p)배 한다 (평가 때는 그대로).

    CPU에서는 원소마다 난수를 하나씩 만드는 일이 행렬 곱만큼 오래 걸린다 (MNIST 판별자에서 nn.Dropout이
    한 단계 시간의 약 1/5). 그래서 64비트 난수 하나를 16비트 넷으로 쪼개 원소 네 개에 쓴다. p는 1/65536
    단위로 반올림된다. bf16 혼합 정밀도(값의 유효 숫자가 8비트)에서는 8비트씩 여덟 원소에 나눠 써서 난수를
    절반만 만든다 (p는 1/256 단위). GPU에서는 PyTorch의 dropout이 이미 빠르므로 그것을 쓴다.
    """

    def __init__(self, p=0.5):
        super().__init__()
        check_real(p, "dropout 비율 p", 0.0, 1.0, high_open=True)
        self.p = p
        # 부호 있는 16비트(bf16에서는 8비트) 난수가 이 값 미만이면 0으로
        self._threshold = {torch.int16: round(-32768 + p * 65536), torch.int8: round(-128 + p * 256)}

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        if x.device.type != "cpu":
            return nn.functional.dropout(x, self.p, training=True)
        n = x.numel()
        bits_type = torch.int8 if x.dtype == torch.bfloat16 else torch.int16
        per_draw = 8 // bits_type.itemsize
        bits = torch.randint(-2**63, 2**63 - 1, ((n + per_draw - 1) // per_draw,), dtype=torch.int64)
        keep = torch.empty(x.shape, dtype=x.dtype)
        # 비교 결과(1 또는 0)를 x의 자료형으로 바로 써 넣는다: bool 텐서를 만들고 다시 바꾸는 것보다 빠르다
        torch.ge(bits.view(bits_type)[:n].view(x.shape), self._threshold[bits_type], out=keep)
        return x * keep.mul_(1.0 / (1.0 - self.p))

    def extra_repr(self):
        return f"p={self.p}"


class DCGANGenerator(nn.Module):
    """DCGAN 생성자(Radford et al. 2015)를 28×28 흑백 숫자에 맞춘 작은 판:
    z → (4w, 4, 4) → (2w, 7, 7) → (w, 14, 14) → (1, 28, 28) (layers=3). layers=2면 z → (2w, 7, 7)에서 시작한다.

    DCGAN의 규칙과 그 까닭:
    - 풀링이나 완전 연결 은닉층 대신 보폭 2의 전치 합성곱(ConvTranspose2d)으로 그림을 두 배씩 키운다: 키우는 방법도 배운다.
      첫 층만 z를 특징 맵으로 펴는 행렬 곱이다. 4×4 → 7×7은 홀수 크기를 맞추려고 3×3 커널, 그 뒤는 4×4 커널이다.
    - 출력층을 뺀 모든 층에 배치 정규화: 층마다 값의 크기를 맞춰 깊은 생성자도 학습이 시작되게 하고, 모든 z가
      한 점으로 몰리는 붕괴를 늦춘다. 출력층에 두면 그림의 밝기 분포가 흔들려서 뺀다.
    - 은닉층은 ReLU, 출력은 tanh: 픽셀을 [-1, 1]에 맞춘다.
    layers=2면 7×7 특징 맵이 z의 행렬 곱 한 번(과 ReLU)뿐이라 숫자의 전체 모양을 정할 비선형 층이 없다. 4×4에서 시작하면
    전치 합성곱 한 층이 더 붙는다.
    출력은 (B, 784)로 펴서 돌려준다: MLP 생성자와 같은 모양이라 학습 루프, 지표, 그림 함수를 그대로 쓴다.
    """

    def __init__(self, z_dim=100, width=32, noise="normal", out_dim=784, out_activation="tanh", layers=3, arch="dcgan"):
        super().__init__()
        z_dim, width, layers = check_int(z_dim, "z_dim"), check_int(width, "width"), check_int(layers, "layers")
        if (out_dim, out_activation) != (784, "tanh"):  # 구성에 적어 두는 값: 28×28 흑백, tanh 출력으로 고정
            raise ValueError("DCGANGenerator는 28×28 그림(out_dim=784)을 tanh로 내보내는 모델입니다.")
        if noise not in ("normal", "uniform"):
            raise ValueError(f"noise는 'normal' 또는 'uniform'이어야 합니다 (받은 값: {noise!r}).")
        if layers not in (2, 3):
            raise ValueError(f"layers는 2(7×7에서 시작) 또는 3(4×4에서 시작)이어야 합니다 (받은 값: {layers}).")
        channels, side = width * 2 ** (layers - 1), 7 if layers == 2 else 4
        self.start = (channels, side, side)
        self.project = nn.Linear(z_dim, channels * side * side, bias=False)  # (B, z_dim) → 첫 특징 맵
        body = [nn.BatchNorm2d(channels), nn.ReLU()]
        if layers == 3:
            body += [nn.ConvTranspose2d(channels, channels // 2, 3, stride=2, padding=1, bias=False),  # 4×4 → 7×7
                     nn.BatchNorm2d(channels // 2), nn.ReLU()]
        body += [nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),  # 7×7 → 14×14
                 nn.BatchNorm2d(width), nn.ReLU(),
                 nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1),  # 14×14 → 28×28
                 nn.Tanh()]
        self.body = nn.Sequential(*body)
        self.z_dim, self.noise, self.width, self.num_classes = z_dim, noise, width, 0
        self.config = dict(arch="dcgan", z_dim=z_dim, width=width, noise=noise, out_dim=784, out_activation="tanh",
                           layers=layers)

    def forward(self, z):
        check_input(z, self.z_dim, "생성자 입력 z")
        return self.body(self.project(z).view(len(z), *self.start)).flatten(1)


class DCGANDiscriminator(nn.Module):
    """DCGAN 판별자를 28×28에 맞춘 작은 판: (B, 784) → (1, 28, 28) → (w, 14, 14) → (2w, 7, 7) → (4w, 4, 4) → (8w, 2, 2) → 로짓 (B, 1).

    DCGAN의 규칙과 그 까닭:
    - 풀링 대신 보폭 2의 합성곱으로 줄인다: 어디를 얼마나 줄일지도 판별자가 배운다. 층마다 채널을 두 배로 늘린다.
    - 배치 정규화는 논문처럼 입력층을 뺀 층에 둔다 (입력층에 두면 진짜 그림의 밝기 통계까지 지워 버린다). 그래서 학습
      루프(train.d_step)는 이 판별자에 진짜와 가짜를 따로 넣는다: 한 배치로 섞어 넣으면 통계가 진짜·가짜 섞인 배치에서
      재어져 가짜만 넣는 생성자 단계와 어긋나고, 그렇게 학습하면 4에폭 동안 숫자 한 종류로 붕괴했다 (시드 0).
      batchnorm=False로 끄면 판별자가 약해져 D(x)와 D(G(z))가 몇 에폭 만에 거의 붙고, 같은 에폭에서 FID가 더 나빴다.
    - LeakyReLU(0.2): 음수 쪽에도 기울기가 흘러서 생성자가 받는 신호가 끊기지 않는다.
    layers: 보폭 2 합성곱의 수 (2~5). 층이 깊을수록 마지막 칸 하나가 그림의 더 넓은 곳을 본다. 2층이면 마지막 선형 층이
    7×7 칸의 국소 특징을 더하기만 해서, 획은 그럴듯하지만 숫자 모양이 어긋난 그림을 잘 가려내지 못했다 (같은 에폭에서 FID가
    4층의 두 배 넘게 나빴다). 14 → 7은 논문처럼 4×4 커널, 그 뒤 7 → 4 → 2 → 1은 홀수 크기를 고르게 줄이려고 3×3이다.
    """

    def __init__(self, width=32, leak=0.2, batchnorm=True, layers=4, arch="dcgan"):
        super().__init__()
        width, layers = check_int(width, "width"), check_int(layers, "layers")
        if not 2 <= layers <= 5:
            raise ValueError(f"layers는 2~5여야 합니다: 28 → 14 → 7 → 4 → 2 → 1 (받은 값: {layers}).")
        body = [nn.Conv2d(1, width, 4, stride=2, padding=1), nn.LeakyReLU(leak)]  # 28×28 → 14×14
        side, channels = 14, width
        for i in range(1, layers):
            kernel = 4 if i == 1 else 3
            body += [nn.Conv2d(channels, 2 * channels, kernel, stride=2, padding=1, bias=not batchnorm),
                     *([nn.BatchNorm2d(2 * channels)] if batchnorm else []), nn.LeakyReLU(leak)]
            side, channels = (side + 1) // 2, 2 * channels  # 14 → 7 → 4 → 2 → 1
        self.body = nn.Sequential(*body, nn.Flatten(), nn.Linear(channels * side * side, 1))
        self.in_dim, self.pack, self.num_classes = 784, 1, 0
        self.config = dict(arch="dcgan", width=width, leak=leak, batchnorm=batchnorm, layers=layers)

    def forward(self, x):
        check_input(x, self.in_dim, "판별자 입력 x")
        return self.body(x.view(len(x), 1, 28, 28))


def build_generator(config):
    """구성 dict (체크포인트의 G_config)로 생성자를 만든다: arch가 'dcgan'이면 합성곱, 아니면 MLP."""
    return (DCGANGenerator if config.get("arch") == "dcgan" else Generator)(**config)


def build_discriminator(config):
    """구성 dict (체크포인트의 D_config)로 판별자를 만든다."""
    return (DCGANDiscriminator if config.get("arch") == "dcgan" else Discriminator)(**config)


def one_hot_labels(y, num_classes, n, like):
    """레이블 y (n,) 정수 텐서 → 원-핫 (n, num_classes), like와 같은 자료형·장치. 모양과 자료형만 확인한다."""
    if not isinstance(y, torch.Tensor) or y.shape != (n,) or y.is_floating_point() or y.dtype == torch.bool:
        got = f"{tuple(y.shape)} {y.dtype}" if isinstance(y, torch.Tensor) else type(y).__name__
        raise ValueError(f"레이블 y는 ({n},) 모양의 정수 텐서여야 합니다 (받은 값: {got}). 예: torch.tensor([3, 7, ...]).")
    return nn.functional.one_hot(y.to(like.device, torch.long), num_classes).to(like.dtype)


def balanced_labels(n, num_classes, device="cpu"):
    """0, 1, ..., num_classes-1, 0, 1, ... 을 n개: 클래스가 고르게 섞인 레이블."""
    return torch.arange(n, device=device) % num_classes


def weights_init(module, std=0.02):
    """선형·합성곱 층의 가중치를 N(0, std²), 편향을 0으로 놓는다. ``model.apply(weights_init)``로 쓴다."""
    if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, mean=0.0, std=std)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def build_models(name="mnist", init=True, seed=None):
    """MODEL_CONFIGS의 이름으로 (G, D)를 만든다. init=True면 가중치를 N(0, 0.02)로 초기화한다."""
    if name not in MODEL_CONFIGS:
        raise ValueError(f"모델 구성 name은 {list(MODEL_CONFIGS)} 중 하나여야 합니다 (받은 값: {name!r}).")
    if seed is not None:
        torch.manual_seed(seed)
    cfg = MODEL_CONFIGS[name]
    G, D = build_generator(cfg["generator"]), build_discriminator(cfg["discriminator"])
    if init:
        G.apply(weights_init)
        D.apply(weights_init)
    return G, D


def batchnorm_layers(model):
    """model 안의 배치 정규화 층들 (없으면 빈 리스트)."""
    return [layer for layer in model.modules() if isinstance(layer, nn.modules.batchnorm._BatchNorm)]


@torch.no_grad()
def recalibrate_batchnorm(G, n_batches=10, batch_size=500, seed=0):
    """G의 배치 정규화 통계(running mean/var)를 G 자신의 출력으로 다시 잰다. 배치 정규화가 없으면 아무것도 안 한다.

    EMA 생성자는 가중치를 평균 낸 '다른' 신경망이라, 학습 중인 G가 쌓은 통계를 그대로 쓰면 은닉층 값의
    평균과 분산이 어긋나 그림이 나빠진다. 그래서 평가하기 전에 새 잠재 벡터로 통계를 다시 모은다.
    전역 난수 상태는 건드리지 않는다 (이어서 학습한 결과가 달라지지 않도록).
    학습 루프(에폭 끝)와 생성자 내보내기(checkpoint.export_generator)가 함께 쓰므로 모델 쪽에 둔다.
    """
    norms = batchnorm_layers(G)
    if not norms:
        return G
    device = next(G.parameters()).device
    gen = torch.Generator().manual_seed(seed)
    was_training = G.training
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # None: 지금까지 본 배치들의 단순 평균
    G.train()
    for _ in range(n_batches):
        G(sample_noise(batch_size, G.z_dim, G.noise, generator=gen).to(device))  # 조건부 G는 클래스를 고르게 붙인다
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    G.train(was_training)
    return G


def forward_gflop(model, *inputs):
    """model(*inputs) 한 번에 선형·합성곱 층이 하는 연산량을 표본 하나당 GFLOP으로 (곱셈과 덧셈을 따로 세어 2회).

    배치 정규화, 활성화 함수처럼 원소마다 하는 연산은 넣지 않는다 (선형·합성곱 층이 거의 전부라서).
    학습 한 단계는 순전파의 대략 3배다 (역전파가 입력과 가중치 쪽 기울기를 하나씩 계산하므로).
    """
    macs = []

    def count(module, args, output):
        if isinstance(module, nn.Linear):
            macs.append(output.numel() * module.in_features)
        elif isinstance(module, nn.Conv2d):  # 출력 칸마다 (입력 채널 × 커널 넓이)번 곱해 더한다
            macs.append(output.numel() * module.in_channels * module.kernel_size[0] * module.kernel_size[1])
        elif isinstance(module, nn.ConvTranspose2d):  # 입력 칸마다 (출력 채널 × 커널 넓이)칸에 더해 준다
            macs.append(args[0].numel() * module.out_channels * module.kernel_size[0] * module.kernel_size[1])

    hooks = [layer.register_forward_hook(count) for layer in model.modules()]
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        for hook in hooks:
            hook.remove()
    return 2 * sum(macs) / len(inputs[0]) / 1e9


def paper_dcgan():
    """Radford et al. (2015)의 64×64 컬러 DCGAN 크기의 (생성자, 판별자): z 100 → 1024×4×4 → 512 → 256 → 128 → 3×64×64와
    그 거울. 가중치를 학습하지 않고 연산량(forward_gflop)을 재는 데만 쓴다. 생성자 입력은 (B, 100, 1, 1)."""
    widths = [1024, 512, 256, 128]
    g_layers = [nn.ConvTranspose2d(100, widths[0], 4, 1, 0)]
    g_layers += [nn.ConvTranspose2d(a, b, 4, 2, 1) for a, b in zip(widths, widths[1:])]
    g_layers.append(nn.ConvTranspose2d(widths[-1], 3, 4, 2, 1))
    d_widths = widths[::-1]
    d_layers = [nn.Conv2d(3, d_widths[0], 4, 2, 1)]
    d_layers += [nn.Conv2d(a, b, 4, 2, 1) for a, b in zip(d_widths, d_widths[1:])]
    d_layers.append(nn.Conv2d(d_widths[-1], 1, 4, 1, 0))
    return nn.Sequential(*g_layers), nn.Sequential(*d_layers)


def paper_dcgan_gflop():
    """논문 크기 DCGAN(paper_dcgan)의 생성자와 판별자 순전파 한 번씩, 표본 하나당 GFLOP."""
    paper_G, paper_D = paper_dcgan()
    z = torch.randn(2, 100, 1, 1, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        return forward_gflop(paper_G, z) + forward_gflop(paper_D, paper_G(z))


def gan_gflop(G, D):
    """생성자 G와 판별자 D의 순전파 한 번씩, 표본 하나당 GFLOP (조건부 모델이면 레이블도 함께 넣는다)."""
    z = sample_noise(2, G.z_dim, G.noise, generator=torch.Generator().manual_seed(0))
    labels = torch.arange(2) if G.num_classes else None
    was_training = G.training, D.training
    G.eval(), D.eval()  # 배치 정규화의 통계를 건드리지 않게
    try:
        g_args = (z, labels) if labels is not None else (z,)
        fake = G(*g_args)
        return forward_gflop(G, *g_args) + forward_gflop(D, *((fake, labels) if labels is not None else (fake,)))
    finally:
        G.train(was_training[0]), D.train(was_training[1])


def count_parameters(model):
    """학습되는 매개변수의 개수."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def check_input(x, width, label):
    """모델에 넣을 텐서의 모양 (배치, width)과 자료형을 확인한다. 값은 보지 않는다 (GPU에서 매 단계 기다리게 되므로).

    label은 오류 문장의 주어다 (예: "판별자 입력 x", "real_data"). 학습 루프도 데이터를 받을 때 이것을 쓴다.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{label}은(는) torch 텐서여야 합니다 (받은 값: {type(x).__name__}). "
                        "torch.as_tensor(...)로 바꾸세요.")
    if x.ndim != 2 or x.shape[1] != width:
        hint = (" 이미지라면 x.reshape(len(x), -1)로 한 장을 한 줄로 펴세요."
                if x.ndim > 2 and x[0].numel() == width else "")
        raise ValueError(f"{label}은(는) (배치, {width}) 모양이어야 합니다 (받은 모양: {tuple(x.shape)}).{hint}")
    if not x.is_floating_point():
        raise ValueError(f"{label}의 자료형이 {x.dtype}입니다. 실수 텐서로 바꾸세요 "
                         "(0~255 픽셀이면 x.float() / 127.5 - 1로 [-1, 1]).")


def _check_classes(num_classes):
    if not (is_int(num_classes) and 0 <= num_classes and num_classes != 1):
        raise ValueError(f"num_classes는 0(조건 없음) 또는 2 이상의 정수여야 합니다 (받은 값: {num_classes!r}).")
    return int(num_classes)


def _check_hidden(hidden):
    # numpy 정수도 파이썬 int로 바꿔 둔다: config가 체크포인트에 들어가고, weights_only로는 numpy 값을 읽지 못한다
    if not all(is_int(h) and h > 0 for h in hidden):
        raise ValueError(f"hidden은 1 이상의 정수 목록이어야 합니다 (받은 값: {hidden!r}).")
    return tuple(int(h) for h in hidden)
