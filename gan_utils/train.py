"""학습: 판별자와 생성자를 번갈아 갱신하는 하나의 루프 ``train_gan``과 그 부품 ``d_step``, ``g_step``.

1차원 가우시안 GAN(강의 3)과 MNIST GAN(강의 4)이 같은 루프를 쓴다. 달라지는 것은 넘겨주는
모델과 데이터뿐이다. 기록(history)은 에폭마다 한 줄씩 쌓이는 '리스트의 딕셔너리'이고,
그림은 학습이 끝난 뒤 이 기록으로 그린다.
"""
import math
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import torch
from tqdm.auto import tqdm

from .data import iterate_batches, sample_noise
from .losses import GENERATOR_LOSS_KINDS, check_target, discriminator_loss, generator_loss
from .models import Generator, check_input

CHECKPOINT_FORMAT = 1
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
    # 교재판: z 128, 배치 512, 학습률 2e-4
    # 강의 4의 기본값: 기준 구성 + 생성자 배치 정규화 + 생성자 가중치의 지수 이동 평균(EMA)
    "mnist-bn": dict(model="mnist-bn", epochs=30, batch_size=128, lr_g=2e-4, lr_d=2e-4,
                     betas=(0.5, 0.999), real_target=0.9, ema_decay=0.999),
    "mnist-textbook": dict(model="mnist-textbook", epochs=30, batch_size=512, lr_g=2e-4, lr_d=2e-4,
                           betas=(0.5, 0.999), real_target=0.9),
}


def get_device(device="auto"):
    """'auto'면 CUDA → MPS → CPU 순서로 고른다. 'cuda'를 달라고 했는데 없으면 이유를 말한다."""
    if isinstance(device, torch.device):
        device = str(device)
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    kind = str(device).split(":")[0]
    if kind not in ("cpu", "cuda", "mps"):
        raise ValueError(f"device는 'auto', 'cpu', 'cuda', 'mps' 중 하나여야 합니다 (받은 값: {device!r}).")
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda'를 요청했지만 이 컴퓨터에서 CUDA GPU를 찾지 못했습니다. "
                         "device='auto'나 'cpu'를 쓰세요.")
    if kind == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ValueError("device='mps'를 요청했지만 Apple GPU(MPS)를 쓸 수 없습니다. device='auto'나 'cpu'를 쓰세요.")
    return torch.device(device)


def generate(G, n=None, seed=None, device=None, z=None):
    """학습된 생성자 G로 표본 n개를 만든다 (기울기 계산 없이). seed를 주면 늘 같은 표본이 나온다.

    z (n, z_dim)를 직접 주면 그 잠재 벡터로 만든다 (잠재 공간 탐색, 고정된 z로 만든 스냅샷).
    """
    device = device or next(G.parameters()).device
    if z is None:
        gen = torch.Generator(device="cpu").manual_seed(seed) if seed is not None else None
        z = sample_noise(n, G.z_dim, G.noise, generator=gen)
    elif not isinstance(z, torch.Tensor) or z.ndim != 2 or z.shape[1] != G.z_dim:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        raise ValueError(f"z는 (n, {G.z_dim}) 모양의 텐서여야 합니다 (받은 값: {got}).")
    z = z.to(device)
    was_training = G.training
    G.eval()
    with torch.inference_mode():
        out = G(z)
    G.train(was_training)
    return out


def make_adam(model, lr, betas, device):
    """Adam 옵티마이저. 가능하면 '융합(fused)' 구현을 쓴다: 매개변수마다 작은 연산 10여 개를 따로 부르는 대신
    한 번에 처리해서, MNIST 크기 모델의 CPU 학습에서 한 단계 시간의 약 1/7을 아낀다. 계산하는 식은 같다."""
    try:
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas, fused=device.type in ("cpu", "cuda"))
    except (RuntimeError, TypeError, ValueError):  # 융합 구현이 없는 옛 PyTorch나 장치
        return torch.optim.Adam(model.parameters(), lr=lr, betas=betas)


