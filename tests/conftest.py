"""테스트 공통 설정: 데이터는 ../shared/data(또는 GAN_DATA_DIR)에서만 읽고, 내려받지 않는다."""
import os
import shutil
from pathlib import Path

import matplotlib
import pytest
import torch

from gan_utils.plots import setup_korean_font

ROOT = Path(__file__).resolve().parent.parent

if not os.environ.get("GAN_DATA_DIR"):
    # CI와 개발 환경은 저장소 옆의 shared/data, 학생 컴퓨터는 저장소의 data/ 를 쓴다.
    shared = ROOT.parent / "shared" / "data"
    os.environ["GAN_DATA_DIR"] = str(shared if shared.is_dir() else ROOT / "data")
os.environ["GAN_DATA_DIR"] = str(Path(os.environ["GAN_DATA_DIR"]).resolve())
os.environ["GAN_DOWNLOAD"] = "0"  # 테스트는 절대 내려받지 않는다
matplotlib.use("Agg")  # 환경 변수로 정하지 않는다: 노트북 커널이 물려받으면 인라인 그림이 사라진다
setup_korean_font()  # 그림을 그리는 테스트가 한글 글자 없음 경고를 쏟아내지 않도록 강의와 같은 글꼴을 쓴다
# 테스트의 모델은 작아서 스레드 하나가 빠르고, CPU를 함께 쓰는 다른 일이 있어도 느려지지 않는다.
torch.set_num_threads(1)


def find_chromium():
    """브라우저 테스트가 쓸 Chromium: 환경 변수 GAN_CHROMIUM, /usr/bin/chromium, PATH 순서. 없으면 None."""
    candidates = [os.environ.get("GAN_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def mnist_small():
    """MNIST 학습 데이터 앞 2,048장 (여러 테스트가 함께 쓴다)."""
    from gan_utils.data import load_mnist
    return load_mnist("mnist", train=True, limit=2048)
