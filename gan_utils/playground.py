"""2차원 GAN 놀이터: 평면 위의 목표 분포를 작은 GAN이 배우는 모습을 한 단계씩 보고, 모드 붕괴를 숫자로 잰다.

- ``make_target``: 목표 분포 (8개 고리, 5×5 격자, 두 달, 나선, 학생이 정한 중심과 퍼짐).
- ``Playground``: 생성자·판별자·옵티마이저와 기록을 들고 있는 상태. ``train(steps)``가 train.train_step을
  steps번 부르고(강의 3·4의 train_gan과 같은 한 단계), ``measure()``가 봉우리 덮기와 2차원 KL을 잰다.
  학습 중에도 학습률, k, 손실 종류는 바로 바뀌고, 잠재 벡터 차원·너비·묶음 수를 바꾸면 새 네트워크로 다시 시작한다.
- ``compare_settings``: 설정 여러 개를 시드 여러 개로 학습시켜 덮은 봉우리 수와 고품질 표본 비율을 표로.

그림은 plots.PlaygroundFigure와 plots.plot_playground_frames, 위젯은 widgets.playground_widget에 있다.
"""
import dataclasses
import threading
import time
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch

from .data import grid_centers, ring_centers, sample_mixture, sample_moons, sample_noise, sample_spiral
from .device import get_device
from .losses import GENERATOR_LOSS_KINDS, discriminator_loss_kind, discriminator_score, generator_loss
from .metrics import kl_divergence_hist, kl_noise_floor, mode_quality
from .models import Discriminator, Generator
from .train import d_step, g_step, make_adam, train_step
from .validate import check_int, check_real

TARGET_NAMES = ("ring", "grid", "moons", "spiral", "custom")
TARGET_LABELS = {"ring": "8개 고리", "grid": "5×5 격자", "moons": "두 달", "spiral": "나선", "custom": "직접 만든 혼합"}
KL_BINS = 30  # 2차원 KL의 축마다 칸 수 (30 × 30 = 900칸)
N_EVAL = 5_000  # 지표를 잴 표본 수
HISTORY_KEYS = ("step", "loss_D", "loss_G", "D_x", "D_G_z", "kl", "modes", "high_quality")


@dataclass
class Target:
    """2차원 목표 분포. 혼합 분포(고리, 격자, 직접 만든 것)는 centers와 stds가 있어 봉우리 덮기를 잴 수 있다."""
    name: str
    label: str
    centers: torch.Tensor = None  # (K, 2), 혼합 분포가 아니면 None
    stds: torch.Tensor = None  # (K,)
    extent: float = 3.0  # 그림에서 보여 줄 범위 [-extent, extent]²

    def sample(self, n, generator=None):
        """(n, 2) 텐서."""
        if self.centers is not None:
            return sample_mixture(n, self.centers, self.stds, generator=generator)
        return sample_moons(n, generator=generator) if self.name == "moons" else sample_spiral(n, generator=generator)

    @property
    def is_mixture(self):
        return self.centers is not None


def make_target(name="ring", centers=None, stds=0.05):
    """목표 분포를 만든다. name은 TARGET_NAMES 가운데 하나.

    'custom'이면 centers((K, 2) 중심 목록)와 stds(한 값 또는 봉우리마다 한 값)로 혼합 분포를 만든다.
    고리(반지름 2)와 격자(간격 2)의 봉우리 표준편차는 stds(기본 0.05)다.
    """
    if name not in TARGET_NAMES:
        raise ValueError(f"목표 분포 name은 {TARGET_NAMES} 중 하나여야 합니다 (받은 값: {name!r}).")
    label = TARGET_LABELS[name]
    if name in ("moons", "spiral"):
        return Target(name, label, extent=3.6 if name == "moons" else 3.0)
    if name == "ring":
        centers = ring_centers(8, 2.0)
    elif name == "grid":
        centers = grid_centers(5, 2.0)
    elif centers is None:
        raise ValueError("name='custom'이면 centers에 봉우리 중심 목록을 주세요 (예: [(0, 0), (2, 1)]).")
    centers = torch.as_tensor(centers, dtype=torch.float32)
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) == 0 or not bool(torch.isfinite(centers).all()):
        raise ValueError(f"centers는 (x, y) 쌍의 목록이어야 합니다 (예: [(0, 0), (2, 1)]; 받은 모양: {tuple(centers.shape)}).")
    stds = torch.as_tensor(stds, dtype=torch.float32).reshape(-1)
    stds = stds.expand(len(centers)).clone() if stds.numel() == 1 else stds
    if len(stds) != len(centers) or not bool((stds > 0).all()) or not bool(torch.isfinite(stds).all()):
        raise ValueError(f"stds는 양수 하나이거나 봉우리마다 하나씩({len(centers)}개)이어야 합니다.")
    extent = float((centers.abs().max() + 3 * stds.max()).item()) + 0.75
    return Target(name, label, centers, stds, extent=max(extent, 2.0))