def d_step(D, opt_D, real, fake, real_target=1.0, fake_target=0.0):
    """판별자 한 번 갱신. 진짜와 가짜를 한 번에 통과시키고 (loss_D, D(x) 평균, D(G(z)) 평균)을 돌려준다.

    돌려주는 값은 기울기가 끊긴 0차원 텐서다: .item()으로 매 단계 꺼내면 GPU가 기다려야 하므로
    에폭 끝에서 한 번에 읽는다.
    """
    n = real.shape[0]
    logits = D(torch.cat([real, fake.detach()]))  # detach: 생성자는 이 단계에서 고정
    real_logits, fake_logits = logits[:n], logits[n:]
    loss = discriminator_loss(real_logits, fake_logits, real_target, fake_target)
    opt_D.zero_grad(set_to_none=True)
    loss.backward()
    opt_D.step()
    return loss.detach(), torch.sigmoid(real_logits).mean().detach(), torch.sigmoid(fake_logits).mean().detach()


def g_step(D, opt_G, fake, kind="non_saturating"):
    """생성자 한 번 갱신. 판별자의 가중치는 고정한 채, 판별자를 통과한 기울기로 G만 움직인다."""
    D.requires_grad_(False)  # 판별자 가중치의 기울기는 필요 없다 (계산만 아낀다)
    loss = generator_loss(D(fake), kind)
    opt_G.zero_grad(set_to_none=True)
    loss.backward()
    opt_G.step()
    D.requires_grad_(True)
    return loss.detach()


