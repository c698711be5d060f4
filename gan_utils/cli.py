"""명령줄: 노트북 없이 학습하고 표본을 만든다 (command line: train and sample without a notebook).

    python -m gan_utils train gaussian              # 1차원 가우시안 GAN
    python -m gan_utils train mnist --epochs 1      # MNIST GAN
    python -m gan_utils sample --checkpoint runs/mnist-.../checkpoint.pt --n 10000 --out samples.npy

학습이 끝나면 마지막 수치를 한 줄에 하나씩 `이름: 값` 형식으로 출력한다 (자동 실행이 읽기 쉽게).
"""
import argparse
import copy
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import torch

from . import checkpoint, classifier, data, metrics, models, plots, train
from .device import get_device
from .precision import PRECISIONS, choose_precision
from .validate import check_int


class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse의 영어 오류 문장을 한국어로 바꿔 출력하고, 도움말 보는 법을 덧붙인다 (종료 코드 2는 그대로)."""

    PATTERNS = [
        (r"argument (\S+): invalid choice: '?([^']*?)'? \(choose from (.*)\)",
         r"\1: '\2'은(는) 고를 수 없는 값입니다. 고를 수 있는 값: \3"),
        (r"argument (\S+): invalid (\w+) value: '?([^']*?)'?$", r"\1: '\3'은(는) \2 값이 아닙니다 (int: 정수, float: 실수)."),
        (r"argument (\S+): expected one argument", r"\1 뒤에 값을 하나 적어야 합니다."),
        (r"the following arguments are required: (.*)", r"꼭 필요한 인자가 빠졌습니다: \1"),
        (r"unrecognized arguments: (.*)", r"알 수 없는 인자입니다: \1"),
        (r"argument (\S+): (.*)", r"\1: \2"),
    ]

    def error(self, message):
        for pattern, korean in self.PATTERNS:
            if re.match(pattern, message):
                message = re.sub(pattern, korean, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"오류: {message}\n사용법은 {self.prog} --help 로 볼 수 있습니다.\n")


def number_type(convert, ok, rule, example):
    """argparse 형식: 글자를 convert로 바꾸고, ok(값)이 아니면 규칙과 받은 값을 말한다 (학습 전에 막는다)."""
    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not ok(value):
            raise argparse.ArgumentTypeError(f"{rule} (받은 값: {text!r}, 예: {example}).")
        return value
    return parse


# --model 이름 → 학습 설정(train.TRAINING_PRESETS) 이름
MODEL_PRESETS = {"mlp": "mnist", "cgan": "mnist-cgan", "dcgan": "mnist-dcgan"}

positive_int = number_type(int, lambda v: v > 0, "1 이상의 정수여야 합니다", "10")
positive_float = number_type(float, lambda v: 0 < v < float("inf"), "0보다 큰 유한한 수여야 합니다", "2e-4")
probability = number_type(float, lambda v: 0 <= v <= 1, "0과 1 사이의 수여야 합니다", "0.9")


def build_parser():
    parser = KoreanArgumentParser(
        prog="python -m gan_utils",
        description="GAN 강의 키트 명령줄 (GAN course kit command line)")
    sub = parser.add_subparsers(dest="command", required=True)
    # 여러 명령에 같은 뜻으로 붙는 옵션은 여기서 한 번만 적고 parents=[...]로 나눠 준다 (설명이 어긋나지 않도록)
    runtime = _options(("--device", dict(default="auto", help="auto, cpu, cuda, mps (기본 auto)")),
                       ("--seed", dict(type=int, default=0, help="난수 시드 (random seed)")))
    data_dir = _options(("--data-dir", dict(help="데이터 폴더 (기본: 환경 변수 GAN_DATA_DIR, 없으면 ./data)")))
    checkpoint_in = _options(("--checkpoint", dict(required=True, help="체크포인트 파일 (checkpoint file)")))
    overwrite = _options(("--overwrite", dict(action="store_true",
                                              help="이미 있는 결과를 덮어쓴다 (overwrite existing output)")))
    quiet = _options(("--quiet", dict(action="store_true", help="진행 막대를 숨긴다 (hide the progress bar)")))

    p = sub.add_parser("train", parents=[runtime, data_dir, overwrite, quiet], help="GAN을 학습시킨다 (train a GAN)",
                       description="GAN을 학습시키고 체크포인트와 표본 그림을 저장한다 (train a GAN, save a checkpoint and samples).")
    p.add_argument("dataset", choices=["gaussian", "mnist", "fashion-mnist"], help="데이터 (dataset)")
    p.add_argument("--model", choices=sorted(MODEL_PRESETS), default="mlp",
                   help="mlp: 강의 4의 MLP, cgan: 숫자를 골라 그리는 조건부 GAN, dcgan: 합성곱 GAN (기본 mlp)")
    p.add_argument("--preset", choices=sorted(train.TRAINING_PRESETS),
                   help="학습 설정 이름 (기본: gaussian, 아니면 --model에 맞는 것); mnist-textbook = z 128, 배치 512")
    p.add_argument("--epochs", type=positive_int, help="에폭 수 (number of epochs)")
    p.add_argument("--batch-size", type=positive_int, help="배치 크기 (batch size)")
    p.add_argument("--lr-g", type=positive_float, help="생성자 학습률 (generator learning rate)")
    p.add_argument("--lr-d", type=positive_float, help="판별자 학습률 (discriminator learning rate)")
    p.add_argument("--real-target", type=probability, help="진짜 목표 레이블, 0.9면 레이블 스무딩 (real label)")
    p.add_argument("--steps-per-epoch", type=positive_int, help="에폭당 최대 단계 수: 빠른 점검용 (max steps per epoch)")
    p.add_argument("--precision", choices=PRECISIONS, default="auto",
                   help="auto: bf16을 직접 계산하는 CPU·GPU에서 잰 결과 빠르면 bf16 혼합 정밀도, 아니면 fp32 (기본 auto)")
    p.add_argument("--limit", type=positive_int, help="MNIST에서 앞의 N장만 쓴다: 빠른 점검용 (use the first N images)")
    p.add_argument("--out", help="결과 폴더 (기본: runs/<데이터>-<시각>)")
    p.add_argument("--resume", action="store_true",
                   help="--out 폴더의 체크포인트에서 이어서 --epochs까지 학습한다 (resume the run in --out)")

    x = sub.add_parser("export", parents=[checkpoint_in, overwrite],
                       help="체크포인트에서 생성자만 작은 파일로 꺼낸다 (export the generator)",
                       description="학습 체크포인트에서 생성자(EMA가 있으면 EMA) 가중치만 float16으로 저장한다.")
    x.add_argument("--out", required=True, help="저장할 파일 (output file)")

    s = sub.add_parser("sample", parents=[checkpoint_in, runtime, overwrite],
                       help="저장된 생성자로 표본을 만든다 (sample from a checkpoint)",
                       description="체크포인트의 생성자로 N개를 만들어 N×차원 float32 배열(.npy)로 저장한다.")
    s.add_argument("--n", type=positive_int, default=10_000, help="만들 표본 수 (number of samples)")
    s.add_argument("--label", type=int, help="조건부 생성자에게 그리게 할 클래스 (예: 7). 주지 않으면 0~9를 고르게")
    s.add_argument("--out", required=True, help="저장할 .npy 파일 (output .npy file)")

    c = sub.add_parser("train-classifier", parents=[runtime, data_dir, overwrite, quiet],
                       help="품질 측정용 분류기를 학습시킨다 (train the evaluation classifier)",
                       description="진짜 데이터로 작은 CNN 분류기를 학습시키고 float16 가중치로 저장한다.")
    c.add_argument("dataset", choices=["mnist", "fashion-mnist"], help="데이터 (dataset)")
    c.add_argument("--epochs", type=positive_int, default=8, help="에폭 수 (기본 8)")
    c.add_argument("--out", help="저장할 파일 (기본: 키트의 gan_utils/pretrained/ 안)")

    e = sub.add_parser("evaluate", parents=[checkpoint_in, runtime, data_dir],
                       help="저장된 생성자의 품질을 잰다 (evaluate a generator checkpoint)",
                       description="분류기 클래스 분포, 분류기 특징의 프레셰 거리, 파첸 창 로그 가능도를 한 줄에 하나씩 출력한다.")
    e.add_argument("--dataset", choices=["mnist", "fashion-mnist"],
                   help="데이터 (기본: 체크포인트에 적힌 데이터)")
    e.add_argument("--n", type=positive_int, default=10_000, help="생성할 표본 수 (기본 10000)")
    e.add_argument("--no-parzen", action="store_true", help="파첸 창 평가를 건너뛴다 (시간이 가장 오래 걸린다)")
    return parser


def _options(*specs):
    """옵션 묶음 하나 (add_help=False): 하위 명령에 parents=[...]로 붙인다. specs: (옵션 이름, add_argument 인자)."""
    group = argparse.ArgumentParser(add_help=False)
    for flag, kwargs in specs:
        group.add_argument(flag, **kwargs)
    return group


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        figures = COMMANDS[args.command](args)
    except (ValueError, TypeError, FileNotFoundError, FileExistsError, PermissionError, FloatingPointError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    except checkpoint.TrainingInterrupted as exc:
        print(f"\n{exc}\n명령줄에서 이어서 하려면 같은 명령에 --resume을 붙이세요.", file=sys.stderr)
        return 130  # Ctrl+C로 멈춘 프로그램의 관례적인 종료 코드
    for name, value in figures.items():
        print(f"{name}: {value:.6g}" if isinstance(value, float) else f"{name}: {value}")
    return 0


def run_train(args):
    if args.dataset == "gaussian" and args.model != "mlp":
        raise ValueError(f"--model {args.model}은(는) 이미지 데이터(mnist, fashion-mnist)에만 쓸 수 있습니다.")
    preset_name = args.preset or ("gaussian" if args.dataset == "gaussian" else MODEL_PRESETS[args.model])
    if (args.dataset == "gaussian") != (preset_name == "gaussian"):
        raise ValueError(f"--preset {preset_name}은(는) 데이터 {args.dataset}에 쓸 수 없습니다.")
    preset_model = next((kind for kind, name in MODEL_PRESETS.items() if name == preset_name), "mlp")
    if args.preset and args.model != "mlp" and preset_model != args.model:
        raise ValueError(f"--preset {preset_name}과(와) --model {args.model}이 서로 다른 모델입니다. 둘 중 하나만 주세요.")
    config = dict(train.TRAINING_PRESETS[preset_name])
    overrides = dict(epochs=args.epochs, batch_size=args.batch_size, lr_g=args.lr_g, lr_d=args.lr_d,
                     real_target=args.real_target, steps_per_epoch=args.steps_per_epoch)
    config.update({key: value for key, value in overrides.items() if value is not None})
    out = Path(args.out) if args.out else Path("runs") / f"{args.dataset}-{time.strftime('%Y%m%d-%H%M%S')}"
    ckpt_path = out / "checkpoint.pt"
    if args.resume and not ckpt_path.exists():
        raise FileNotFoundError(f"--resume: 이어서 학습할 체크포인트가 없습니다: {ckpt_path}. --out을 확인하세요.")
    if ckpt_path.exists() and not (args.overwrite or args.resume):
        raise FileExistsError(f"{out}에 이미 학습 결과가 있습니다. 다른 --out을 주거나, 이어서 학습하려면 --resume, "
                              "덮어쓰려면 --overwrite를 붙이세요.")
    out.mkdir(parents=True, exist_ok=True)

    device = get_device(args.device)
    G, D = models.build_models(config.pop("model"), init=args.dataset != "gaussian", seed=args.seed)
    G_ema = copy.deepcopy(G) if config.get("ema_decay") else None
    if args.dataset == "gaussian":
        # 아주 작은 모델은 스레드 하나가 더 빠르다: 여러 스레드가 서로 기다리는 시간이 계산보다 길다
        # (다른 프로그램이 CPU를 함께 쓸 때 2스레드는 몇 배 느려졌다).
        torch.set_num_threads(1)
        real_data = lambda n: data.sample_real_1d(n)  # noqa: E731  매 단계 새 표본을 뽑는다
    else:
        real_data, labels = data.load_mnist(args.dataset, train=True, data_dir=args.data_dir, device=device,
                                            limit=args.limit)
        if G.num_classes:  # 조건부 GAN은 진짜 그림의 클래스도 함께 학습한다
            config["labels"] = labels
    epochs = config.pop("epochs")
    # 처음 몇 에폭은 빨리 바뀌므로 촘촘하게, 그 뒤로는 10에폭마다 (진행 GIF와 에폭별 격자 그림용)
    snapshots = sorted({1, 2, 3, 5, epochs} | set(range(10, epochs + 1, 10)))
    start = time.perf_counter()
    meta = {"dataset": args.dataset, "preset": preset_name, "model": preset_model, "limit": args.limit}
    history = train.train_gan(G, D, real_data, epochs=epochs, **config, G_ema=G_ema, snapshot_epochs=snapshots,
                              checkpoint_path=ckpt_path, resume=ckpt_path if args.resume else None,
                              overwrite=args.overwrite, meta=meta, seed=args.seed, device=device,
                              precision=args.precision, progress=not args.quiet)
    seconds = time.perf_counter() - start
    # train_gan이 고른 정밀도: 고른 결과는 프로세스 안에 기억되어 있어 다시 재지 않는다
    precision = choose_precision(args.precision, device, D, config["batch_size"]).name

    figures = {"epochs": epochs, "precision": precision, "loss_D": history["loss_D"][-1], "loss_G": history["loss_G"][-1],
               "D_x": history["D_x"][-1], "D_G_z": history["D_G_z"][-1]}
    if args.dataset == "gaussian":
        import matplotlib
        matplotlib.use("Agg")  # 창을 띄우지 않고 파일로만 그린다
        import matplotlib.pyplot as plt
        plots.use_lesson_style()
        real = data.sample_real_1d(10_000, generator=torch.Generator().manual_seed(args.seed + 123))
        fake = train.generate(G, 10_000, seed=args.seed + 7).cpu()
        figures.update(kl_hist=metrics.kl_divergence_hist(real, fake, bins=100),
                       kl_gauss=metrics.kl_gaussian_fit(real, fake),
                       gen_mean=fake.mean().item(), gen_std=fake.std().item())
        ax = plots.plot_density_1d(real, fake, D.cpu(), title="학습 후: 진짜 분포, 생성자 분포, D(x)")
        ax.figure.savefig(out / "samples.png", bbox_inches="tight")
        plt.close(ax.figure)
    else:
        # 이미지 격자는 PIL로 바로 저장한다: matplotlib을 불러오는 데만 0.5초쯤 든다
        plots.save_image_grid(history["snapshots"][-1], out / "samples.png", label=f"{epochs}에폭 뒤 생성된 표본")
    figures.update(train_seconds=seconds, checkpoint=str(ckpt_path))
    return figures


def run_train_classifier(args):
    out = Path(args.out) if args.out else classifier.PRETRAINED_DIR / classifier.CLASSIFIER_FILES[args.dataset]
    if not args.out and not os.access(out.parent, os.W_OK):  # 읽기 전용으로 설치된 키트 (예: 수업 서버)
        raise PermissionError(f"기본 저장 위치 {out.parent}에 쓸 수 없습니다 (키트가 읽기 전용으로 설치됨). "
                              "--out 파일.pt 로 저장할 파일을 직접 주세요.")
    _refuse_overwrite(out, args)
    model, acc, seconds = classifier.train_classifier(args.dataset, epochs=args.epochs, data_dir=args.data_dir,
                                                      seed=args.seed, device=get_device(args.device),
                                                      progress=not args.quiet)
    classifier.save_classifier(model.cpu(), out, meta={"dataset": args.dataset, "test_accuracy": acc,
                                                       "epochs": args.epochs, "seed": args.seed})
    return {"test_accuracy": acc, "train_seconds": seconds, "out": str(out)}


def run_evaluate(args):
    check_int(args.n, "--n", low=2, high=10_000)
    G = checkpoint.load_generator(args.checkpoint, device=args.device)
    dataset = args.dataset or checkpoint.read_checkpoint_meta(args.checkpoint).get("dataset", "mnist")
    if dataset not in classifier.CLASSIFIER_FILES:
        raise ValueError(f"이 체크포인트의 데이터({dataset})는 이미지 데이터가 아니라서 평가할 수 없습니다.")
    start = time.perf_counter()
    figures = metrics.evaluate_generator(G, dataset, n=args.n, data_dir=args.data_dir, seed=args.seed,
                                         parzen=not args.no_parzen)
    if G.num_classes:  # 조건부 생성자: 클래스마다 요청한 대로 그렸는지 (혼동 행렬과 클래스별 FID)
        figures.update(metrics.conditional_figures(G, dataset, n_per_class=min(args.n, 1000), data_dir=args.data_dir,
                                                   seed=args.seed))
    return {"dataset": dataset, "samples": args.n, **figures, "eval_seconds": time.perf_counter() - start}


def _refuse_overwrite(path, args):
    if Path(path).exists() and not args.overwrite:
        raise FileExistsError(f"--out: {path}가 이미 있어 덮어쓰지 않고 멈춥니다. 다른 --out을 주거나 --overwrite를 붙이세요.")


def run_export(args):
    _refuse_overwrite(args.out, args)
    out = checkpoint.export_generator(args.checkpoint, args.out)
    return {"out": str(out), "bytes": out.stat().st_size}


def run_sample(args):
    _refuse_overwrite(args.out, args)
    G = checkpoint.load_generator(args.checkpoint, device=args.device)
    if args.label is not None and not G.num_classes:
        raise ValueError(f"--label: {args.checkpoint}의 생성자는 조건부가 아니라서 클래스를 고를 수 없습니다. "
                         "조건부 GAN(train --model cgan)으로 만든 체크포인트를 주거나 --label을 빼세요.")
    if args.label is not None and not 0 <= args.label < G.num_classes:
        raise ValueError(f"--label은 0부터 {G.num_classes - 1}까지의 클래스여야 합니다 (받은 값: {args.label}).")
    samples = train.generate(G, args.n, seed=args.seed, labels=args.label).float().cpu().numpy()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, samples)
    return {"samples": args.n, "shape": "x".join(map(str, samples.shape)),
            "min": float(samples.min()), "max": float(samples.max()), "out": str(out)}


COMMANDS = {"train": run_train, "sample": run_sample, "evaluate": run_evaluate, "export": run_export,
            "train-classifier": run_train_classifier}