@dataclass
class Settings:
    """놀이터의 학습 설정. 앞의 다섯은 학습 중에 바로 바뀌고, 뒤의 넷을 바꾸면 네트워크를 새로 만든다."""
    lr_g: float = 1e-3
    lr_d: float = 1e-3
    k: int = 1
    loss: str = "non_saturating"
    batch_size: int = 256
    z_dim: int = 2
    g_hidden: tuple = (64, 64)
    d_hidden: tuple = (64, 64)
    pack: int = 1
    LIVE: ClassVar[tuple] = ("lr_g", "lr_d", "k", "loss", "batch_size")  # 네트워크를 다시 만들지 않고 바뀌는 설정


class Playground:
    """2차원 GAN 한 벌: 목표, 생성자 G, 판별자 D, 옵티마이저, 기록(history, 리스트의 딕셔너리).

    train(steps)는 train.train_step을 steps번 부른다 (k단계마다 생성자 한 번, train_gan과 같은 규칙).
    d_update()와 g_update()는 느린 모드용으로 판별자만, 생성자만 한 번 갱신한다.
    위젯의 학습 스레드와 슬라이더가 동시에 건드리지 않도록 모든 변경은 lock 안에서 한다.
    """

    def __init__(self, target="ring", *, seed=0, device="cpu", n_show=1000, **settings):
        self.target = target if isinstance(target, Target) else make_target(target)
        # 기본은 CPU: 이만큼 작은 모델은 GPU로 보내고 받는 시간이 계산보다 길다. "auto"면 CUDA → MPS → CPU
        self.seed, self.device, self.n_show = seed, get_device(device), check_int(n_show, "n_show", low=10)
        self.settings = Settings()
        self.lock = threading.RLock()
        self._check_and_apply(settings)
        eval_gen = torch.Generator().manual_seed(10_000 + seed)
        self.real_eval = self.target.sample(N_EVAL, eval_gen)
        self.real_show = self.real_eval[:n_show]
        self.kl_floor = kl_noise_floor(N_EVAL, N_EVAL, KL_BINS, trials=3, seed=seed, sampler=self.target.sample)
        self.reset()

    # ------------------------------------------------------------ 설정
    def reset(self, seed=None):
        """네트워크와 옵티마이저를 새로 만들고 기록을 비운다 (seed를 주면 그 시드로)."""
        with self.lock:
            self.seed = self.seed if seed is None else seed
            s = self.settings
            torch.manual_seed(self.seed)
            self.G = Generator(s.z_dim, s.g_hidden, out_dim=2, out_activation=None).to(self.device)
            self.D = Discriminator(2, s.d_hidden, dropout=0.0, pack=s.pack).to(self.device)
            self.opt_G = make_adam(self.G, s.lr_g, (0.5, 0.999), self.device)
            self.opt_D = make_adam(self.D, s.lr_d, (0.5, 0.999), self.device)
            self.gen = torch.Generator().manual_seed(self.seed)  # 학습에 쓰는 진짜 표본과 잠재 벡터
            show_gen = torch.Generator().manual_seed(self.seed + 1)
            self.z_show = sample_noise(self.n_show, s.z_dim, generator=show_gen)
            self.z_eval = sample_noise(N_EVAL, s.z_dim, generator=show_gen)
            self.steps, self.g_updates = 0, 0
            self.phase = "D"  # 느린 모드에서 다음에 할 갱신
            self.last = dict.fromkeys(("loss_D", "D_x", "D_G_z", "loss_G"), float("nan"))  # 마지막 단계의 값
            self.history = {key: [] for key in HISTORY_KEYS}
            self.measure()

    def set(self, **changes):
        """설정을 바꾼다. 학습률·k·손실·배치는 다음 단계부터, 구조(z_dim, 너비, pack)는 새 네트워크로."""
        with self.lock:
            rebuild = self._check_and_apply(changes)
            if rebuild:
                self.reset()
            else:
                for group in self.opt_G.param_groups:
                    group["lr"] = self.settings.lr_g
                for group in self.opt_D.param_groups:
                    group["lr"] = self.settings.lr_d

    def _check_and_apply(self, changes):
        # 모두 확인한 뒤에야 바꾼다: 하나라도 틀리면 설정은 그대로다
        s = self.settings
        new = dataclasses.replace(s)
        for name, value in changes.items():
            if name not in s.__dataclass_fields__:
                raise ValueError(f"알 수 없는 설정 {name!r}입니다. 바꿀 수 있는 것: {list(s.__dataclass_fields__)}")
            if name in ("lr_g", "lr_d"):
                check_real(value, name, 0.0, 1.0, low_open=True)
            elif name == "loss" and value not in GENERATOR_LOSS_KINDS:
                raise ValueError(f"loss는 {GENERATOR_LOSS_KINDS} 중 하나여야 합니다 (받은 값: {value!r}).")
            elif name in ("g_hidden", "d_hidden"):
                value = tuple(check_int(h, name) for h in value)
            elif name in ("k", "batch_size", "z_dim", "pack"):
                value = check_int(value, name)
            setattr(new, name, value)
        if new.batch_size % new.pack:
            raise ValueError(f"batch_size({new.batch_size})는 pack({new.pack})의 배수여야 합니다.")
        rebuild = any(getattr(new, name) != getattr(s, name) for name in s.__dataclass_fields__ if name not in s.LIVE)
        self.settings = new
        return rebuild

    # ------------------------------------------------------------ 학습
    def _batch(self):
        s = self.settings
        real = self.target.sample(s.batch_size, self.gen).to(self.device)
        z = sample_noise(s.batch_size, s.z_dim, generator=self.gen).to(self.device)
        return real, z

    def train(self, steps=1, record=True):
        """steps단계 학습한다 (단계마다 판별자 한 번, k단계마다 생성자 한 번). 끝나면 지표를 잰다."""
        steps = check_int(steps, "steps")
        with self.lock:
            s = self.settings
            for _ in range(steps):
                real, z = self._batch()
                self.steps += 1
                update_g = self.steps % s.k == 0
                loss_d, d_x, d_g_z, loss_g = train_step(self.G, self.D, self.opt_G, self.opt_D, real, z,
                                                        update_g=update_g, g_loss=s.loss)
                self.g_updates += update_g
                self._remember(loss_d, d_x, d_g_z, loss_g)
            if record:
                self.measure()

    def _remember(self, loss_d=None, d_x=None, d_g_z=None, loss_g=None):
        for name, value in zip(("loss_D", "D_x", "D_G_z", "loss_G"), (loss_d, d_x, d_g_z, loss_g)):
            if value is not None:
                self.last[name] = float(value)

    def d_update(self):
        """느린 모드: 판별자만 한 번 갱신한다 (생성자는 고정). 단계 수는 g_update에서 센다."""
        with self.lock:
            real, z = self._batch()
            with torch.no_grad():
                fake = self.G(z)
            self._remember(*d_step(self.D, self.opt_D, real, fake, kind=discriminator_loss_kind(self.settings.loss)))
            self.phase = "G"
            self.measure(record=False)

    def g_update(self):
        """느린 모드: 생성자만 한 번 갱신한다 (판별자는 고정)."""
        with self.lock:
            _, z = self._batch()
            self._remember(loss_g=g_step(self.D, self.opt_G, self.G(z), self.settings.loss))
            self.steps += 1
            self.g_updates += 1
            self.phase = "D"
            self.measure()

    # ------------------------------------------------------------ 재기
    @torch.no_grad()
    def fake_samples(self, z=None):
        self.G.eval()
        try:
            return self.G((self.z_eval if z is None else z).to(self.device)).cpu()
        finally:
            self.G.train()

    def measure(self, record=True):
        """지금의 생성자를 재어 기록에 한 줄 더한다: 2차원 KL, (혼합 분포면) 덮은 봉우리 수와 고품질 비율."""
        with self.lock:
            fake = self.fake_samples()
            row = {"step": self.steps, "kl": kl_divergence_hist(self.real_eval, fake, KL_BINS)}
            if self.target.is_mixture:
                quality = mode_quality(fake, self.target.centers, self.target.stds)
                row.update(modes=quality["modes"], high_quality=quality["high_quality"])
            else:
                row.update(modes=float("nan"), high_quality=float("nan"))
            row.update(self.last)
            self.latest = row
            if record:
                for key in HISTORY_KEYS:
                    self.history[key].append(row[key])
            return row

    def summary(self):
        """지금 상태 한 줄 (한국어)."""
        row = self.latest
        text = f"{self.steps:,}단계"
        if self.target.is_mixture:
            text += (f" | 덮은 봉우리 {row['modes']}/{len(self.target.centers)}"
                     f" | 고품질 표본 {100 * row['high_quality']:.0f}%")
        text += f" | KL {row['kl']:.3f} (바닥값 {self.kl_floor:.3f})"
        return text

    @torch.no_grad()
    def snapshot(self, resolution=80, n_arrows=90, grid_lines=15):
        """그림 한 장에 필요한 값들 (numpy): 진짜·가짜 표본, D 열지도, 생성자가 받는 기울기 화살표, 잠재 격자의 상."""
        with self.lock:
            e = self.target.extent
            ticks = torch.linspace(-e, e, resolution)
            xy = torch.cartesian_prod(ticks, ticks).flip(1)  # 행은 y, 열은 x (imshow 순서)
            kind = discriminator_loss_kind(self.settings.loss)
            self.D.eval()
            # PacGAN 판별자는 표본 묶음을 판정하므로, 같은 점 pack개를 묶어 그 점의 판정을 본다
            heat = discriminator_score(self.D(xy.to(self.device).repeat_interleave(self.D.pack, 0)), kind)
            fake = self.fake_samples(self.z_show)
            arrows_at = fake[:n_arrows - n_arrows % self.D.pack].clone().to(self.device).requires_grad_(True)
            with torch.enable_grad():
                (grad,) = torch.autograd.grad(generator_loss(self.D(arrows_at), self.settings.loss), arrows_at)
            self.D.train()
            zs = self._latent_grid(grid_lines)
            warped = self.fake_samples(zs.reshape(-1, self.settings.z_dim)).reshape(2, grid_lines, -1, 2)
            return {"real": self.real_show.numpy(), "fake": fake.numpy(),
                    "heat": heat.reshape(resolution, resolution).cpu().numpy(), "extent": e,
                    "arrows_at": arrows_at.detach().cpu().numpy(), "arrows": -grad.cpu().numpy(),
                    "warped": warped.numpy(), "steps": self.steps, "row": dict(self.latest),
                    "centers": None if self.target.centers is None else self.target.centers.numpy()}

    def _latent_grid(self, lines, points=40):
        # 잠재 공간의 앞 두 좌표로 만든 격자 (-2~2, 나머지 좌표는 0): 가로줄과 세로줄
        s = torch.linspace(-2, 2, lines)
        t = torch.linspace(-2, 2, points)
        z = torch.zeros(2, lines, points, self.settings.z_dim)
        if self.settings.z_dim == 1:  # 잠재 공간이 직선이면 격자 대신 그 직선 하나의 상
            z[:, :, :, 0] = t.expand(2, lines, points)
            return z
        z[0, :, :, 0], z[0, :, :, 1] = t.expand(lines, points), s.unsqueeze(1).expand(lines, points)
        z[1, :, :, 1], z[1, :, :, 0] = t.expand(lines, points), s.unsqueeze(1).expand(lines, points)
        return z

    def run(self, steps, every):
        """steps단계를 every단계마다 끊어 학습하고, 끊을 때마다 찍은 snapshot의 목록을 돌려준다 (처음 상태 포함).

        위젯이 없는 실행(papermill, nbval, 슬라이드)에서 쓰는 정적 대체 경로다.
        """
        steps, every = check_int(steps, "steps"), check_int(every, "every")
        frames = [self.snapshot()]
        done = 0
        while done < steps:
            chunk = min(every, steps - done)
            self.train(chunk)
            done += chunk
            frames.append(self.snapshot())
        return frames


def compare_settings(target, configs, seeds=(0, 1, 2), steps=3000, progress=True):
    """configs {이름: 설정 dict}마다 시드별로 steps단계 학습시켜 마지막 지표를 모은다.

    돌려주는 dict: {이름: {"modes": [시드별], "high_quality": [시드별], "kl": [시드별], "seconds": [시드별]}}.
    """
    from tqdm.auto import tqdm
    results = {}
    with tqdm(total=len(configs) * len(seeds), desc="설정 × 시드", unit="번", disable=not progress) as bar:
        for name, config in configs.items():
            rows = {"modes": [], "high_quality": [], "kl": [], "seconds": []}
            for seed in seeds:
                t0 = time.perf_counter()
                pg = Playground(target, seed=seed, **config)
                pg.train(steps)
                for key in ("modes", "high_quality", "kl"):
                    rows[key].append(pg.latest[key])
                rows["seconds"].append(time.perf_counter() - t0)
                bar.update(1)
            results[name] = rows
    return results