def train_gan(G, D, real_data, *, epochs, batch_size=128, steps_per_epoch=None,
              lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999), k=1, real_target=1.0, fake_target=0.0,
              g_loss="non_saturating", ema_decay=None, G_ema=None, metrics=None, snapshot_epochs=(),
              n_snapshot=64, checkpoint_path=None, resume=None, overwrite=False, meta=None, seed=0,
              device="auto", progress=True, log_every=1):
    """GAN을 학습시키고 에폭별 기록(history)을 돌려준다. G와 D는 그 자리에서 학습된다.

    real_data: (N, d) 텐서(에폭마다 섞어서 배치로 자름) 또는 배치 크기를 받아 진짜 표본을
        돌려주는 함수(예: ``lambda n: sample_real_1d(n)``; 이때는 steps_per_epoch가 필요).
    steps_per_epoch: 에폭당 최대 단계 수. 텐서 데이터에서 작게 주면 빠른 점검(smoke) 모드가 된다.
    k: 생성자 1번 갱신마다 판별자를 몇 번 갱신할지.
    real_target, fake_target: 판별자의 목표 레이블 (0.9 / 0.0이면 한쪽 레이블 스무딩).
    g_loss: 'non_saturating' 또는 'saturating'.
    ema_decay, G_ema: 생성자 가중치의 지수 이동 평균(EMA). G_ema(보통 ``copy.deepcopy(G)``)를 주면 생성자를
        갱신할 때마다 G_ema ← decay·G_ema + (1 - decay)·G로 따라가게 한다. 한 단계씩 흔들리는 G보다
        평균 낸 G_ema가 더 깨끗한 그림을 낸다. 주면 지표(metrics)와 스냅샷은 G_ema로 잰다.
    metrics: {이름: 함수(G) -> float}. 에폭이 끝날 때마다 재어 history[이름]에 쌓는다.
    snapshot_epochs: 고정된 잠재 벡터로 표본을 저장할 에폭 번호들(1부터).
    checkpoint_path: 주면 에폭마다 여기에 체크포인트를 저장한다. 이미 있는 파일은 overwrite=True일 때만
        덮어쓴다 (이전 실험의 결과를 모르고 지우지 않도록). resume: 이어서 학습할 체크포인트.
    meta: 체크포인트에 함께 적어 둘 정보 (예: {"dataset": "mnist"}).

    멈추기: 학습 중에 Jupyter의 중지(■) 버튼이나 Ctrl+C를 누르면 지금 단계를 마친 뒤 멈추고, 그때까지의
    모델·옵티마이저·난수 상태를 체크포인트에 저장한 뒤 ``TrainingInterrupted``를 낸다. 메시지에 적힌 대로
    ``resume=``에 그 파일을 주면 멈춘 단계부터 이어서 학습하고, 끊기지 않은 학습과 똑같은 결과가 나온다.

    재현성: CPU에서는 같은 seed(와 같은 초기 모델)면 기록과 표본이 비트 단위까지 같다. GPU(CUDA)에서는
    cuBLAS가 덧셈 순서를 바꿀 수 있어 마지막 자릿수가 달라질 수 있다 (완전히 같게 하려면
    ``torch.use_deterministic_algorithms(True)``와 환경 변수 ``CUBLAS_WORKSPACE_CONFIG=:4096:8``, 대신 느려진다).
    """
    device = get_device(device)
    metrics = metrics or {}
    _check_training_arguments(G, D, real_data, epochs=epochs, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                              k=k, log_every=log_every, lr_g=lr_g, lr_d=lr_d, betas=betas, real_target=real_target,
                              fake_target=fake_target, g_loss=g_loss, ema_decay=ema_decay, G_ema=G_ema,
                              metrics=metrics)
    if checkpoint_path is not None:
        _check_not_overwriting(checkpoint_path, resume, overwrite)
    G.to(device).train()
    D.to(device).train()
    opt_G = make_adam(G, lr_g, betas, device)
    opt_D = make_adam(D, lr_d, betas, device)
    if isinstance(real_data, torch.Tensor):
        real_data = real_data.to(device)
    if G_ema is not None:
        G_ema.to(device).eval()
    shown = G_ema if G_ema is not None else G  # 스냅샷과 지표를 잴 생성자

    meta = {**(meta or {}), "seed": seed}
    torch.manual_seed(seed)
    fixed_z = sample_noise(n_snapshot, G.z_dim, G.noise, generator=torch.Generator().manual_seed(seed + 1))
    history = {"epoch": [], "loss_D": [], "loss_G": [], "D_x": [], "D_G_z": [], "seconds": [],
               **{name: [] for name in metrics}, "snapshot_epoch": [], "snapshots": []}
    start_epoch, partial = 0, None
    if resume is not None:
        start_epoch, history, fixed_z, partial = _resume(resume, G, D, opt_G, opt_D, G_ema, meta, epochs)
    fixed_z = fixed_z.to(device)
    if isinstance(real_data, torch.Tensor):
        steps = real_data.shape[0] // batch_size
        steps = min(steps, steps_per_epoch) if steps_per_epoch else steps
    else:
        steps = steps_per_epoch
    elapsed = history["seconds"][-1] if history["seconds"] else 0.0

    done = start_epoch * steps + (partial["step"] if partial else 0)
    bar = tqdm(total=epochs * steps, initial=done, desc="GAN 학습", unit="단계", disable=not progress)
    with _StopRequest() as stop:
        for epoch in range(start_epoch + 1, epochs + 1):
            t0 = time.perf_counter()
            if partial is not None:  # 멈췄던 에폭의 한가운데부터: 같은 순서, 같은 중간 합계로
                first, order, n_g = partial["step"], partial["order"], partial["n_g"]
                sums = partial["sums"].to(device)
                t0 -= partial["seconds"]
                partial = None
            else:
                first, n_g = 0, 0
                order = torch.randperm(real_data.shape[0]) if isinstance(real_data, torch.Tensor) else None
                sums = torch.zeros(4, device=device)  # loss_D, loss_G, D(x), D(G(z)) 합계
            if order is not None:
                batches = iterate_batches(real_data, batch_size, order=order, start=first)
            else:
                batches = (real_data(batch_size).to(device) for _ in range(first, steps))
            for i, real in zip(range(first, steps), batches):
                z = sample_noise(batch_size, G.z_dim, G.noise, device=device)
                update_g = (i + 1) % k == 0
                with torch.set_grad_enabled(update_g):  # 판별자만 갱신하는 단계에서는 G의 계산 그래프가 필요 없다
                    fake = G(z)
                # (1) 판별자 갱신: log D(x) + log(1 - D(G(z)))를 키운다 (생성자는 고정)
                loss_d, d_x, d_g_z = d_step(D, opt_D, real, fake, real_target, fake_target)
                sums[0] += loss_d
                sums[2] += d_x
                sums[3] += d_g_z
                # (2) 생성자 갱신: 가짜에 '진짜' 라벨을 붙여, 판별자가 1이라고 말하도록 G를 움직인다
                if update_g:
                    sums[1] += g_step(D, opt_G, fake, g_loss)
                    n_g += 1
                    if G_ema is not None:
                        update_ema(G_ema, G, ema_decay)
                bar.update(1)
                if stop.requested:  # 단계를 다 마친 뒤에만 멈춘다: 판별자만 갱신된 어중간한 상태를 남기지 않도록
                    bar.close()
                    path = checkpoint_path or Path("runs") / f"interrupted-{time.strftime('%Y%m%d-%H%M%S')}.pt"
                    partial = {"step": i + 1, "order": order, "n_g": n_g, "sums": sums.cpu(),
                               "seconds": time.perf_counter() - t0}
                    save_checkpoint(path, G, D, opt_G, opt_D, epoch - 1, history, fixed_z, meta, G_ema, partial)
                    raise TrainingInterrupted(epoch, i + 1, steps, history, path)
            loss_d, loss_g, d_x, d_g_z = (sums / torch.tensor([steps, max(n_g, 1), steps, steps],
                                                              device=device)).tolist()
            elapsed += time.perf_counter() - t0
            for name, value in (("loss_D", loss_d), ("loss_G", loss_g)):
                if not math.isfinite(value) or abs(value) > DIVERGED_LOSS:
                    bar.close()
                    what = f"{value}가 되어" if not math.isfinite(value) else f"{value:.3g}까지 커져(발산)"
                    raise FloatingPointError(
                        f"{epoch}번째 에폭에서 {'판별자' if name == 'loss_D' else '생성자'} 손실({name})이 "
                        f"{what} 학습을 멈춥니다. 학습률(lr_g, lr_d)을 낮춰 보세요 (예: 절반으로, GAN에서 흔히 2e-4).")
            for key, value in (("epoch", epoch), ("loss_D", loss_d), ("loss_G", loss_g),
                               ("D_x", d_x), ("D_G_z", d_g_z), ("seconds", elapsed)):
                history[key].append(value)
            if G_ema is not None:
                recalibrate_batchnorm(G_ema, seed=seed + epoch)
            for name, fn in metrics.items():
                history[name].append(float(fn(shown)))
            if epoch in snapshot_epochs:
                history["snapshots"].append(generate(shown, z=fixed_z).cpu())
                history["snapshot_epoch"].append(epoch)
            if progress and (epoch % log_every == 0 or epoch == epochs):
                extra = "".join(f"  {name} {history[name][-1]:.4f}" for name in metrics)
                bar.write(f"에폭 {epoch:3d}/{epochs}  loss_D {loss_d:.4f}  loss_G {loss_g:.4f}  "
                          f"D(x) {d_x:.3f}  D(G(z)) {d_g_z:.3f}{extra}")
            if checkpoint_path is not None:
                save_checkpoint(checkpoint_path, G, D, opt_G, opt_D, epoch, history, fixed_z, meta, G_ema)
    bar.close()
    return history


