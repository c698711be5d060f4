"""테스트 공통 설정: 데이터는 ../shared/data(또는 GAN_DATA_DIR)에서만 읽고, 내려받지 않는다."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
import torch

from gan_utils.plots import setup_korean_font
from kernel_replies import wait_for_replies_in_slices

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
# 이 프로세스 안에서 노트북을 실행하는 테스트(papermill)가 이미 온 커널 응답을 놓치고 셀 제한 시간까지 멈추지 않도록
wait_for_replies_in_slices()


def find_chromium():
    """브라우저 테스트가 쓸 Chromium: 환경 변수 GAN_CHROMIUM, /usr/bin/chromium, PATH 순서. 없으면 None."""
    candidates = [os.environ.get("GAN_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


# ---------------------------------------------------------------- 여러 테스트 파일이 함께 쓰는 도우미
# 테스트 파일에서 `from conftest import has_hangul, run_cli, run_kit, run_checker, parse_figures, require_chromium`으로
# 가져온다 (tests/에 __init__.py가 없어 pytest가 tests/를 sys.path 앞에 넣는다).
HANGUL_RE = re.compile("[\uac00-\ud7a3]")  # 한글 음절 (가 ~ 힣)


def has_hangul(text):
    """text에 한글 음절이 하나라도 있으면 True (한국어 메시지·제목인지 보는 검사)."""
    return bool(HANGUL_RE.search(str(text)))


def run_cli(*args, cwd=None, env=None, timeout=600):
    """`python -m gan_utils ARGS...`를 하위 프로세스로 실행하고 subprocess.CompletedProcess를 돌려준다 (실패해도 예외 없음)."""
    return subprocess.run([sys.executable, "-m", "gan_utils", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def run_kit(*args, env=None, timeout=120):
    """`python3 kit.py ARGS...`를 저장소 맨 위에서 하위 프로세스로 실행하고 subprocess.CompletedProcess를 돌려준다 (실패해도 예외 없음).

    GAN_KIT_VENV를 지금 파이썬의 가상환경으로 두므로 kit.py는 키트의 가상환경 안이라 여기고 설치 확인 없이 바로 명령을 실행한다.
    env에 준 값은 os.environ과 이 값 위에 덮어쓴다.
    """
    env = {**os.environ, "GAN_KIT_VENV": sys.prefix, **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "kit.py"), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def run_checker(checker, fn, seed=0, **kwargs):
    """채점기 checker로 학생 답 fn을 조용히(verbose=False) 채점해 CheckResult를 돌려준다.

    통과든 실패든 결과는 CheckResult이고 메시지는 한국어여야 한다 (두 가지를 여기서 함께 확인한다).
    kwargs는 채점기에 그대로 넘긴다.
    """
    from gan_utils.checks.core import CheckResult
    result = checker(fn, seed=seed, verbose=False, **kwargs)
    assert isinstance(result, CheckResult)
    assert has_hangul(result.message)
    return result


def parse_figures(text):
    """`이름: 값` 꼴의 줄들을 {이름: 값(문자열)}으로 읽는다 (CLI·벤치마크·노트북 요약 칸의 출력). 다른 줄은 건너뛴다."""
    return dict(line.strip().split(": ", 1) for line in str(text).splitlines() if ": " in line)


MISSING_CHROMIUM = (
    "브라우저 검사에 Chromium이 필요한데 찾지 못했습니다 (찾아본 곳: 환경 변수 GAN_CHROMIUM, "
    "/usr/bin/chromium, PATH의 chromium·chromium-browser).\n"
    "  - 데비안/우분투: sudo apt-get install chromium fonts-nanum fonts-noto-color-emoji\n"
    "  - 다른 곳에 있는 Chromium이나 Chrome: GAN_CHROMIUM=/실행/파일/경로\n"
    "  - 브라우저 검사를 일부러 건너뛰려면: GAN_SKIP_BROWSER=1")
MISSING_PLAYWRIGHT = ("브라우저 검사에 파이썬 패키지 playwright가 필요합니다: "
                      "`python3 kit.py test`로 테스트 묶음을 설치하거나 `pip install -e \".[test]\"`를 실행하세요. "
                      "(`playwright install`은 필요 없습니다: 브라우저는 시스템의 chromium을 씁니다.)")


def in_ci():
    """CI에서 도는지: 환경 변수 CI가 비어 있지 않고 0/false/no가 아니면 True."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium():
    """브라우저 검사가 쓸 Chromium 경로. 규칙 하나 (브라우저·슬라이드·맞춤 테스트가 모두 따른다):

    - GAN_SKIP_BROWSER=1이면 건너뛴다.
    - Chromium이나 playwright가 없으면 CI(환경 변수 CI)에서는 설치 방법을 말하며 실패하고,
      그 밖(학생·강사 컴퓨터)에서는 같은 안내와 함께 건너뛴다.
    """
    if os.environ.get("GAN_SKIP_BROWSER", "") not in ("", "0"):
        pytest.skip(f"GAN_SKIP_BROWSER={os.environ['GAN_SKIP_BROWSER']}: 브라우저 검사를 건너뜁니다")
    chromium = find_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = MISSING_PLAYWRIGHT
    else:
        missing = None if chromium else MISSING_CHROMIUM
    if missing:
        if in_ci():
            pytest.fail(missing, pytrace=False)
        pytest.skip(missing)
    return chromium


@pytest.fixture(autouse=True)
def korean_font_and_fresh_figures():
    """모든 테스트: 시작할 때 한글 글꼴을 다시 고르고 (앞 테스트가 rcParams를 바꿨어도 한글 글자 없음 경고가 나지 않도록),
    끝나면 열린 그림을 모두 닫는다 (그림이 쌓여 메모리를 먹거나 다음 테스트의 plt.gca()에 섞이지 않도록)."""
    import matplotlib.pyplot as plt
    setup_korean_font()
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def ipywidgets():
    """ipywidgets 모듈. 없으면 이 준비물을 받는 (위젯) 테스트만 건너뛴다: 같은 파일의 순수 계산 테스트는 언제나 돈다."""
    return pytest.importorskip("ipywidgets")


@pytest.fixture(scope="session")
def chromium_path():
    """require_chromium()의 결과 (없으면 CI에서는 실패, 그 밖에서는 건너뜀)."""
    return require_chromium()


@pytest.fixture(scope="session")
def saved_lesson_build(tmp_path_factory):
    """저장된 출력으로 만든 모든 강의의 슬라이드·페이지 파일 (경로 목록). test_slides와 test_slide_fit이 함께 써서
    같은 덱을 두 번 만들지 않는다 (한 번에 10초 넘게 든다). 테스트는 이 파일들을 읽기만 한다."""
    from course.slides import build_lessons
    return build_lessons(Path(__file__).resolve().parent.parent / "notebooks", tmp_path_factory.mktemp("slides"),
                         log=lambda *_: None)


@pytest.fixture(scope="session")
def mnist_small():
    """MNIST 학습 데이터 앞 2,048장 (여러 테스트가 함께 쓴다)."""
    from gan_utils.data import load_mnist
    return load_mnist("mnist", train=True, limit=2048)
