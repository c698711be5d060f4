"""정밀도 고르기: 학습의 행렬 곱을 bf16(16비트)으로 할지 fp32(32비트)로 할지 정하는 ``choose_precision``.

bf16(bfloat16)은 fp32와 지수(수의 크기 범위)는 같고 가수(유효 숫자)만 24비트에서 8비트로 줄인 수다.
값 하나가 절반 크기라 메모리를 덜 읽고, bf16을 직접 계산하는 장치(AVX512_BF16·AMX가 있는 서버 CPU,
최근 GPU)에서는 행렬 곱이 몇 배 빠르다. 그런 장치가 없는 CPU(AVX2 노트북 등)에서는 bf16을 흉내 내느라
오히려 느려진다. 그래서 'auto'는 장치가 bf16을 직접 계산하는지 보고, 그렇다면 이 모델의 판별자 순전파를
두 정밀도로 잠깐 재어(1초보다 훨씬 짧게, 한 프로세스에서 한 번) bf16이 확실히 빠를 때만 bf16을 고른다.

bf16을 골라도 가중치·옵티마이저 상태·손실·지표·체크포인트는 fp32다. ``torch.autocast``가 모델 안의
행렬 곱(선형 층, 합성곱)만 bf16으로 계산한다 (혼합 정밀도, mixed precision).
"""
import platform
import subprocess
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import SimpleNamespace

import torch

PRECISIONS = ("auto", "fp32", "bf16")
MIN_SPEEDUP = 1.25  # 잰 속도 차이가 이보다 작으면 fp32에 머문다 (재는 오차 때문에 오락가락하지 않도록)
_CHOICES = {}  # (장치, 모델 모양, 배치) → 고른 정밀도: 한 프로세스에서 한 번만 잰다
_TOLD = set()  # 이미 알린 판단 (verbose로 처음 부를 때 한 번만 출력한다)


def cpu_bf16_feature():
    """이 CPU가 bf16을 직접 계산하는 명령어의 이름 ('AMX_BF16', 'AVX512_BF16', 'ARM BF16'), 없으면 None."""
    system, machine = platform.system(), platform.machine().lower()
    if system == "Linux":
        try:
            text = Path("/proc/cpuinfo").read_text()
        except OSError:
            return None
        flags = set(text.split())
        for flag, name in (("amx_bf16", "AMX_BF16"), ("avx512_bf16", "AVX512_BF16"), ("bf16", "ARM BF16")):
            if flag in flags:
                return name
        return None
    if system == "Darwin" and machine == "arm64":  # Apple M2 이후
        try:
            out = subprocess.run(["sysctl", "-n", "hw.optional.arm.FEAT_BF16"], capture_output=True, text=True,
                                 timeout=2).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        return "ARM BF16" if out == "1" else None
    return None


def device_bf16_feature(device):
    """장치가 bf16을 직접 계산하면 그 근거(명령어나 GPU 이름), 아니면 None."""
    if device.type == "cpu":
        return cpu_bf16_feature()
    if device.type == "cuda" and torch.cuda.is_bf16_supported(including_emulation=False):
        return f"GPU {torch.cuda.get_device_name(device)}"
    return None  # MPS: 아직 확인하지 않았으므로 fp32


