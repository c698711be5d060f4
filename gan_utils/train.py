"""학습: 판별자와 생성자를 번갈아 갱신하는 하나의 루프 ``train_gan``과 그 부품 ``train_step``, ``d_step``, ``g_step``.

1차원 가우시안 GAN(강의 3)과 MNIST GAN(강의 4)이 같은 루프를 쓴다. 달라지는 것은 넘겨주는
모델과 데이터뿐이다. 기록(history)은 에폭마다 한 줄씩 쌓이는 '리스트의 딕셔너리'이고,
그림은 학습이 끝난 뒤 이 기록으로 그린다. 체크포인트 저장·이어 학습·중지 버튼은 checkpoint.TrainingRun이 맡는다.
"""
import copy
import itertools
import math
import time
from types import SimpleNamespace

import torch
from tqdm.auto import tqdm

from .checkpoint import RUNNING_SUMS, TrainingRun, check_not_overwriting
from .data import iterate_batches, sample_noise
from .device import get_device
from .losses import (GENERATOR_LOSS_KINDS, check_target, discriminator_loss, discriminator_loss_kind,
                     discriminator_score, generator_loss)
from .models import batchnorm_layers, check_input, recalibrate_batchnorm
from .precision import autocast, choose_precision, cuda_matmul_tf32
from .validate import check_int, check_real, is_int, is_real

# 에폭 평균 BCE 손실이 이보다 크면 로짓이 수백 이상 틀린 것이다 (정상 학습은 0.3~5): 되돌아오지 않는 발산으로 보고 멈춘다
DIVERGED_LOSS = 1e3

# 학습 설정 모음: 모델 구성 이름(models.MODEL_CONFIGS)과 train_gan에 넘길 값들.
TRAINING_PRESETS = {
    # 1차원 가우시안: 판별자를 생성자보다 5배 빠르게 학습시키면(두 시간 척도, TTUR) 진동이 줄어든다.
    "gaussian": dict(model="gaussian", epochs=40, steps_per_epoch=100, batch_size=256,
                     lr_g=3e-4, lr_d=1.5e-3, betas=(0.5, 0.999), real_target=1.0),
    # 강의 4 기준 구성: Adam 2e-4, beta1 0.5, 배치 128, 진짜 목표 0.9 (한쪽 레이블 스무딩)
    "mnist": dict(model="mnist", epochs=30, batch_size=128, lr_g=2e-4, lr_d=2e-4,
                  betas=(0.5, 0.999), real_target=0.9),
    # 강의 4의 기본값: 기준 구성 + 생성자 배치 정규화 + 생성자 가중치의 지수 이동 평균(EMA)
    "mnist-bn": dict(model="mnist-bn", epochs=30, batch_size=128, lr_g=2e-4, lr_d=2e-4,
                     betas=(0.5, 0.999), real_target=0.9, ema_decay=0.999),
    # 강의 5의 조건부 GAN: 강의 4의 기본값과 같은 설정, 모델만 숫자 레이블을 받는다
    "mnist-cgan": dict(model="mnist-cgan", epochs=30, batch_size=128, lr_g=2e-4, lr_d=2e-4,
                       betas=(0.5, 0.999), real_target=0.9, ema_decay=0.999),
    # 강의 5의 DCGAN: 논문의 Adam 2e-4, beta1 0.5, 배치 128 (+ 키트의 레이블 스무딩 0.9와 EMA)
    "mnist-dcgan": dict(model="mnist-dcgan", epochs=15, batch_size=128, lr_g=2e-4, lr_d=2e-4,
                        betas=(0.5, 0.999), real_target=0.9, ema_decay=0.999),
    # 교재판: z 128, 배치 512, 학습률 2e-4
    "mnist-textbook": dict(model="mnist-textbook", epochs=30, batch_size=512, lr_g=2e-4, lr_d=2e-4,
                           betas=(0.5, 0.999), real_target=0.9),
}