class TrainingInterrupted(KeyboardInterrupt):
    """학습을 중지(■ 버튼, Ctrl+C)해서 체크포인트를 저장하고 멈췄다는 알림.

    ``.history``: 다 끝난 에폭까지의 기록, ``.checkpoint``: 이어서 학습할 파일. KeyboardInterrupt의 한
    종류라서 '모두 실행(Run All)'의 나머지 셀도 함께 멈춘다 (학습 없이 다음 셀이 돌지 않도록).
    """

    def __init__(self, epoch, step, steps, history, checkpoint):
        self.history, self.checkpoint = history, Path(checkpoint)
        super().__init__(
            f"학습을 멈췄습니다: {epoch}번째 에폭의 {steps}단계 중 {step}단계까지 마쳤습니다. 모델(G, D)은 지금 상태 "
            f"그대로이고, 이어서 학습할 체크포인트를 저장했습니다: {self.checkpoint}\n"
            f"이어서 하려면 같은 설정으로 train_gan(..., resume=\"{self.checkpoint}\")을 부르세요 "
            "(명령줄에서는 --resume). 끊기지 않고 학습한 것과 같은 결과가 나옵니다. "
            f"지금까지의 기록은 load_history(\"{self.checkpoint}\")로 읽을 수 있습니다.")