def choose_precision(precision, device, D=None, batch_size=128, verbose=False):
    """'auto', 'fp32', 'bf16' 중 하나를 받아 실제로 쓸 정밀도를 정한다.

    돌려주는 값: ``.name`` ('fp32' 또는 'bf16'), ``.dtype`` (autocast에 줄 자료형, fp32면 None), ``.reason``
    (한국어 한 줄). 'auto'의 잰 값은 프로세스 안에 기억해 두고, verbose면 처음 한 번만 알린다.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision은 {PRECISIONS} 중 하나여야 합니다 (받은 값: {precision!r}).")
    if precision == "fp32":
        return _choice("fp32", "fp32를 요청함")
    if precision == "bf16":
        if device.type == "mps":
            raise ValueError("precision='bf16'은 CPU와 CUDA GPU에서만 씁니다. Apple GPU(MPS)에서는 'auto'나 'fp32'를 쓰세요.")
        return _choice("bf16", "bf16을 요청함")
    key = (str(device), type(D).__name__, tuple(tuple(p.shape) for p in D.parameters()) if D is not None else (),
           batch_size)
    if key not in _CHOICES:
        _CHOICES[key] = _measure_choice(device, D, batch_size)
    choice = _CHOICES[key]
    if verbose and key not in _TOLD:
        _TOLD.add(key)
        print(f"정밀도: {choice.name} - {choice.reason}", flush=True)
    return choice


def _measure_choice(device, D, batch_size):
    feature = device_bf16_feature(device)
    if feature is None:
        what = "이 CPU" if device.type == "cpu" else "이 장치"
        return _choice("fp32", f"{what}에는 bf16을 직접 계산하는 장치가 없어 bf16이 오히려 느립니다")
    if D is None:
        return _choice("bf16", f"bf16을 직접 계산하는 장치({feature})입니다")
    fp32, bf16 = time_forward(D, device, batch_size, None), time_forward(D, device, batch_size, torch.bfloat16)
    speedup = fp32 / bf16
    measured = f"판별자 순전파 {fp32 * 1e3:.2f} ms → {bf16 * 1e3:.2f} ms, {speedup:.1f}배"
    if speedup < MIN_SPEEDUP:
        return _choice("fp32", f"bf16을 직접 계산하는 장치({feature})이지만 이 작은 모델에서는 bf16이 빠르지 않습니다 ({measured})")
    return _choice("bf16", f"bf16을 직접 계산하는 장치({feature})이고, 잰 결과 더 빠릅니다 ({measured})")


def time_forward(D, device, batch_size, dtype, repeats=5):
    """판별자 D의 순전파 한 번(진짜+가짜 2·batch_size개)의 시간 (초, 여러 번 잰 것 중 가장 짧은 값).

    평가 모드와 따로 만든 난수로 재므로 D의 상태(드롭아웃 난수, 배치 정규화 통계)와 전역 난수는 그대로다.
    """
    in_dim = getattr(D, "in_dim", None)
    if in_dim is None:
        raise ValueError("정밀도를 재려면 판별자에 입력 크기 in_dim 속성이 있어야 합니다.")
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2 * batch_size, in_dim, generator=gen).to(device)
    # 조건부 판별자(강의 5)는 레이블도 받는다: 클래스를 고르게 붙인다
    inputs = (x, torch.arange(len(x), device=device) % D.num_classes) if getattr(D, "num_classes", 0) else (x,)
    was_training = D.training
    D.eval()
    best = float("inf")
    try:
        with torch.no_grad():
            for i in range(repeats + 2):  # 처음 두 번은 준비 운동 (메모리 할당, 커널 고르기)
                _synchronize(device)
                start = time.perf_counter()
                with autocast(device, dtype):
                    D(*inputs)
                _synchronize(device)
                if i >= 2:
                    best = min(best, time.perf_counter() - start)
    finally:
        D.train(was_training)
    return best


def autocast(device, dtype):
    """dtype이 None이면 아무것도 하지 않는 문맥, 아니면 그 자료형의 torch.autocast.

    한 문맥은 순전파 한 번에만 쓴다: autocast는 문맥 안에서 가중치를 bf16으로 바꾼 사본을 기억해 두므로,
    옵티마이저가 가중치를 고친 뒤에도 같은 문맥에 있으면 옛 사본으로 계산하게 된다.
    """
    if dtype is None:
        return nullcontext()
    return torch.autocast(device.type, dtype=dtype)


@contextmanager
def cuda_matmul_tf32(enabled):
    """CUDA에서 남은 fp32 행렬 곱을 TF32로 (enabled일 때만, 끝나면 원래 설정으로 돌려놓는다)."""
    if not enabled:
        yield
        return
    before = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    try:
        yield
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = before


def _choice(name, reason):
    return SimpleNamespace(name=name, dtype=torch.bfloat16 if name == "bf16" else None, reason=reason)


def _synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)