def generate(G, n=None, seed=None, device=None, z=None, labels=None):
    """학습된 생성자 G로 표본 n개를 만든다 (기울기 계산 없이). seed를 주면 늘 같은 표본이 나온다.

    z (n, z_dim)를 직접 주면 그 잠재 벡터로 만든다 (잠재 공간 탐색, 고정된 z로 만든 스냅샷).
    labels: 조건부 생성자에게 줄 클래스. 정수 하나(모두 그 클래스)나 (n,) 정수 텐서. 주지 않으면 0, 1, ..., 9, 0, ...
    """
    device = device or next(G.parameters()).device
    if z is None:
        gen = torch.Generator(device="cpu").manual_seed(seed) if seed is not None else None
        z = sample_noise(n, G.z_dim, G.noise, generator=gen)
    elif not isinstance(z, torch.Tensor) or z.ndim != 2 or z.shape[1] != G.z_dim:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        raise ValueError(f"z는 (n, {G.z_dim}) 모양의 텐서여야 합니다 (받은 값: {got}).")
    z = z.to(device)
    y = _generate_labels(G, labels, len(z))
    was_training = G.training
    G.eval()
    with torch.inference_mode():
        out = G(z) if y is None else G(z, y.to(device))
    G.train(was_training)
    return out


def _generate_labels(G, labels, n):
    """generate의 labels를 (n,) 정수 텐서로 (조건 없는 G에 labels를 주면, 범위 밖의 클래스면 한국어로 알린다)."""
    num_classes = getattr(G, "num_classes", 0)
    if labels is None:
        return None
    if not num_classes:
        raise ValueError("이 생성자는 조건부가 아니라서 labels(클래스)를 받지 않습니다. 조건부 GAN의 생성자를 주세요.")
    y = torch.full((n,), int(labels), dtype=torch.long) if is_int(labels) else torch.as_tensor(labels)
    if y.shape != (n,) or y.is_floating_point():
        raise ValueError(f"labels는 정수 하나나 ({n},) 모양의 정수 텐서여야 합니다 (받은 모양: {tuple(y.shape)}).")
    check_labels(y, num_classes)
    return y.long()


def check_labels(y, num_classes, name="labels"):
    """레이블이 0 이상 num_classes 미만의 정수인지 한 번 확인한다 (학습 전에, 표본을 만들기 전에)."""
    if len(y) and (int(y.min()) < 0 or int(y.max()) >= num_classes):
        raise ValueError(f"{name}의 클래스는 0부터 {num_classes - 1}까지여야 합니다 "
                         f"(받은 범위: {int(y.min())} ~ {int(y.max())}).")


def make_adam(model, lr, betas, device):
    """Adam 옵티마이저. 가능하면 '융합(fused)' 구현을 쓴다: 매개변수마다 작은 연산 10여 개를 따로 부르는 대신
    한 번에 처리해서, MNIST 크기 모델의 CPU 학습에서 한 단계 시간의 약 1/7을 아낀다. 계산하는 식은 같다."""
    try:
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas, fused=device.type in ("cpu", "cuda"))
    except (RuntimeError, TypeError, ValueError):  # 융합 구현이 없는 옛 PyTorch나 장치
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas)


def call_model(model, x, labels=None):
    """G(z)나 D(x): 조건부 모델(강의 5)이면 레이블도 함께 넣어 model(x, labels)로 부른다."""
    return model(x) if labels is None else model(x, labels)


def d_step(D, opt_D, real, fake, real_target=1.0, dtype=None, kind="bce", labels=None):
    """판별자 한 번 갱신. 진짜와 가짜를 한 번에 통과시키고 (loss_D, D(x) 평균, D(G(z)) 평균)을 돌려준다.

    판별자에 배치 정규화가 있으면(DCGAN) 진짜와 가짜를 따로 통과시킨다 (논문의 방식): 섞인 배치로 잰 통계는 가짜만
    통과시키는 생성자 단계의 통계와 어긋나서, 판별자가 배치의 통계로 진짜와 가짜를 가르고 생성자는 붕괴했다.

    kind: 판별자 손실 'bce' 또는 'least_squares' (losses.discriminator_loss). 판별자가 표본 여러 개를 묶어
    한 번에 판정하면(PacGAN, ``Discriminator(pack=m)``) 로짓이 배치의 1/m개이므로, 진짜·가짜 몫을 개수 비율로 나눈다.

    돌려주는 값은 기울기가 끊긴 0차원 텐서다: .item()으로 매 단계 꺼내면 GPU가 기다려야 하므로
    에폭 끝에서 한 번에 읽는다. dtype=torch.bfloat16이면 판별자의 순전파만 bf16 혼합 정밀도로 (precision.py).
    labels: 조건부 GAN이면 진짜와 가짜 모두의 클래스 (real과 fake가 같은 레이블을 쓴다).
    """
    with autocast(real.device, dtype):
        if batchnorm_layers(D):
            logits = torch.cat([call_model(D, real, labels), call_model(D, fake.detach(), labels)])
        else:  # 한 번에 넣으면 행렬 곱이 한 번이라 빠르다. detach: 생성자는 이 단계에서 고정
            logits = call_model(D, torch.cat([real, fake.detach()]), None if labels is None else labels.repeat(2))
    logits = logits.float()  # 손실은 fp32로: bf16의 유효 숫자 세 자리로는 log의 작은 차이가 사라진다
    n = logits.shape[0] * real.shape[0] // (real.shape[0] + fake.shape[0])
    real_logits, fake_logits = logits[:n], logits[n:]
    loss = discriminator_loss(real_logits, fake_logits, real_target, kind)
    opt_D.zero_grad(set_to_none=True)
    loss.backward()
    opt_D.step()
    return (loss.detach(), discriminator_score(real_logits, kind).mean().detach(),
            discriminator_score(fake_logits, kind).mean().detach())