class _StopRequest:
    """학습하는 동안 Ctrl+C(SIGINT, Jupyter의 중지 버튼)를 '다음 단계 경계에서 멈춰 달라'는 요청으로 바꾼다.

    한 단계의 한가운데(판별자는 갱신했고 생성자는 아직)에서 멈추면 이어서 학습한 결과가 끊기지 않은 학습과
    달라진다. 그래서 신호가 오면 표시만 해 두고 루프가 단계 사이에서 그 표시를 본다. 두 번 누르면 바로 멈춘다.
    신호 처리기는 주 스레드에서만 바꿀 수 있으므로, 다른 스레드에서는 아무것도 하지 않는다.
    """

    def __enter__(self):
        self.requested, self._installed = False, False
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def _handle(self, signum, frame):
        if self.requested:
            raise KeyboardInterrupt("중지를 두 번 눌러 체크포인트 없이 바로 멈췄습니다.")
        self.requested = True

    def __exit__(self, *exc_info):
        if self._installed:
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.default_int_handler)
        return False


@torch.no_grad()
def update_ema(G_ema, G, decay):
    """G_ema의 가중치를 G 쪽으로 (1 - decay)만큼 옮긴다: G_ema ← decay·G_ema + (1 - decay)·G."""
    torch._foreach_lerp_(list(G_ema.parameters()), list(G.parameters()), 1.0 - decay)


@torch.no_grad()
def recalibrate_batchnorm(G, n_batches=10, batch_size=500, seed=0):
    """G의 배치 정규화 통계(running mean/var)를 G 자신의 출력으로 다시 잰다. 배치 정규화가 없으면 아무것도 안 한다.

    EMA 생성자는 가중치를 평균 낸 '다른' 신경망이라, 학습 중인 G가 쌓은 통계를 그대로 쓰면 은닉층 값의
    평균과 분산이 어긋나 그림이 나빠진다. 그래서 평가하기 전에 새 잠재 벡터로 통계를 다시 모은다.
    전역 난수 상태는 건드리지 않는다 (이어서 학습한 결과가 달라지지 않도록).
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


def save_atomic(obj, path):
    """torch.save를 임시 파일에 한 뒤 이름을 바꾼다: 저장 도중 멈춰도 반쯤 쓴 파일이 좋은 파일을 덮지 않는다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        torch.save(obj, tmp)
        os.replace(tmp, path)  # 같은 폴더 안의 이름 바꾸기는 한 번에 일어난다 (중간 상태가 없다)
    except BaseException:  # Ctrl+C도: 반쯤 쓴 임시 파일을 남기지 않는다
        tmp.unlink(missing_ok=True)
        raise
    return path


def save_checkpoint(path, G, D, opt_G, opt_D, epoch, history, fixed_z, meta=None, G_ema=None, partial=None):
    """이어서 학습할 수 있는 체크포인트를 저장한다 (save_atomic으로).

    형식 번호(format)와 두 모델의 구성(G_config, D_config)을 함께 적어, 다른 구조나 다른 버전의 키트로
    불러올 때 무엇이 다른지 말해 줄 수 있게 한다. partial은 에폭 한가운데에서 멈췄을 때의 중간 상태다.
    """
    state = {
        "format": CHECKPOINT_FORMAT,
        "epoch": epoch,
        "G_config": G.config, "D_config": D.config,
        "G": G.state_dict(), "D": D.state_dict(),
        "opt_G": opt_G.state_dict(), "opt_D": opt_D.state_dict(),
        "history": history, "fixed_z": fixed_z.cpu(), "meta": dict(meta or {}),
        "rng_cpu": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }
    if G_ema is not None:
        state["G_ema"] = G_ema.state_dict()
    if partial is not None:
        state["partial"] = partial
    save_atomic(state, path)


