"""학습 속도 벤치마크: 키트의 ``train_gan``이 튜토리얼식 루프보다 얼마나 빠르고, 이 컴퓨터에서 가능한
최대 속도(행렬 곱만 하는 시간)에 얼마나 가까운지를 두 정밀도(fp32, bf16 혼합 정밀도)로 한 번의 실행에서 잰다.

출력은 한 줄에 하나씩 ``이름: 값`` (이름은 영어 snake_case, 단위는 이름에 들어 있다). ``{p}``는 fp32 또는 bf16:

- ``cpu_capability``, ``cpu_bf16``: PyTorch가 쓰는 CPU 명령어 수준(AVX2, AVX512 ...)과 bf16을 직접 계산하는
  명령어(AVX512_BF16, AMX_BF16, 없으면 none). ``precision_auto``: ``precision="auto"``가 고른 정밀도와 그 이유
- ``textbook_seconds_per_epoch``: ``textbook_loop.py``의 튜토리얼식 루프로 MNIST 한 에폭에 걸리는 초
- ``train_gan_{p}_seconds_per_epoch``, ``speedup_{p}``: 같은 구성(``TRAINING_PRESETS["mnist"]``)으로 키트의
  ``train_gan`` 한 에폭, 튜토리얼식 루프와의 비. ``train_gan_seconds_per_epoch``, ``speedup``: auto가 고른 쪽
- ``matmul_gflops_{p}``, ``matmul_bound_{p}_seconds_per_epoch``, ``train_gan_{p}_vs_bound``: ``train_gan``이 한
  에폭에 실제로 돌리는 선형 층의 행렬 곱만 ``torch.mm``으로 그 정밀도에서 재었을 때의 속도와 시간, 그리고
  ``train_gan``이 그 하한의 몇 배인지
- ``gaussian_steps_per_second``: 강의 3의 1차원 GAN이 CPU 스레드 하나로 1초에 하는 학습 단계 수 (auto)
- ``process_textbook_seconds``, ``process_cli_seconds``, ``process_speedup``: 프로세스 전체(파이썬 시작부터 끝까지)로
  잰 ``python benchmarks/textbook_loop.py``(한 에폭)와 ``python -m gan_utils train mnist --epochs 1``(auto)
- ``seconds_to_10_classes_{p}_seed{s}``, ``epochs_to_10_classes_{p}_seed{s}``: 강의 4의 기본 설정으로 학습을 시작해
  분류기가 생성 표본 1,000개에서 숫자 10종류를 모두(각 2% 이상, 평균 확신도 0.8 이상) 읽을 때까지의 시간과 에폭.
  ``train_seconds_to_10_classes_{p}_seed{s}``: 그 시간에서 에폭마다 한 검사(표본 만들기와 분류)를 뺀 학습 시간

실행 (저장소 루트에서):

    GAN_DATA_DIR=../shared/data python benchmarks/bench_train.py            # 전부 (CPU에서는 십수 분)
    GAN_DATA_DIR=../shared/data python benchmarks/bench_train.py --skip-coverage
    GAN_DATA_DIR=../shared/data python benchmarks/bench_train.py --coverage-seeds 0 1 2   # 품질: 시드 셋
    GAN_DATA_DIR=../shared/data python benchmarks/bench_train.py --quick    # 스크립트가 도는지만 (수십 초)

``--device cuda``처럼 장치를 고를 수 있다 (기본은 auto: CUDA → MPS → CPU).
"""
import argparse
import copy
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

import textbook_loop
from gan_utils.classifier import load_classifier
from gan_utils.data import load_mnist, resolve_data_dir, sample_real_1d
from gan_utils.device import get_device
from gan_utils.metrics import class_coverage
from gan_utils.models import build_models
from gan_utils.precision import choose_precision, cpu_bf16_feature
from gan_utils.train import TRAINING_PRESETS, generate, seconds_per_epoch, train_gan

SEED = 0
ROOT = Path(__file__).resolve().parent.parent
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16}
MNIST_PRESET = "mnist"          # (1)~(4): 튜토리얼과 같은 기준 구성
LESSON_PRESET = "mnist-bn"      # (6): 강의 4 노트북의 기본값 (기준 구성 + 생성자 배치 정규화 + EMA)
GAUSSIAN_PRESET = "gaussian"
COVERAGE_SAMPLES = 1000
COVERAGE_MIN_FRACTION = 0.02
COVERAGE_MIN_CONFIDENCE = 0.8


def synchronize(device):
    # GPU 연산은 비동기라서, 기다리지 않고 시계를 읽으면 아직 끝나지 않은 일이 빠진다.
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def preset_settings(name):
    """학습 설정에서 (모델 구성 이름, 에폭 수, train_gan에 넘길 나머지 값)을 꺼낸다."""
    settings = dict(TRAINING_PRESETS[name])
    return settings.pop("model"), settings.pop("epochs"), settings