def g_step(D, opt_G, fake, kind="non_saturating", dtype=None, labels=None):
    """생성자 한 번 갱신. 판별자의 가중치는 고정한 채, 판별자를 통과한 기울기로 G만 움직인다."""
    D.requires_grad_(False)  # 판별자 가중치의 기울기는 필요 없다 (계산만 아낀다)
    with autocast(fake.device, dtype):  # d_step이 고친 가중치로 새로 bf16 사본을 만든다 (문맥을 새로 열어야)
        logits = call_model(D, fake, labels)
    loss = generator_loss(logits.float(), kind)
    opt_G.zero_grad(set_to_none=True)
    loss.backward()
    opt_G.step()
    D.requires_grad_(True)
    return loss.detach()


def train_step(G, D, opt_G, opt_D, real, z, *, update_g=True, real_target=1.0, g_loss="non_saturating", dtype=None,
               labels=None):
    """학습 한 단계: 판별자를 한 번, update_g이면 이어서 생성자를 한 번 갱신한다.

    (loss_D, D(x) 평균, D(G(z)) 평균, loss_G) 를 돌려준다 (생성자를 갱신하지 않았으면 loss_G는 None).
    train_gan과 2차원 놀이터(playground.Playground)가 이 함수 하나를 같이 쓴다.
    labels: 조건부 GAN(강의 5)이면 진짜 배치의 클래스 (B,). 생성자도 같은 클래스들을 만들도록 G(z, labels)로 부른다.
    """
    # 판별자만 갱신하는 단계에서는 G의 계산 그래프가 필요 없다
    with torch.set_grad_enabled(update_g), autocast(real.device, dtype):
        fake = call_model(G, z, labels)
    # (1) 판별자 갱신: log D(x) + log(1 - D(G(z)))를 키운다 (생성자는 고정)
    loss_d, d_x, d_g_z = d_step(D, opt_D, real, fake, real_target, dtype, discriminator_loss_kind(g_loss), labels)
    # (2) 생성자 갱신: 가짜에 '진짜' 레이블을 붙여, 판별자가 1이라고 말하도록 G를 움직인다
    loss_g = g_step(D, opt_G, fake, g_loss, dtype, labels) if update_g else None
    return loss_d, d_x, d_g_z, loss_g


@torch.no_grad()
def update_ema(G_ema, G, decay):
    """G_ema의 가중치를 G 쪽으로 (1 - decay)만큼 옮긴다: G_ema ← decay·G_ema + (1 - decay)·G."""
    torch._foreach_lerp_(list(G_ema.parameters()), list(G.parameters()), 1.0 - decay)