def load_checkpoint(path, G, D, opt_G=None, opt_D=None, G_ema=None):
    """체크포인트를 G, D (그리고 주면 옵티마이저, G_ema)에 불러오고 (epoch, history, fixed_z)를 돌려준다."""
    return _restore(_read_checkpoint(path), path, G, D, opt_G, opt_D, G_ema)


def _restore(state, path, G, D, opt_G, opt_D, G_ema):
    if "D" not in state:
        raise ValueError(f"{path}는 생성자만 담은 파일이라 학습을 이어 갈 수 없습니다. load_generator로 불러오세요.")
    for name, model in (("G", G), ("D", D)):
        saved, now = _as_config(state[f"{name}_config"]), _as_config(getattr(model, "config", {}))
        if saved != now:
            diff = ", ".join(f"{key}: 체크포인트 {saved.get(key)!r} / 지금 {now.get(key)!r}"
                             for key in sorted(set(saved) | set(now)) if saved.get(key) != now.get(key))
            raise ValueError(f"체크포인트 {path}의 {name} 구조가 지금 모델과 다릅니다 ({diff}). "
                             "체크포인트를 만들 때와 같은 설정으로 모델을 만든 뒤 불러오세요.")
        model.load_state_dict(state[name])
    if G_ema is not None:
        G_ema.load_state_dict(state.get("G_ema", state["G"]))
    if opt_G is not None:
        opt_G.load_state_dict(state["opt_G"])
        opt_D.load_state_dict(state["opt_D"])
        torch.set_rng_state(state["rng_cpu"])
        if state["rng_cuda"] and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state["rng_cuda"])
    return state["epoch"], state["history"], state["fixed_z"]


def _resume(path, G, D, opt_G, opt_D, G_ema, meta, epochs):
    """이어서 학습할 체크포인트를 불러온다: (끝난 에폭 수, history, fixed_z, 멈춘 에폭의 중간 상태 또는 None)."""
    state = _read_checkpoint(path)
    saved = state["meta"]
    for key in ("dataset", "seed"):
        if key in saved and key in meta and saved[key] != meta[key]:
            raise ValueError(f"resume: 체크포인트 {path}는 {key}={saved[key]!r}로 학습했는데 지금은 "
                             f"{key}={meta[key]!r}입니다. 같은 {key}로 이어서 학습하거나 resume 없이 새로 시작하세요.")
    epoch, history, fixed_z = _restore(state, path, G, D, opt_G, opt_D, G_ema)
    partial = state.get("partial")
    if partial is None and epoch >= epochs:
        raise ValueError(f"epochs: 체크포인트가 이미 {epoch}에폭까지 학습되어 있습니다 (받은 값: epochs={epochs}). "
                         f"더 학습하려면 epochs를 {epoch}보다 크게 주세요.")
    return epoch, history, fixed_z, partial


def load_generator(path, device="cpu", ema=True):
    """체크포인트에 적힌 구성으로 생성자를 새로 만들고 가중치를 불러온다 (판별자 없이 그림만 만들 때).

    학습 체크포인트와 ``export_generator``로 만든 생성자 파일 모두 읽는다. ema=True이면 EMA 가중치가
    있을 때 그것을 쓴다.
    """
    state = _read_checkpoint(path)
    G = Generator(**state["G_config"])
    weights = state["G_ema"] if ema and "G_ema" in state else state["G"]
    G.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    return G.to(get_device(device)).eval()


