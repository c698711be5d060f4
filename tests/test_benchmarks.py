"""벤치마크 스크립트가 도는지만 본다 (--quick: 배치 몇 개). 시간 값 자체는 컴퓨터마다 달라 검사하지 않는다."""
import math
import os
import subprocess
import sys
from pathlib import Path

from conftest import parse_figures

ROOT = Path(__file__).resolve().parent.parent

# 두 정밀도(fp32, bf16)를 나란히, 그리고 프로세스 전체의 비교까지 (--quick에서는 배치 몇 개로)
EXPECTED = ["threads", "textbook_seconds_per_epoch", "train_gan_seconds_per_epoch", "speedup",
            *(f"{name}_{p}" for p in ("fp32", "bf16") for name in ("speedup", "matmul_gflops")),
            *(f"train_gan_{p}_{name}" for p in ("fp32", "bf16") for name in ("seconds_per_epoch", "vs_bound")),
            *(f"matmul_bound_{p}_seconds_per_epoch" for p in ("fp32", "bf16")),
            "gaussian_steps_per_second", "process_textbook_seconds", "process_cli_seconds", "process_speedup"]


def test_bench_train_quick_prints_every_figure():
    # GAN_DATA_DIR와 GAN_DOWNLOAD=0은 conftest가 이미 os.environ에 넣어 두었다. 스레드 하나로 돌려
    # 같은 컴퓨터에서 도는 다른 일을 방해하지 않는다.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_train.py"), "--quick"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    values = parse_figures(result.stdout)
    for name in EXPECTED:
        assert name in values, f"{name} 줄이 없습니다:\n{result.stdout}"
        number = float(values[name])
        assert math.isfinite(number) and number > 0, f"{name}: {values[name]}"
    assert values["cpu_bf16"] in ("none", "AVX512_BF16", "AMX_BF16", "ARM BF16")
    assert values["precision_auto"].split()[0] in ("fp32", "bf16")
    auto = values["precision_auto"].split()[0]
    assert values["train_gan_seconds_per_epoch"] == values[f"train_gan_{auto}_seconds_per_epoch"]
    assert not any(name.startswith("seconds_to_10_classes") for name in values)  # --quick은 긴 측정을 건너뛴다