def train_gan(G, D, real_data, *, epochs, batch_size=128, steps_per_epoch=None,
              lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999), k=1, real_target=1.0,
              g_loss="non_saturating", ema_decay=None, G_ema=None, metrics=None, snapshot_epochs=(),
              n_snapshot=64, checkpoint_path=None, resume=None, overwrite=False, meta=None, seed=0,
              device="auto", precision="auto", progress=True, log_every=1, labels=None):
    """GAN을 학습시키고 에폭별 기록(history)을 돌려준다. G와 D는 그 자리에서 학습된다.

    real_data: (N, d) 텐서(에폭마다 섞어서 배치로 자름) 또는 배치 크기를 받아 진짜 표본을
        돌려주는 함수(예: ``lambda n: sample_real_1d(n)``; 이때는 steps_per_epoch가 필요).
    steps_per_epoch: 에폭당 최대 단계 수. 텐서 데이터에서 작게 주면 빠른 점검(smoke) 모드가 된다.
    labels: 조건부 GAN(강의 5)이면 real_data의 클래스 (N,) 정수 텐서. 배치마다 진짜 그림의 클래스를 생성자와
        판별자에 함께 준다 (G(z, y), D(x, y)). 스냅샷은 0, 1, ..., 9를 차례로 붙여 만든다.
    k: 생성자 1번 갱신마다 판별자를 몇 번 갱신할지.
    real_target: 판별자가 진짜 표본에 거는 목표 레이블 (0.9면 한쪽 레이블 스무딩; 가짜의 목표는 늘 0).
    g_loss: 'non_saturating', 'saturating', 'least_squares' (최소 제곱이면 판별자 손실도 최소 제곱이다).
    ema_decay, G_ema: 생성자 가중치의 지수 이동 평균(EMA). G_ema(보통 ``copy.deepcopy(G)``)를 주면 생성자를
        갱신할 때마다 G_ema ← decay·G_ema + (1 - decay)·G로 따라가게 한다. 한 단계씩 흔들리는 G보다
        평균 낸 G_ema가 더 깨끗한 그림을 낸다. 주면 지표(metrics)와 스냅샷은 G_ema로 잰다.
    metrics: {이름: 함수(G) -> float}. 에폭이 끝날 때마다 재어 history[이름]에 쌓는다.
    snapshot_epochs: 고정된 잠재 벡터로 표본을 저장할 에폭 번호들(1부터).
    checkpoint_path: 주면 에폭마다 여기에 체크포인트를 저장한다. 이미 있는 파일은 overwrite=True일 때만
        덮어쓴다 (이전 실험의 결과를 모르고 지우지 않도록). resume: 이어서 학습할 체크포인트.
    meta: 체크포인트에 함께 적어 둘 정보 (예: {"dataset": "mnist"}).
    precision: 'auto', 'fp32', 'bf16'. bf16이면 모델의 순전파를 bf16 혼합 정밀도로 계산한다 (가중치·옵티마이저·
        손실·지표·체크포인트는 fp32). 'auto'는 장치가 bf16을 직접 계산하고 잰 결과 더 빠를 때만 bf16을 고르고
        (CUDA에서는 남은 fp32 행렬 곱에 TF32도 켠다), 무엇을 왜 골랐는지 처음 한 번 알린다 (precision.py).
        체크포인트는 정밀도와 상관없이 fp32라서, 다른 정밀도로 이어서 학습해도 된다.

    멈추기: 학습 중에 Jupyter의 중지(■) 버튼이나 Ctrl+C를 누르면 지금 단계를 마친 뒤 멈추고, 그때까지의
    모델·옵티마이저·난수 상태를 체크포인트에 저장한 뒤 ``TrainingInterrupted``를 낸다. 메시지에 적힌 대로
    ``resume=``에 그 파일을 주면 멈춘 단계부터 이어서 학습하고, 끊기지 않은 학습과 똑같은 결과가 나온다.

    재현성: CPU에서는 같은 seed(와 같은 초기 모델)면 기록과 표본이 비트 단위까지 같다. GPU(CUDA)에서는
    cuBLAS가 덧셈 순서를 바꿀 수 있어 마지막 자릿수가 달라질 수 있다 (완전히 같게 하려면
    ``torch.use_deterministic_algorithms(True)``와 환경 변수 ``CUBLAS_WORKSPACE_CONFIG=:4096:8``, 대신 느려진다).
    """
    device = get_device(device)
    metrics = metrics or {}
    args = _check_training_arguments(G, D, real_data, epochs=epochs, batch_size=batch_size,
                                     steps_per_epoch=steps_per_epoch, k=k, log_every=log_every, lr_g=lr_g, lr_d=lr_d,
                                     betas=betas, real_target=real_target, ema_decay=ema_decay, seed=seed,
                                     g_loss=g_loss, G_ema=G_ema, metrics=metrics, checkpoint_path=checkpoint_path,
                                     resume=resume, overwrite=overwrite)  # 확인을 거친 수 인자: args.epochs 등
    labels = _check_training_labels(G, D, real_data, labels)
    G.to(device).train()
    D.to(device).train()
    opt_G, opt_D = make_adam(G, args.lr_g, args.betas, device), make_adam(D, args.lr_d, args.betas, device)
    choice = choose_precision(precision, device, D, args.batch_size, verbose=progress)
    if isinstance(real_data, torch.Tensor):
        # bf16이면 진짜 데이터도 미리 bf16으로: 판별자의 첫 층이 어차피 bf16으로 바꿔 읽으므로 값은 같고, 배치마다 바꾸는 일이 준다
        real_data = real_data.to(device, choice.dtype or real_data.dtype)
    if labels is not None:
        labels = labels.to(device)
    if G_ema is not None:
        G_ema.to(device).eval()
    shown = G_ema if G_ema is not None else G  # 스냅샷과 지표를 잴 생성자
    steps = _steps_per_epoch(real_data, args.batch_size, args.steps_per_epoch)

    torch.manual_seed(args.seed)
    fixed_z = sample_noise(n_snapshot, G.z_dim, G.noise, generator=torch.Generator().manual_seed(args.seed + 1))
    history = {"epoch": [], "loss_D": [], "loss_G": [], "D_x": [], "D_G_z": [], "seconds": [],
               **{name: [] for name in metrics}, "snapshot_epoch": [], "snapshots": []}
    meta = {**(meta or {}), "seed": args.seed, "precision": choice.name}
    run = TrainingRun(checkpoint_path, G, D, opt_G, opt_D, G_ema, meta, history, fixed_z)
    if resume is not None:
        run.restore(resume, args.epochs)  # 모델·옵티마이저·난수 상태, 기록, 고정 z, 멈췄던 에폭의 자리
    history, fixed_z = run.history, run.fixed_z.to(device)
    elapsed = history["seconds"][-1] if history["seconds"] else 0.0

    # with run: 이 안에서 Ctrl+C(■ 버튼)는 '이번 단계를 마치고 멈춰 달라'는 요청(run.stop_requested)이 된다
    with run, cuda_matmul_tf32(device.type == "cuda" and precision == "auto"), \
            tqdm(total=args.epochs * steps, initial=run.steps_done(steps), desc="GAN 학습", unit="단계",
                 disable=not progress) as bar:
        for epoch in range(run.epoch + 1, args.epochs + 1):
            # 새 에폭은 새로 섞은 순서와 0인 합계로, 멈췄던 에폭은 멈춘 자리(같은 순서, 같은 중간 합계)에서 시작한다
            first, order, n_g, sums, seconds = run.take_partial(device) or (
                0, torch.randperm(len(real_data)) if isinstance(real_data, torch.Tensor) else None, 0,
                {name: torch.zeros((), device=device) for name in RUNNING_SUMS}, 0.0)
            t0 = time.perf_counter() - seconds
            batches = (iterate_batches(real_data, args.batch_size, order=order, start=first) if order is not None
                       else (real_data(args.batch_size).to(device) for _ in range(first, steps)))
            # 레이블도 같은 순서로 자른다 (조건 없는 GAN이면 None)
            label_batches = (iterate_batches(labels, args.batch_size, order=order, start=first) if labels is not None
                             else itertools.repeat(None))
            for i, real, y in zip(range(first, steps), batches, label_batches):
                z = sample_noise(args.batch_size, G.z_dim, G.noise, device=device)
                loss_d, d_x, d_g_z, loss_g = train_step(
                    G, D, opt_G, opt_D, real, z, update_g=(i + 1) % args.k == 0, real_target=args.real_target,
                    g_loss=g_loss, dtype=choice.dtype, labels=y)
                sums["loss_D"] += loss_d
                sums["D_x"] += d_x
                sums["D_G_z"] += d_g_z
                if loss_g is not None:
                    sums["loss_G"] += loss_g
                    n_g += 1
                    if G_ema is not None:
                        update_ema(G_ema, G, args.ema_decay)
                bar.update(1)
                if run.stop_requested:  # 단계를 다 마친 뒤에만 멈춘다: 판별자만 갱신된 어중간한 상태를 남기지 않도록
                    if G_ema is not None:  # 멈춘 뒤 바로 G_ema로 그려 봐도 되게
                        recalibrate_batchnorm(G_ema, seed=args.seed + epoch)
                    run.save_partial_and_stop(epoch, i + 1, steps, order, n_g, sums, time.perf_counter() - t0)
            # 합계는 장치 위의 텐서로 더해 두었다가(.item()은 GPU를 기다리게 한다) 에폭 끝에 한 번 읽는다
            counts = {**dict.fromkeys(RUNNING_SUMS, steps), "loss_G": max(n_g, 1)}  # 생성자는 k단계에 한 번 갱신
            means = {name: (total / torch.tensor(counts[name], device=device)).item() for name, total in sums.items()}
            elapsed += time.perf_counter() - t0
            _check_not_diverged(epoch, means)
            history["epoch"].append(epoch)
            for name, value in {**means, "seconds": elapsed}.items():
                history[name].append(value)
            # EMA 생성자의 배치 정규화 통계는 누가 그 생성자를 볼 때만 다시 잰다 (DCGAN에서는 한 번에 2초쯤 든다):
            # 지표·스냅샷·체크포인트가 있거나 마지막 에폭. 학습 자체는 이 통계를 쓰지 않으므로 결과는 같다
            if G_ema is not None and (metrics or snapshot_epochs or checkpoint_path is not None or epoch == args.epochs):
                recalibrate_batchnorm(G_ema, seed=args.seed + epoch)
            for name, fn in metrics.items():
                history[name].append(float(fn(shown)))
            if epoch in snapshot_epochs:
                history["snapshots"].append(generate(shown, z=fixed_z).cpu())
                history["snapshot_epoch"].append(epoch)
            if progress and (epoch % args.log_every == 0 or epoch == args.epochs):
                bar.write(_epoch_summary(epoch, args.epochs, history, metrics))
            run.end_epoch(epoch)
    return history