def export_generator(checkpoint, out, ema=True):
    """학습 체크포인트에서 생성자 가중치만 float16으로 꺼내 작은 파일로 저장한다 (저장소에 넣을 사전 학습 모델)."""
    state = _read_checkpoint(checkpoint)
    if "D" not in state:
        raise ValueError(f"{checkpoint}는 이미 생성자만 담은 파일입니다. 학습 체크포인트(checkpoint.pt)를 주세요.")
    use_ema = ema and "G_ema" in state
    G = Generator(**state["G_config"])
    G.load_state_dict(state["G_ema"] if use_ema else state["G"])
    if use_ema:  # 학습 루프의 마지막 재보정과 같은 시드: 이미 재보정된 체크포인트라면 값이 그대로다
        recalibrate_batchnorm(G, seed=state["meta"].get("seed", 0) + state["epoch"])
    weights = G.state_dict()
    small = {"format": CHECKPOINT_FORMAT, "epoch": state["epoch"], "G_config": state["G_config"],
             "G": {k: v.half() if v.is_floating_point() else v for k, v in weights.items()},
             "meta": {**state["meta"], "ema": use_ema},
             # 스냅샷은 0~255 정수로 줄여 담는다 (그림을 보여 주기에는 충분하고 크기는 1/4)
             "history": {**state["history"], "snapshots": [((x.float() + 1) * 127.5).round().to(torch.uint8)
                                                            for x in state["history"]["snapshots"]]}}
    return save_atomic(small, out)


def read_checkpoint_meta(path):
    """체크포인트에 적힌 정보(meta: 데이터 이름, 설정 이름, 시드 ...)만 읽는다."""
    return dict(_read_checkpoint(path)["meta"])


def load_history(path):
    """체크포인트나 생성자 파일에 담긴 학습 기록(history)을 읽는다. 스냅샷은 [-1, 1] float로 돌려 놓는다."""
    history = dict(_read_checkpoint(path)["history"])
    history["snapshots"] = [x.float() / 127.5 - 1 if x.dtype == torch.uint8 else x
                            for x in history.get("snapshots", [])]
    return history


def _read_checkpoint(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"체크포인트 파일이 없습니다: {path}. 경로를 확인하세요.")
    try:
        # weights_only=True: 텐서와 기본 자료형만 읽는다. 내려받은 파일에 숨은 임의의 파이썬 코드를 실행하지 않는다.
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "GLOBAL" in str(exc):  # weights_only가 허용하지 않은 파이썬 객체(실행될 수 있는 코드)를 만나 멈춤
            raise ValueError(f"{path}에는 텐서와 기본 자료형 말고 다른 파이썬 객체가 들어 있어 안전하게 읽을 수 "
                             "없습니다 (weights_only=True가 막음). 이 키트가 저장한 체크포인트만 불러오세요.") from exc
        raise _damaged_checkpoint(path, exc) from exc
    except Exception as exc:  # 잘리거나 망가진 파일은 내용에 따라 여러 종류의 예외로 나타난다
        raise _damaged_checkpoint(path, exc) from exc
    fmt = state.get("format") if isinstance(state, dict) else None
    if isinstance(fmt, int) and fmt > CHECKPOINT_FORMAT:
        raise ValueError(f"{path}는 더 새 버전의 키트가 저장한 체크포인트입니다 (형식 {fmt}, 이 키트는 "
                         f"{CHECKPOINT_FORMAT}까지 읽음). 키트를 새 버전으로 바꾸세요.")
    if fmt != CHECKPOINT_FORMAT:
        raise ValueError(f"이 키트의 체크포인트(형식 {CHECKPOINT_FORMAT})가 아닙니다: {path}. train_gan이나 "
                         "'python -m gan_utils export'로 만든 파일인지 확인하세요.")
    return state


def _damaged_checkpoint(path, exc):
    return ValueError(f"체크포인트로 읽을 수 없는 파일입니다: {path} ({type(exc).__name__}). 잘렸거나 손상되었거나 "
                      "다른 종류의 파일입니다. 저장이 끝나기 전에 복사했거나 받다가 끊긴 파일이면 다시 만들거나 받으세요.")


