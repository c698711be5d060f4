"""모델: 다층 퍼셉트론(MLP) 생성자와 판별자. 1차원 GAN과 MNIST GAN이 같은 클래스를 쓴다.

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
    # 1차원 가우시안: 작은 MLP 두 개, 생성자 출력은 선형(어떤 실수든 낼 수 있어야 하므로)
    "gaussian": dict(
        generator=dict(z_dim=8, hidden=(32, 32), out_dim=1, out_activation=None),
        discriminator=dict(in_dim=1, hidden=(64, 64), dropout=0.0),
    ),
}


class Generator(nn.Sequential):
    """생성자 G: 잠재 벡터 z (B, z_dim) → 가짜 표본 G(z) (B, out_dim).

    out_activation='tanh'이면 출력이 [-1, 1] (이미지용), None이면 선형 출력 (1차원 실수용).
    """

    def __init__(self, z_dim=100, hidden=(256, 512, 1024), out_dim=784, out_activation="tanh",
                 leak=0.2, noise="normal", batchnorm=False):
        z_dim, out_dim, hidden = check_int(z_dim, "z_dim"), check_int(out_dim, "out_dim"), _check_hidden(hidden)
        if out_activation not in ("tanh", None):
            raise ValueError(f"out_activation은 'tanh' 또는 None이어야 합니다 (받은 값: {out_activation!r}).")
        if noise not in ("normal", "uniform"):
            raise ValueError(f"noise는 'normal' 또는 'uniform'이어야 합니다 (받은 값: {noise!r}).")
        layers, width = [], z_dim
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
        self.z_dim, self.noise = z_dim, noise
        self.config = dict(z_dim=z_dim, hidden=tuple(hidden), out_dim=out_dim,
                           out_activation=out_activation, leak=leak, noise=noise, batchnorm=batchnorm)

    def forward(self, z):
        check_input(z, self.z_dim, "생성자 입력 z")
        return super().forward(z)


class Discriminator(nn.Sequential):
    """판별자 D: 표본 x (B, in_dim) → 로짓 (B, 1). '진짜일 확률'은 sigmoid(로짓).

    pack=m이면 PacGAN(Lin et al. 2018): 이웃한 표본 m개를 한 줄로 이어 붙여 한꺼번에 판정한다
    (B, in_dim) → (B/m, m·in_dim) → 로짓 (B/m, 1). 묶음 안의 표본이 모두 한 봉우리에 몰려 있으면
    '가짜 묶음'이라고 알아채기 쉬워서, 생성자가 봉우리 몇 개만 만드는 모드 붕괴에 벌이 커진다.
    """

    def __init__(self, in_dim=784, hidden=(1024, 512, 256), dropout=0.3, leak=0.2, pack=1):
        in_dim, hidden, pack = check_int(in_dim, "in_dim"), _check_hidden(hidden), check_int(pack, "pack")
        check_real(dropout, "dropout", 0.0, 1.0, high_open=True)
        layers, width = [], in_dim * pack
        for h in hidden:
            layers += [nn.Linear(width, h), nn.LeakyReLU(leak)]  # (B, width) → (B, h)
            if dropout > 0:
                layers.append(Dropout(dropout))
            width = h
        layers.append(nn.Linear(width, 1))  # (B, width) → (B, 1) 로짓
        super().__init__(*layers)
        self.in_dim, self.pack = in_dim, pack
        self.config = dict(in_dim=in_dim, hidden=tuple(hidden), dropout=dropout, leak=leak, pack=pack)

    def forward(self, x):
        check_input(x, self.in_dim, "판별자 입력 x")
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


def weights_init(module, std=0.02):
    """선형 층의 가중치를 N(0, std²), 편향을 0으로 놓는다. ``model.apply(weights_init)``로 쓴다."""
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, mean=0.0, std=std)
        nn.init.zeros_(module.bias)


def build_models(name="mnist", init=True, seed=None):
    """MODEL_CONFIGS의 이름으로 (G, D)를 만든다. init=True면 가중치를 N(0, 0.02)로 초기화한다."""
    if name not in MODEL_CONFIGS:
        raise ValueError(f"모델 구성 name은 {list(MODEL_CONFIGS)} 중 하나여야 합니다 (받은 값: {name!r}).")
    if seed is not None:
        torch.manual_seed(seed)
    cfg = MODEL_CONFIGS[name]
    G, D = Generator(**cfg["generator"]), Discriminator(**cfg["discriminator"])
    if init:
        G.apply(weights_init)
        D.apply(weights_init)
    return G, D


@torch.no_grad()
def recalibrate_batchnorm(G, n_batches=10, batch_size=500, seed=0):
    """G의 배치 정규화 통계(running mean/var)를 G 자신의 출력으로 다시 잰다. 배치 정규화가 없으면 아무것도 안 한다.

    EMA 생성자는 가중치를 평균 낸 '다른' 신경망이라, 학습 중인 G가 쌓은 통계를 그대로 쓰면 은닉층 값의
    평균과 분산이 어긋나 그림이 나빠진다. 그래서 평가하기 전에 새 잠재 벡터로 통계를 다시 모은다.
    전역 난수 상태는 건드리지 않는다 (이어서 학습한 결과가 달라지지 않도록).
    학습 루프(에폭 끝)와 생성자 내보내기(checkpoint.export_generator)가 함께 쓰므로 모델 쪽에 둔다.
    """
    norms = [m for m in G.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
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
        G(sample_noise(batch_size, G.z_dim, G.noise, generator=gen).to(device))
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    G.train(was_training)
    return G


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


def _check_hidden(hidden):
    # numpy 정수도 파이썬 int로 바꿔 둔다: config가 체크포인트에 들어가고, weights_only로는 numpy 값을 읽지 못한다
    if not all(is_int(h) and h > 0 for h in hidden):
        raise ValueError(f"hidden은 1 이상의 정수 목록이어야 합니다 (받은 값: {hidden!r}).")
    return tuple(int(h) for h in hidden)