def seconds_per_epoch(G, D, real_data, *, precision, steps=40, warmup=5, batch_size=128, ema_decay=None, **settings):
    """G, D의 사본을 warmup단계 학습시킨 뒤 steps단계짜리 에폭 둘을 재어, 짧은 쪽을 한 에폭(텐서 데이터 전체)으로 늘린 초.

    정밀도(precision)끼리의 속도를 비교할 때 쓴다. 넘겨준 G, D는 건드리지 않는다. 시간은 train_gan이 재는 에폭
    루프의 시간이라, 학습 전에 한 번 하는 입력 확인은 들어가지 않는다. settings는 train_gan에 그대로 간다.
    """
    G, D = copy.deepcopy(G), copy.deepcopy(D)
    G_ema = copy.deepcopy(G) if ema_decay else None
    common = dict(settings, batch_size=batch_size, precision=precision, progress=False)
    # 준비 운동은 EMA 없이: 끝에서 EMA 생성자의 통계를 다시 재는 일(DCGAN에서 2초쯤)이 잴 시간에 들지 않는데 시간만 든다
    train_gan(G, D, real_data, epochs=1, steps_per_epoch=warmup, **common)
    steps = _steps_per_epoch(real_data, batch_size, steps)  # 데이터가 steps 배치보다 적으면 있는 만큼만 돈다
    # 두 에폭을 재어 짧은 쪽: 다른 프로그램이 잠깐 CPU를 가져가 한 번이 길어져도 비교가 뒤집히지 않게
    # (한 번의 train_gan으로 두 에폭: EMA 생성자의 통계를 다시 재는 일이 마지막에 한 번뿐이다)
    first, both = train_gan(G, D, real_data, epochs=2, steps_per_epoch=steps, ema_decay=ema_decay or None, G_ema=G_ema,
                            **common)["seconds"]
    return min(first, both - first) / steps * _steps_per_epoch(real_data, batch_size, None)


