"""3.5강 놀이터 벤치마크: 위젯이 그림 한 장을 만드는 데 드는 시간(학습 단계, 장면 재기, 덧그리기, JPEG)과
모드 붕괴 비교(기본 GAN 대 PacGAN, 시드 여러 개)를 브라우저 없이 한 번의 실행에서 잰다.

출력은 한 줄에 하나씩 ``이름: 값`` (이름은 영어 snake_case, 단위는 이름에 들어 있다):

- ``threads``: torch의 CPU 스레드 수 (노트북처럼 1)
- ``steps_per_second``: 노트북 기본 설정(8개 고리, 너비 64, 배치 256)으로 학습만 한 단계 수 (지표 재기 없이)
- ``frame_train_ms``: 그림 한 장마다 하는 학습(``--steps-per-frame``단계와 지표 재기)
- ``frame_snapshot_ms``, ``frame_blit_ms``, ``frame_full_redraw_ms``, ``frame_jpeg_ms``: 장면 재기, 평면만 덧그리기,
  곡선까지 그림 전체 다시 그리기(위젯은 2초에 한 번), JPEG 만들기
- ``frames_per_second_estimate``, ``steps_per_second_live``: 위 시간으로 셈한 위젯의 초당 그림 수와 학습 단계 수
  (브라우저와 통신 시간은 빠짐. 진짜 브라우저에서 잰 값은 tests/test_browser.py가 build/screenshots/에 남긴다)
- ``{config}_modes_seed{s}``, ``{config}_high_quality_seed{s}``, ``{config}_modes_mean``, ``{config}_high_quality_mean``:
  ``--target``(기본 ring)에서 ``--steps``단계 학습한 뒤의 덮은 봉우리 수와 고품질 표본 비율. config는 plain(기본 GAN:
  판별자 학습률이 생성자의 10분의 1), pacgan2(같은 설정 + PacGAN 묶음 2), equal_lr(판별자 학습률을 생성자와 같게).
  설정은 3.5강 노트북의 기본값과 같다

실행 (저장소 루트에서):

    python benchmarks/bench_playground.py                       # 전부 (CPU에서 2분 안팎)
    python benchmarks/bench_playground.py --target grid --seeds 0 1 2 3 4
    python benchmarks/bench_playground.py --quick               # 스크립트가 도는지만 (몇 초)
"""
import argparse
import statistics
import time

import numpy as np
import torch

from gan_utils.playground import Playground, compare_settings
from gan_utils.plots import PlaygroundFigure

# 3.5강 노트북의 기본값 (판별자가 생성자보다 10배 느리게 배우는 설정)
LESSON_SETTINGS = dict(z_dim=2, g_hidden=(64, 64), d_hidden=(64, 64), lr_g=1e-3, lr_d=1e-4, k=1,
                       loss="non_saturating", batch_size=256)


def milliseconds(fn, repeats):
    # 여러 번 재어 가운데 값 (잠깐의 방해에 흔들리지 않게)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def frame_costs(steps_per_frame, repeats):
    pg = Playground("ring", seed=0, **LESSON_SETTINGS)
    pg.train(50)
    t0 = time.perf_counter()
    pg.train(10 * steps_per_frame, record=False)
    steps_per_second = 10 * steps_per_frame / (time.perf_counter() - t0)
    figure = PlaygroundFigure(pg.target.extent, pg.target.centers.numpy())
    figure.update(pg.snapshot(), pg.history, pg.kl_floor, pg.summary())
    snap = pg.snapshot()
    costs = {
        "frame_train_ms": milliseconds(lambda: pg.train(steps_per_frame), repeats),
        "frame_snapshot_ms": milliseconds(pg.snapshot, repeats),
        "frame_blit_ms": milliseconds(lambda: figure.update(snap, pg.history, pg.kl_floor, curves=False), repeats),
        "frame_full_redraw_ms": milliseconds(lambda: figure.update(snap, pg.history, pg.kl_floor, curves=True), repeats),
        "frame_jpeg_ms": milliseconds(figure.jpeg, repeats),
    }
    return steps_per_second, costs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="ring", choices=("ring", "grid"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--steps", type=int, default=3000, help="비교에서 실행 하나의 학습 단계 수")
    parser.add_argument("--steps-per-frame", type=int, default=20)
    parser.add_argument("--curve-seconds", type=float, default=2.0, help="위젯이 곡선까지 다시 그리는 간격 (초)")
    parser.add_argument("--quick", action="store_true", help="단계와 반복을 줄여 스크립트가 도는지만 본다")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.quick:
        args.steps, args.seeds = 20, args.seeds[:2]
    repeats = 3 if args.quick else 15

    print(f"threads: {torch.get_num_threads()}")
    steps_per_second, costs = frame_costs(args.steps_per_frame, repeats)
    print(f"steps_per_second: {steps_per_second:.0f}")
    for name, value in costs.items():
        print(f"{name}: {value:.1f}")
    # 위젯의 한 장: 학습 + 장면 + 덧그리기 + JPEG. 곡선까지 다시 그리는 것은 curve_seconds마다 한 번
    blit_frame = costs["frame_train_ms"] + costs["frame_snapshot_ms"] + costs["frame_blit_ms"] + costs["frame_jpeg_ms"]
    extra_per_second = costs["frame_full_redraw_ms"] - costs["frame_blit_ms"]
    fps = (1000 - extra_per_second / args.curve_seconds) / blit_frame
    print(f"frames_per_second_estimate: {fps:.1f}")
    print(f"steps_per_second_live: {fps * args.steps_per_frame:.0f}")

    configs = {"plain": LESSON_SETTINGS, "pacgan2": {**LESSON_SETTINGS, "pack": 2},
               "equal_lr": {**LESSON_SETTINGS, "lr_d": LESSON_SETTINGS["lr_g"]}}
    results = compare_settings(args.target, configs, seeds=args.seeds, steps=args.steps, progress=False)
    for name, rows in results.items():
        for seed, modes, quality in zip(args.seeds, rows["modes"], rows["high_quality"]):
            print(f"{name}_modes_seed{seed}: {modes}")
            print(f"{name}_high_quality_seed{seed}: {quality:.3f}")
        print(f"{name}_modes_mean: {np.mean(rows['modes']):.2f}")
        print(f"{name}_high_quality_mean: {np.mean(rows['high_quality']):.3f}")


if __name__ == "__main__":
    main()
