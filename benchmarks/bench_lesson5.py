"""강의 5 벤치마크: MLP(강의 4), 조건부 GAN, DCGAN의 에폭당 학습 시간(두 정밀도)과 키트에 들어 있는 생성자들의 품질을
한 번의 실행에서 나란히 잰다.

출력은 한 줄에 하나씩 ``이름: 값``. ``{m}``은 mlp, cgan, dcgan, ``{p}``는 fp32 또는 bf16:

- ``{m}_{p}_seconds_per_epoch``: 강의의 설정(TRAINING_PRESETS의 mnist-bn, mnist-cgan, mnist-dcgan)으로 MNIST 한 에폭
  (468단계)에 걸리는 초 (train.seconds_per_epoch: 몇 단계를 두 번 재어 짧은 쪽을 늘린 값). bf16은 그 장치가 bf16을
  직접 계산할 때만 잰다.
- ``{m}_gflop_per_image``: 학습하는 모델의 생성자+판별자 순전파 한 번의 연산량 (곱셈·덧셈 2회로 셈).
  ``dcgan_paper_gflop_per_image``: 논문 크기 DCGAN(64×64 컬러, 폭 128~1024)의 같은 값,
  ``dcgan_paper_seconds_per_epoch_estimate``: 이 컴퓨터에서 그 모델로 6만 장 한 에폭에 걸릴 시간의 어림 (키트 DCGAN의
  잰 시간 × 연산량의 비; 메모리와 큰 합성곱의 효율 차이는 넣지 않은 어림)
- 키트의 사전 학습 생성자마다 (``{m}_`` 접두사, 파일이 있을 때만): classes_covered, max_class_fraction, mean_confidence,
  fid_classifier, fid_floor, parzen_ll (``python -m gan_utils evaluate``와 같은 평가, 표본 10,000개)
- 조건부 생성자: ``cgan_mean_class_accuracy``, ``cgan_min_class_accuracy``, ``cgan_min_class_confidence``,
  ``cgan_mean_fid_per_class``, ``cgan_confusion_row_{k}`` (클래스마다 1,000개)

실행 (저장소 루트에서):

    GAN_DATA_DIR=../shared/data python benchmarks/bench_lesson5.py           # 전부 (CPU에서 몇 분)
    GAN_DATA_DIR=../shared/data python benchmarks/bench_lesson5.py --quick   # 도는지만 (몇 단계, 작은 평가)
"""
import argparse
import sys

import torch

from gan_utils.checkpoint import load_generator
from gan_utils.classifier import PRETRAINED_DIR
from gan_utils.data import load_mnist
from gan_utils.device import get_device
from gan_utils.metrics import conditional_figures, evaluate_generator
from gan_utils.models import build_models, gan_gflop, paper_dcgan_gflop
from gan_utils.precision import device_bf16_feature
from gan_utils.train import TRAINING_PRESETS, seconds_per_epoch

PRESETS = {"mlp": "mnist-bn", "cgan": "mnist-cgan", "dcgan": "mnist-dcgan"}
SHIPPED = {"mlp": "mnist_generator.pt", "cgan": "mnist_cgan_generator.pt", "dcgan": "mnist_dcgan_generator.pt"}


def report(name, value):
    print(f"{name}: {value:.4g}" if isinstance(value, float) else f"{name}: {value}", flush=True)


def gflop_per_image(name):
    return gan_gflop(*build_models(PRESETS[name], seed=0))


def main(argv=None):
    parser = argparse.ArgumentParser(description="강의 5 벤치마크: MLP·조건부 GAN·DCGAN의 학습 시간과 품질")
    parser.add_argument("--quick", action="store_true", help="몇 단계와 작은 평가만: 스크립트가 도는지만 확인")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps (기본 auto)")
    args = parser.parse_args(argv)
    device = get_device(args.device)
    steps, n_eval, n_per_class = (3, 500, 50) if args.quick else (40, 10_000, 1000)
    report("device", device.type)
    report("threads", torch.get_num_threads())
    precisions = ("fp32", "bf16") if device_bf16_feature(device) else ("fp32",)
    report("precisions", " ".join(precisions))

    x, y = load_mnist("mnist", train=True, device=device)
    seconds, gflops = {}, {}
    for name, preset in PRESETS.items():
        settings = dict(TRAINING_PRESETS[preset])
        model = settings.pop("model")
        settings.pop("epochs")
        G, D = build_models(model, seed=0)
        for precision in precisions:
            seconds[name, precision] = seconds_per_epoch(G, D, x, precision=precision, steps=steps, warmup=2,
                                                         device=device, labels=y if G.num_classes else None,
                                                         **settings)
            report(f"{name}_{precision}_seconds_per_epoch", seconds[name, precision])
        gflops[name] = gflop_per_image(name)
        report(f"{name}_gflop_per_image", gflops[name])

    paper = paper_dcgan_gflop()
    report("dcgan_paper_gflop_per_image", paper)
    report("dcgan_paper_seconds_per_epoch_estimate", seconds["dcgan", precisions[-1]] * paper / gflops["dcgan"])

    for name, file in SHIPPED.items():
        path = PRETRAINED_DIR / file
        if not path.is_file():
            report(f"{name}_shipped", f"없음 ({file})")
            continue
        G = load_generator(path, device=device)
        figures = evaluate_generator(G, "mnist", n=n_eval, parzen=not args.quick)
        for key in ("classes_covered", "max_class_fraction", "mean_confidence", "fid_classifier", "fid_floor",
                    "parzen_ll"):
            if key in figures:
                report(f"{name}_{key}", figures[key])
        if G.num_classes:
            for key, value in conditional_figures(G, "mnist", n_per_class=n_per_class).items():
                if not key.startswith(("class_", "fid_class_")):
                    report(f"{name}_{key}", value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