def compare_precisions(G, D, real_data, *, device="auto", **settings):
    """이 장치에서 쓸 수 있는 정밀도마다 ``seconds_per_epoch``로 잰 한 에폭의 초: {"fp32": 초, "bf16": 초}.

    Apple GPU(MPS)는 fp32만 잰다. settings는 seconds_per_epoch(와 train_gan)에 그대로 간다.
    """
    device = get_device(device)
    names = ("fp32",) if device.type == "mps" else ("fp32", "bf16")
    return {name: seconds_per_epoch(G, D, real_data, precision=name, device=device, **settings) for name in names}


def _steps_per_epoch(real_data, batch_size, steps_per_epoch):
    """에폭당 단계 수: 텐서 데이터는 모자란 마지막 배치를 버린 배치 수(steps_per_epoch가 있으면 그 이하), 표본 함수는 steps_per_epoch."""
    if not isinstance(real_data, torch.Tensor):
        return steps_per_epoch
    steps = real_data.shape[0] // batch_size
    return min(steps, steps_per_epoch) if steps_per_epoch else steps


def _epoch_summary(epoch, epochs, history, metrics):
    extra = "".join(f"  {name} {history[name][-1]:.4f}" for name in metrics)
    return (f"에폭 {epoch:3d}/{epochs}  loss_D {history['loss_D'][-1]:.4f}  loss_G {history['loss_G'][-1]:.4f}  "
            f"D(x) {history['D_x'][-1]:.3f}  D(G(z)) {history['D_G_z'][-1]:.3f}{extra}")


