"""GAN 강의 키트 실행기: 가상환경을 만들고 필요한 패키지를 설치한 뒤 강의나 테스트를 연다.

    python3 kit.py lessons   # 설치 후 JupyterLab으로 강의 노트북 열기
    python3 kit.py slides    # 설치 후 강의마다 슬라이드와 읽기 페이지를 build/slides/에 만들기
    python3 kit.py test      # 설치 후 모든 테스트 실행 (pytest, papermill, nbval)

slides 뒤에는 `python -m gan_utils.slides`의 옵션을 붙일 수 있다 (예: --execute, --only 01, --solutions).

설치는 requirements.txt와 pyproject.toml이 바뀌었을 때만 다시 한다 (두 번째 실행부터는 바로 시작).
가상환경 위치는 환경 변수 GAN_KIT_VENV로 바꿀 수 있다 (기본값: 저장소의 .venv).
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("GAN_KIT_VENV", ROOT / ".venv")).resolve()
STAMP = VENV / ".gan-kit-installed"


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    name = "python.exe" if os.name == "nt" else "python"
    return VENV / scripts / name


def requirements_hash() -> str:
    h = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def ensure_installed() -> Path:
    if sys.version_info < (3, 10):
        sys.exit(f"파이썬 3.10 이상이 필요합니다 (지금: {sys.version.split()[0]}). "
                 "python.org에서 3.11을 설치한 뒤 다시 실행하세요.")
    py = venv_python()
    if not py.exists():
        print(f"[kit] 가상환경을 만듭니다: {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = requirements_hash()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return py
    print("[kit] 패키지를 설치합니다 (처음 한 번은 몇 분 걸립니다)...", flush=True)
    cmd = [str(py), "-m", "pip", "install", "--disable-pip-version-check",
           "-r", str(ROOT / "requirements.txt"), "-e", str(ROOT)]
    if subprocess.call(cmd) != 0:
        sys.exit("[kit] 패키지 설치에 실패했습니다. 위의 pip 메시지를 확인하고 "
                 "인터넷(패키지 저장소) 연결을 점검한 뒤 다시 실행하세요.")
    STAMP.write_text(wanted)
    return py


def child_env(command: str) -> dict:
    env = dict(os.environ)
    # 노트북은 notebooks/ 안에서 실행되므로 상대 경로를 미리 절대 경로로 바꿔 둔다.
    # 강의와 슬라이드(--execute)는 기본으로 저장소의 data/ 폴더를 쓰고, 테스트는 정하지 않으면 tests/conftest.py가 고른다.
    data_dir = env.get("GAN_DATA_DIR") or (str(ROOT / "data") if command in ("lessons", "slides") else "")
    if data_dir:
        env["GAN_DATA_DIR"] = str(Path(data_dir).expanduser().resolve())
    return env


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lessons", "slides", "test"):
        print(__doc__)
        return 2
    py = ensure_installed()
    command, rest = argv[0], argv[1:]
    env = child_env(command)
    if command == "lessons":
        cmd = [str(py), "-m", "jupyter", "lab", f"--notebook-dir={ROOT / 'notebooks'}", *rest]
    elif command == "slides":
        cmd = [str(py), "-m", "gan_utils.slides", *rest]
    else:
        cmd = [str(py), "-m", "pytest", *rest]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
