"""gan_utils: GAN 강의 키트의 공용 패키지.

강의 노트북이 가져다 쓰는 부품을 개념별 모듈로 나누어 둔다.
data(데이터), models(모델), losses(손실), train(학습 루프), checkpoint(저장·이어 학습), device(장치),
metrics(지표), plots(그림), checks(연습 문제 채점), counterfeit(1강 모형), minimax(2강 수학), widgets(위젯).
가져오기(import)만으로는 아무 일도 일어나지 않는다: 시드, 글꼴, 내려받기는 부를 때만 한다.
"""
from .checkpoint import load_checkpoint, save_checkpoint
from .data import iterate_batches, load_mnist, sample_mixture_1d, sample_noise, sample_real_1d
from .device import get_device
from .losses import discriminator_loss, generator_loss, optimal_discriminator, value_function
from .metrics import js_divergence_hist, kl_divergence_hist, kl_gaussian_fit, kl_normal
from .models import Discriminator, Generator, build_models, weights_init
from .train import generate, train_gan

__version__ = "0.1.0"