def _check_not_diverged(epoch, means):
    """에폭 평균 손실이 NaN·무한대이거나 DIVERGED_LOSS보다 크면 학습률을 낮추라는 말과 함께 멈춘다."""
    for name, who in (("loss_D", "판별자"), ("loss_G", "생성자")):
        value = means[name]
        if not math.isfinite(value) or abs(value) > DIVERGED_LOSS:
            what = f"{value}가 되어" if not math.isfinite(value) else f"{value:.3g}까지 커져(발산)"
            raise FloatingPointError(
                f"{epoch}번째 에폭에서 {who} 손실({name})이 {what} 학습을 멈춥니다. "
                "학습률(lr_g, lr_d)을 낮춰 보세요 (예: 절반으로, GAN에서 흔히 2e-4).")


def _check_training_arguments(G, D, real_data, *, epochs, batch_size, steps_per_epoch, k, log_every, lr_g, lr_d,
                              betas, real_target, ema_decay, seed, g_loss, G_ema, metrics, checkpoint_path, resume,
                              overwrite):
    """train_gan에 들어온 값을 학습 전에 한 번 확인한다: 몇 분 학습한 뒤가 아니라 바로, 무엇이 왜 틀렸는지 말한다.

    수 인자들(epochs부터 seed까지)은 파이썬 int·float로 바꿔 이름으로 꺼내 쓰는 묶음(args.epochs 등)으로
    돌려준다: numpy 수가 옵티마이저 상태를 거쳐 체크포인트에 들어가면 weights_only로 다시 읽을 수 없고,
    numpy bool은 torch.set_grad_enabled가 받지 않는다.
    """
    epochs, batch_size, k, log_every = (check_int(value, name) for name, value in (
        ("epochs", epochs), ("batch_size", batch_size), ("k", k), ("log_every", log_every)))
    seed = check_int(seed, "seed", low=0)
    if steps_per_epoch is not None:
        steps_per_epoch = check_int(steps_per_epoch, "steps_per_epoch")
    lr_g, lr_d = (check_real(lr, f"학습률 {name}", 0.0, low_open=True, hint=", 흔히 2e-4")
                  for name, lr in (("lr_g", lr_g), ("lr_d", lr_d)))
    if len(tuple(betas)) != 2 or not all(is_real(b) and 0 <= b < 1 for b in betas):
        raise ValueError(f"betas는 0 이상 1 미만의 수 두 개여야 합니다 (받은 값: {betas!r}, 흔히 (0.5, 0.999)).")
    check_target(real_target, "real_target")
    if g_loss not in GENERATOR_LOSS_KINDS:
        raise ValueError(f"g_loss는 {GENERATOR_LOSS_KINDS} 중 하나여야 합니다 (받은 값: {g_loss!r}).")
    if (G_ema is None) != (ema_decay is None):
        raise ValueError("EMA를 쓰려면 ema_decay(예: 0.999)와 G_ema(예: copy.deepcopy(G))를 함께 넘기세요 "
                         f"(받은 값: ema_decay={ema_decay!r}, G_ema={'있음' if G_ema is not None else '없음'}).")
    if G_ema is not None and not (is_real(ema_decay) and 0.0 < ema_decay < 1.0):
        raise ValueError(f"G_ema를 주면 ema_decay는 0과 1 사이여야 합니다 (받은 값: {ema_decay!r}, 예: 0.999).")
    for name, fn in metrics.items():
        if not callable(fn):
            raise ValueError(f"metrics[{name!r}]는 생성자를 받아 수를 돌려주는 함수여야 합니다 (받은 값: {fn!r}).")
    for name, model in (("G", G), ("D", D)):
        if not isinstance(model, torch.nn.Module):
            raise TypeError(f"{name}는 torch.nn.Module(생성자·판별자 모델)이어야 합니다 (받은 값: {type(model).__name__}).")
    if not hasattr(G, "z_dim"):
        raise TypeError("생성자 G에는 잠재 벡터 크기 z_dim 속성이 있어야 합니다 (gan_utils.models.Generator처럼).")
    out_dim, in_dim = getattr(G, "config", {}).get("out_dim"), getattr(D, "in_dim", None)
    if out_dim is not None and in_dim is not None and out_dim != in_dim:
        raise ValueError(f"생성자의 출력 크기 out_dim({out_dim})과 판별자의 입력 크기 in_dim({in_dim})이 다릅니다. "
                         "둘을 같게 만드세요.")
    if isinstance(real_data, torch.Tensor):
        _check_real_tensor(real_data, in_dim, batch_size, image=getattr(G, "config", {}).get("out_activation") == "tanh")
    elif not callable(real_data):
        raise TypeError(f"real_data는 (N, d) 텐서나 배치 크기를 받아 진짜 표본을 돌려주는 함수여야 합니다 "
                        f"(받은 값: {type(real_data).__name__}).")
    elif steps_per_epoch is None:
        raise ValueError("real_data가 표본을 만드는 함수일 때는 steps_per_epoch(에폭당 단계 수)를 정해야 합니다.")
    if checkpoint_path is not None:
        check_not_overwriting(checkpoint_path, resume, overwrite)
    return SimpleNamespace(epochs=epochs, batch_size=batch_size, steps_per_epoch=steps_per_epoch, k=k,
                           log_every=log_every, lr_g=lr_g, lr_d=lr_d, betas=tuple(float(b) for b in betas),
                           real_target=float(real_target), ema_decay=None if ema_decay is None else float(ema_decay),
                           seed=seed)