def linear_shapes(model):
    return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]


# ---------------------------------------------------------------- (1), (2) 에폭당 시간
def time_textbook(device, n_batches, n_warmup):
    """튜토리얼식 루프의 배치당 시간 × 에폭당 배치 수. 데이터 준비는 시간에 넣지 않는다."""
    loader = textbook_loop.make_loader(textbook_loop.prepare_root(resolve_data_dir()))
    torch.manual_seed(SEED)
    G, D = textbook_loop.make_models(device)
    textbook_loop.train(G, D, loader, device, max_batches=n_warmup)
    synchronize(device)
    start = time.perf_counter()
    textbook_loop.train(G, D, loader, device, max_batches=n_batches)
    synchronize(device)
    per_batch = (time.perf_counter() - start) / n_batches
    return per_batch * (len(loader.dataset) // textbook_loop.BATCH_SIZE), (G, D)


def time_train_gan(x, device, n_batches, n_warmup, precision):
    """키트의 train_gan을 준비 운동 뒤 n_batches 단계 재어 한 에폭으로 늘린다 (train.seconds_per_epoch).

    시간은 train_gan이 기록하는 에폭 루프의 시간이다: 학습 전에 한 번 하는 입력 확인(6만 장 전체의 NaN 검사
    등)은 에폭마다 하는 일이 아니므로, 몇 단계만 잴 때 그 시간을 단계 수로 나눠 넣지 않는다.
    """
    model_name, _, settings = preset_settings(MNIST_PRESET)
    G, D = build_models(model_name, seed=SEED)
    seconds = seconds_per_epoch(G, D, x, precision=precision, steps=n_batches, warmup=n_warmup, seed=SEED,
                                device=device, **settings)
    return seconds, (G, D)


# ---------------------------------------------------------------- (4) 행렬 곱 하한
def matmul_work(G, D, batch_size, k=1):
    """train_gan 한 단계가 돌리는 선형 층 행렬 곱의 목록: (설명, 행 수, in, out, 패스들, 단계당 횟수).

    패스는 'forward' (x W^T), 'grad_input' (dY W: 앞 층으로 보낼 기울기), 'grad_weight' (dY^T x).
    셋 다 곱셈-덧셈이 rows·in·out번이라 FLOP은 2·rows·in·out이다.
    """
    B = batch_size
    g_layers, d_layers = linear_shapes(G), linear_shapes(D)
    work = []
    # 가짜 배치 만들기: G 순전파 B행
    for n_in, n_out in g_layers:
        work.append(("G(z)", B, n_in, n_out, ("forward",), 1.0))
    # 판별자 단계: 진짜와 가짜를 이어 붙인 2B 표본. 입력(진짜, detach된 가짜)은 기울기가 필요 없으므로
    # 첫 층은 grad_input을 계산하지 않는다.
    for i, (n_in, n_out) in enumerate(d_layers):
        passes = ("forward", "grad_weight") + (("grad_input",) if i > 0 else ())
        work.append(("D step: D", 2 * B, n_in, n_out, passes, 1.0))
    # 생성자 단계 (k번에 한 번): D의 가중치는 고정(requires_grad False)이라 grad_weight가 없고, 기울기가
    # G까지 흘러야 하므로 D의 첫 층까지 grad_input을 계산한다. G의 첫 층 입력 z는 기울기가 필요 없다.
    for n_in, n_out in d_layers:
        work.append(("G step: D", B, n_in, n_out, ("forward", "grad_input"), 1.0 / k))
    for i, (n_in, n_out) in enumerate(g_layers):
        passes = ("grad_weight",) + (("grad_input",) if i > 0 else ())
        work.append(("G step: G", B, n_in, n_out, passes, 1.0 / k))
    return work


def matmul_operands(pass_name, rows, n_in, n_out, device, dtype=torch.float32):
    """nn.Linear가 그 패스에서 torch.mm에 넘기는 것과 같은 모양(과 전치 배치)의 두 행렬."""
    x = torch.randn(rows, n_in, device=device, dtype=dtype)
    weight = torch.randn(n_out, n_in, device=device, dtype=dtype)
    grad_out = torch.randn(rows, n_out, device=device, dtype=dtype)
    if pass_name == "forward":
        return x, weight.t()         # (rows, in) @ (in, out)
    if pass_name == "grad_input":
        return grad_out, weight      # (rows, out) @ (out, in)
    if pass_name == "grad_weight":
        return grad_out.t(), x       # (out, rows) @ (rows, in)
    raise ValueError(pass_name)


def time_mm(a, b, device, repeats):
    """torch.mm(a, b) 한 번의 시간 (초): 여러 번 잰 것의 중앙값."""
    for _ in range(3):
        torch.mm(a, b)
    synchronize(device)
    start = time.perf_counter()
    torch.mm(a, b)
    synchronize(device)
    once = max(time.perf_counter() - start, 1e-7)
    # 아주 작은 곱은 시계의 해상도와 동기화 비용보다 짧으므로, 한 번 잴 때 여러 번 묶어서 돌린다.
    inner = min(1000, max(1, math.ceil(2e-3 / once)))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            torch.mm(a, b)
        synchronize(device)
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def matmul_bound(G, D, batch_size, k, device, repeats, dtype=torch.float32):
    """(단계당 FLOP, 단계당 행렬 곱만의 시간). dtype은 행렬의 자료형 (bf16 혼합 정밀도의 하한은 bf16 행렬 곱)."""
    flops = seconds = 0.0
    cache = {}
    for _, rows, n_in, n_out, passes, per_step in matmul_work(G, D, batch_size, k):
        for pass_name in passes:
            key = (pass_name, rows, n_in, n_out)
            if key not in cache:
                cache[key] = time_mm(*matmul_operands(*key, device, dtype), device, repeats)
            flops += per_step * 2 * rows * n_in * n_out
            seconds += per_step * cache[key]
    return flops, seconds


# ---------------------------------------------------------------- (5) 1차원 GAN
def gaussian_steps_per_second(n_steps, n_warmup):
    # 강의 3처럼 CPU에서 스레드 하나로 잰다: 이렇게 작은 모델은 스레드를 나누는 비용이 계산보다 크다.
    model_name, _, settings = preset_settings(GAUSSIAN_PRESET)
    settings.pop("steps_per_epoch", None)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        G, D = build_models(model_name, seed=SEED)
        common = dict(**settings, epochs=1, seed=SEED, device="cpu", precision="auto", progress=False)
        train_gan(G, D, lambda n: sample_real_1d(n), steps_per_epoch=n_warmup, **common)
        start = time.perf_counter()
        train_gan(G, D, lambda n: sample_real_1d(n), steps_per_epoch=n_steps, **common)
        return n_steps / (time.perf_counter() - start)
    finally:
        torch.set_num_threads(threads)


# ---------------------------------------------------------------- (6) 숫자 10종류까지의 시간
class _AllClassesSeen(Exception):
    """기준을 넘은 에폭에서 train_gan을 멈추려고 지표 함수가 던진다."""


def time_to_all_classes(x, device, max_epochs, precision, seed=SEED):
    """(초, 검사를 뺀 초, 에폭) 또는 기준에 못 미치면 (None, None, max_epochs). 첫 초는 에폭마다의 검사 시간도 포함한다."""
    model_name, _, settings = preset_settings(LESSON_PRESET)
    classifier = load_classifier("mnist", device=device)
    G, D = build_models(model_name, seed=seed)
    G_ema = copy.deepcopy(G) if settings.get("ema_decay") else None  # 노트북처럼 EMA 생성자로 잰다
    epochs_done, checking = 0, 0.0

    def check(G):
        nonlocal epochs_done, checking
        epochs_done += 1
        t0 = time.perf_counter()
        coverage = class_coverage(generate(G, COVERAGE_SAMPLES, seed=seed + 1), classifier,
                                  min_fraction=COVERAGE_MIN_FRACTION)
        checking += time.perf_counter() - t0
        if coverage["classes_covered"] == 10 and coverage["mean_confidence"] >= COVERAGE_MIN_CONFIDENCE:
            raise _AllClassesSeen
        return coverage["classes_covered"]

    start = time.perf_counter()
    try:
        train_gan(G, D, x, **settings, epochs=max_epochs, G_ema=G_ema, metrics={"classes_covered": check},
                  seed=seed, device=device, precision=precision, progress=False)
    except _AllClassesSeen:
        seconds = time.perf_counter() - start
        return seconds, seconds - checking, epochs_done
    return None, None, max_epochs


# ---------------------------------------------------------------- (7) 프로세스 전체
def time_process(args, env):
    """명령 하나를 새 파이썬 프로세스로 돌려 시작부터 끝까지의 초를 잰다 (torch 불러오기, 데이터 읽기, 저장까지)."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} 실패 (종료 코드 {result.returncode}):\n{result.stderr[-2000:]}")
    return seconds


def process_seconds(device, max_batches=None):
    """(튜토리얼 스크립트 한 에폭, 키트 명령줄 한 에폭)을 프로세스 전체로 잰 초. max_batches: 빠른 점검용."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    textbook = [sys.executable, str(ROOT / "benchmarks" / "textbook_loop.py")]
    with tempfile.TemporaryDirectory() as out:
        cli = [sys.executable, "-m", "gan_utils", "train", "mnist", "--epochs", "1", "--quiet",
               "--device", str(device), "--out", out, "--overwrite"]
        if max_batches:
            textbook += ["--max-batches", str(max_batches)]
            cli += ["--steps-per-epoch", str(max_batches)]
        return time_process(textbook, env), time_process(cli, env)


# ---------------------------------------------------------------- 출력
def report(name, value):
    if isinstance(value, float):
        value = f"{value:.0f}" if abs(value) >= 1e4 else f"{value:.4g}"
    print(f"{name}: {value}", flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="GAN 키트 학습 속도 벤치마크")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:0, mps (기본 auto)")
    parser.add_argument("--quick", action="store_true",
                        help="배치 몇 개만 돌리고 숫자 10종류까지의 시간을 건너뛴다: 스크립트가 도는지만 확인")
    parser.add_argument("--skip-coverage", action="store_true", help="숫자 10종류까지의 시간을 건너뛴다")
    parser.add_argument("--batches", type=int, default=None,
                        help="에폭당 시간을 잴 배치 수 (기본 200, --quick이면 3)")
    parser.add_argument("--max-epochs", type=int, default=30, help="숫자 10종류를 기다릴 최대 에폭 수 (기본 30)")
    parser.add_argument("--coverage-seeds", type=int, nargs="+", default=[SEED],
                        help="숫자 10종류까지의 시간을 잴 시드들 (기본 0)")
    args = parser.parse_args(argv)
    if args.batches is None:
        args.batches = 3 if args.quick else 200
    if args.batches < 1 or args.max_epochs < 1:
        parser.error("--batches와 --max-epochs는 1 이상이어야 합니다.")
    return args


def main(argv=None):
    args = parse_args(argv)
    device = get_device(args.device)
    warmup = 2 if args.quick else 10
    repeats = 3 if args.quick else 7
    gaussian_steps = 20 if args.quick else 2000

    name = f"{device.type} ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else device.type
    report("device", name)
    report("threads", torch.get_num_threads())
    report("torch_version", torch.__version__)
    report("cpu_capability", torch.backends.cpu.get_cpu_capability())
    report("cpu_bf16", cpu_bf16_feature() or "none")

    model_name, _, settings = preset_settings(MNIST_PRESET)
    batch_size = settings["batch_size"]
    x, _ = load_mnist("mnist", train=True, device=device)
    steps_per_epoch = len(x) // batch_size

    textbook, (textbook_G, textbook_D) = time_textbook(device, args.batches, warmup)
    report("textbook_seconds_per_epoch", textbook)
    kit = {}
    for precision in DTYPES:
        kit[precision], (G, D) = time_train_gan(x, device, args.batches, warmup, precision)
        report(f"train_gan_{precision}_seconds_per_epoch", kit[precision])
        report(f"speedup_{precision}", textbook / kit[precision])
    if (linear_shapes(textbook_G), linear_shapes(textbook_D)) != (linear_shapes(G), linear_shapes(D)):
        print(f"경고: textbook_loop.py의 모델 구조가 '{model_name}' 구성과 다릅니다. 비교가 공정하지 않습니다.",
              file=sys.stderr)
    auto = choose_precision("auto", device, D, batch_size)  # train_gan이 고른 값 (프로세스 안에 기억된 것)
    report("precision_auto", f"{auto.name} ({auto.reason})")
    report("train_gan_seconds_per_epoch", kit[auto.name])
    report("speedup", textbook / kit[auto.name])

    for precision, dtype in DTYPES.items():
        flops, seconds = matmul_bound(G, D, batch_size, settings.get("k", 1), device, repeats, dtype)
        if precision == "fp32":
            report("matmul_gflop_per_epoch", flops * steps_per_epoch / 1e9)
        report(f"matmul_gflops_{precision}", flops / seconds / 1e9)
        report(f"matmul_bound_{precision}_seconds_per_epoch", seconds * steps_per_epoch)
        report(f"train_gan_{precision}_vs_bound", kit[precision] / (seconds * steps_per_epoch))

    report("gaussian_steps_per_second", gaussian_steps_per_second(gaussian_steps, warmup))

    textbook_process, cli_process = process_seconds(device, max_batches=args.batches if args.quick else None)
    report("process_textbook_seconds", textbook_process)
    report("process_cli_seconds", cli_process)
    report("process_speedup", textbook_process / cli_process)

    if args.quick or args.skip_coverage:
        return
    for seed in args.coverage_seeds:
        for precision in DTYPES:
            seconds, training, epochs = time_to_all_classes(x, device, args.max_epochs, precision, seed)
            suffix = f"{precision}_seed{seed}"
            figures = ({"seconds": seconds, "train_seconds": training, "epochs": epochs} if seconds is not None else
                       dict.fromkeys(("seconds", "train_seconds", "epochs"), f"not reached in {epochs} epochs"))
            for name, value in figures.items():
                report(f"{name}_to_10_classes_{suffix}", value)


if __name__ == "__main__":
    main()