def _as_config(config):
    # 저장·불러오기를 거치면 튜플이 리스트가 되므로 비교 전에 맞춘다.
    return {key: list(v) if isinstance(v, (tuple, list)) else v for key, v in config.items()}


def _check_positive(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name}은(는) 1 이상의 정수여야 합니다 (받은 값: {value!r}).")


def _check_not_overwriting(checkpoint_path, resume, overwrite):
    """이미 있는 체크포인트를 모르고 덮어쓰지 않는다. 같은 파일에서 이어서 학습하는 것은 같은 학습이므로 괜찮다."""
    path = Path(checkpoint_path)
    continuing = resume is not None and Path(resume).resolve() == path.resolve()
    if path.exists() and not (overwrite or continuing):
        raise FileExistsError(f"checkpoint_path: {path}에 이미 이전 학습의 체크포인트가 있어 덮어쓰지 않고 멈춥니다. "
                              f"다른 경로를 주거나, 이어서 학습하려면 resume=\"{path}\", 덮어쓰려면 overwrite=True를 주세요.")


def _check_training_arguments(G, D, real_data, *, epochs, batch_size, steps_per_epoch, k, log_every, lr_g, lr_d,
                              betas, real_target, fake_target, g_loss, ema_decay, G_ema, metrics):
    """train_gan에 들어온 값을 학습 전에 한 번 확인한다: 몇 분 학습한 뒤가 아니라 바로, 무엇이 왜 틀렸는지 말한다."""
    for name, value in (("epochs", epochs), ("batch_size", batch_size), ("k", k), ("log_every", log_every)):
        _check_positive(value, name)
    if steps_per_epoch is not None:
        _check_positive(steps_per_epoch, "steps_per_epoch")
    for name, lr in (("lr_g", lr_g), ("lr_d", lr_d)):
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr < math.inf:
            raise ValueError(f"학습률 {name}은(는) 0보다 큰 유한한 수여야 합니다 (받은 값: {lr!r}, 흔히 2e-4).")
    if len(tuple(betas)) != 2 or not all(isinstance(b, (int, float)) and 0 <= b < 1 for b in betas):
        raise ValueError(f"betas는 0 이상 1 미만의 수 두 개여야 합니다 (받은 값: {betas!r}, 흔히 (0.5, 0.999)).")
    check_target(real_target, "real_target")
    check_target(fake_target, "fake_target")
    if g_loss not in GENERATOR_LOSS_KINDS:
        raise ValueError(f"g_loss는 {GENERATOR_LOSS_KINDS} 중 하나여야 합니다 (받은 값: {g_loss!r}).")
    if (G_ema is None) != (ema_decay is None):
        raise ValueError("EMA를 쓰려면 ema_decay(예: 0.999)와 G_ema(예: copy.deepcopy(G))를 함께 넘기세요 "
                         f"(받은 값: ema_decay={ema_decay!r}, G_ema={'있음' if G_ema is not None else '없음'}).")
    if G_ema is not None and not (isinstance(ema_decay, float) and 0.0 < ema_decay < 1.0):
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


def _check_real_tensor(x, in_dim, batch_size, image):
    check_input(x, in_dim or x.shape[-1], "real_data")
    if batch_size > x.shape[0]:
        raise ValueError(f"배치 크기 batch_size({batch_size})가 real_data의 개수({x.shape[0]})보다 큽니다. "
                         "batch_size를 줄이거나 데이터를 더 쓰세요.")
    if not torch.isfinite(x).all():
        raise ValueError("real_data에 NaN이나 무한대가 있습니다. 데이터를 읽고 바꾸는 과정을 확인하세요.")
    lo, hi = x.min().item(), x.max().item()
    if image and (lo < -1.001 or hi > 1.001):
        raise ValueError(f"real_data 값이 [{lo:g}, {hi:g}] 범위인데, 생성자의 출력(tanh)은 [-1, 1]입니다. "
                         "0~255 픽셀이면 x / 127.5 - 1로 바꾸세요 (load_mnist가 돌려주는 값은 이미 [-1, 1]).")