def _check_training_labels(G, D, real_data, labels):
    """조건부 GAN이면 labels가 real_data와 짝이 맞는 정수 텐서인지, 조건 없는 GAN이면 labels가 없는지 확인한다."""
    g_classes, d_classes = getattr(G, "num_classes", 0), getattr(D, "num_classes", 0)
    if g_classes != d_classes:
        raise ValueError(f"생성자의 클래스 수({g_classes})와 판별자의 클래스 수({d_classes})가 다릅니다. "
                         "조건부 GAN이면 둘 다 같은 num_classes로 만드세요.")
    if not g_classes:
        if labels is not None:
            raise ValueError("labels는 조건부 GAN(num_classes가 있는 생성자·판별자)에만 줍니다.")
        return None
    if labels is None:
        raise ValueError("조건부 GAN을 학습하려면 진짜 그림의 클래스를 labels로 주세요 (예: x, y = load_mnist(); "
                         "train_gan(G, D, x, labels=y, ...)).")
    if not isinstance(real_data, torch.Tensor):
        raise ValueError("조건부 GAN의 real_data는 (N, d) 텐서여야 합니다 (표본 함수는 레이블을 함께 줄 수 없습니다).")
    labels = torch.as_tensor(labels)
    if labels.shape != (len(real_data),) or labels.is_floating_point():
        raise ValueError(f"labels는 real_data와 개수가 같은 ({len(real_data)},) 정수 텐서여야 합니다 "
                         f"(받은 모양: {tuple(labels.shape)}, 자료형 {labels.dtype}).")
    check_labels(labels, g_classes)
    return labels.long()


def _check_real_tensor(x, in_dim, batch_size, image):
    check_input(x, in_dim or x.shape[-1], "real_data")
    if batch_size > x.shape[0]:
        raise ValueError(f"배치 크기 batch_size({batch_size})가 real_data의 개수({x.shape[0]})보다 큽니다. "
                         "batch_size를 줄이거나 데이터를 더 쓰세요.")
    # 최솟값·최댓값을 한 번에 읽는다: NaN이 있으면 둘 중 하나가 NaN, 무한대가 있으면 ±inf가 되므로 검사도 같이 된다
    lo, hi = (v.item() for v in x.aminmax())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("real_data에 NaN이나 무한대가 있습니다. 데이터를 읽고 바꾸는 과정을 확인하세요.")
    if image and (lo < -1.001 or hi > 1.001):
        raise ValueError(f"real_data 값이 [{lo:g}, {hi:g}] 범위인데, 생성자의 출력(tanh)은 [-1, 1]입니다. "
                         "0~255 픽셀이면 x / 127.5 - 1로 바꾸세요 (load_mnist가 돌려주는 값은 이미 [-1, 1]).")
