"""gan_utils: GAN 강의 키트의 공용 패키지.

강의 노트북이 가져다 쓰는 부품을 개념별 모듈로 나누어 둔다.
data(데이터), models(모델), losses(손실), train(학습 루프), checkpoint(저장·이어 학습), device(장치),
metrics(지표), plots(그림).
가져오기(import)만으로는 아무 일도 일어나지 않는다: 시드, 글꼴, 내려받기는 부를 때만 한다.
아래 이름들은 ``from gan_utils import train_gan``처럼 패키지에서 바로 가져올 수 있다. 처음 쓸 때 그 모듈을
불러온다: ``import gan_utils.data``가 학습 루프(train)까지 끌어오지 않도록.
"""
import importlib

_EXPORTS = {
    "data": ("iterate_batches", "load_mnist", "sample_mixture_1d", "sample_noise", "sample_real_1d"),
    "losses": ("discriminator_loss", "generator_loss", "optimal_discriminator", "value_function"),
    "metrics": ("js_divergence_hist", "kl_divergence_hist", "kl_gaussian_fit", "kl_normal"),
    "models": ("Discriminator", "Generator", "build_models", "weights_init"),
    "train": ("generate", "train_gan"),
    "checkpoint": ("load_checkpoint", "save_checkpoint"),
    "device": ("get_device",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_MODULE_OF)
__version__ = "0.1.0"


def __getattr__(name):
    if name in _MODULE_OF:
        return getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
