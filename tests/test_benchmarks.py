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


def run_quick(script):
    """benchmarks/의 script를 --quick으로 실행해 (출력의 `이름: 값` dict, 출력 전체)를 돌려준다 (실패하면 stderr와 함께 멈춘다).

    GAN_DATA_DIR와 GAN_DOWNLOAD=0은 conftest가 이미 os.environ에 넣어 두었다. 스레드 하나로 돌려
    같은 컴퓨터에서 도는 다른 일을 방해하지 않는다."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--quick"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return parse_figures(result.stdout), result.stdout


def test_bench_train_quick_prints_every_figure():
    values, stdout = run_quick("bench_train.py")
    for name in EXPECTED:
        assert name in values, f"{name} 줄이 없습니다:\n{stdout}"
        number = float(values[name])
        assert math.isfinite(number) and number > 0, f"{name}: {values[name]}"
    assert values["cpu_bf16"] in ("none", "AVX512_BF16", "AMX_BF16", "ARM BF16")
    assert values["precision_auto"].split()[0] in ("fp32", "bf16")
    auto = values["precision_auto"].split()[0]
    assert values["train_gan_seconds_per_epoch"] == values[f"train_gan_{auto}_seconds_per_epoch"]
    assert not any(name.startswith("seconds_to_10_classes") for name in values)  # --quick은 긴 측정을 건너뛴다


PLAYGROUND_EXPECTED = ["steps_per_second", "frame_train_ms", "frame_snapshot_ms", "frame_blit_ms", "frame_full_redraw_ms",
                       "frame_jpeg_ms", "frames_per_second_estimate", "steps_per_second_live"]


def test_bench_playground_quick_prints_every_figure():
    """3.5강 놀이터 벤치마크(--quick): 그림 한 장의 시간들과 두 설정 × 시드 둘의 덮은 봉우리·고품질 비율."""
    values, stdout = run_quick("bench_playground.py")
    for name in PLAYGROUND_EXPECTED:
        assert name in values and math.isfinite(float(values[name])) and float(values[name]) > 0, stdout
    # 덮인 봉우리는 0~8개, 고품질 비율은 0~1, 평균은 시드별 값의 평균
    for config in ("plain", "pacgan2", "equal_lr"):
        modes = [int(values[f"{config}_modes_seed{s}"]) for s in (0, 1)]
        quality = [float(values[f"{config}_high_quality_seed{s}"]) for s in (0, 1)]
        assert all(0 <= m <= 8 for m in modes) and all(0 <= q <= 1 for q in quality)
        assert float(values[f"{config}_modes_mean"]) == sum(modes) / 2
    # 벽시계 추정은 그 구성 시간들과 맞아야 한다: 한 장의 시간 합이 1초를 넘으면 초당 1장 아래다
    frame = sum(float(values[n]) for n in ("frame_train_ms", "frame_snapshot_ms", "frame_blit_ms", "frame_jpeg_ms"))
    assert float(values["frames_per_second_estimate"]) <= 1000 / frame + 1e-6


def test_bench_lesson5_quick_prints_every_figure():
    """강의 5 벤치마크(--quick): 세 모델의 에폭당 시간(정밀도별), 연산량, 논문 크기 DCGAN의 어림, 들어 있는 생성자의 품질."""
    values, stdout = run_quick("bench_lesson5.py")
    precisions = values["precisions"].split()
    assert precisions[0] == "fp32" and set(precisions) <= {"fp32", "bf16"}
    for model in ("mlp", "cgan", "dcgan"):
        for p in precisions:
            assert math.isfinite(float(values[f"{model}_{p}_seconds_per_epoch"])), stdout
        assert float(values[f"{model}_gflop_per_image"]) > 0
    # 논문 크기(64×64 컬러, 폭 1024까지)는 키트의 작은 DCGAN보다 연산량이 훨씬 크다
    assert float(values["dcgan_paper_gflop_per_image"]) > 20 * float(values["dcgan_gflop_per_image"])
    assert float(values["dcgan_paper_seconds_per_epoch_estimate"]) > float(values[f"dcgan_{precisions[-1]}_seconds_per_epoch"])
    assert 1 <= int(values["mlp_classes_covered"]) <= 10 and float(values["mlp_fid_classifier"]) > 0
    # 들어 있는 조건부 생성자: 클래스마다 50장만 요청해도 거의 모두 요청한 숫자로 읽힌다
    assert float(values["cgan_min_class_accuracy"]) >= 0.85 and len(values["cgan_confusion_row_9"].split()) == 10


def test_time_to_all_classes_reports_training_seconds_without_the_checks(mnist_small, monkeypatch):
    """숫자 10종류까지의 시간: 기준에 못 미치면 (None, None, 최대 에폭), 닿으면 (전체 초, 검사를 뺀 학습 초, 에폭)."""
    import torch
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import bench_train
    x, _ = mnist_small
    cpu = torch.device("cpu")
    assert bench_train.time_to_all_classes(x[:256], cpu, 1, "fp32") == (None, None, 1)  # 2단계로는 못 닿는다
    seen = {"classes_covered": 10, "mean_confidence": 0.95}
    monkeypatch.setattr(bench_train, "class_coverage", lambda *args, **kwargs: seen)
    seconds, training, epochs = bench_train.time_to_all_classes(x[:256], cpu, 3, "fp32")
    assert epochs == 1 and 0 < training < seconds
