"""GAN 강의 키트 실행기: 가상환경을 만들고 필요한 패키지를 설치한 뒤 강의나 테스트를 연다.

    python3 kit.py lessons   # 설치 후 JupyterLab으로 강의 노트북 열기
    python3 kit.py test      # 설치 후 모든 테스트 실행 (pytest, papermill, nbval 비교)
    python3 kit.py slides    # 설치 후 강의마다 슬라이드와 읽기 페이지를 build/slides/에 만들기
    python3 kit.py student   # 강사용 노트북에서 정답을 지운 학생용 사본을 notebooks/student/에 다시 만들기
    python3 kit.py runtimes  # 강의마다 저장된 노트북의 실행 시간 표를 docs/teachers_guide.md에 다시 쓰기
    python3 kit.py grade 제출물/  # 학생들이 낸 노트북을 nbgrader로 채점해 제출물-grades/에 성적표(CSV, JSON, HTML) 쓰기

slides, student, runtimes, grade는 강의 준비 도구(저장소 맨 위의 course/ 폴더)를 키트의 가상환경으로 실행한다.
뒤에 그 도구의 옵션을 붙일 수 있다 (예: slides --execute, --only 01, --solutions; runtimes --check;
grade --out 성적/ --cell-timeout 60; 모두 --help).

설치 목록은 pyproject.toml 한 곳에 있다. 명령마다 필요한 것만 설치한다: lessons는 gan_utils와 JupyterLab([lessons]),
slides·student·runtimes·grade는 강의 준비 도구([course])까지, test는 테스트 도구([test])까지.
pyproject.toml이 바뀌었을 때나 그 명령에 필요한 묶음이 아직 없을 때만 설치한다 (두 번째 실행부터는 바로 시작).
root로 실행하면 lessons는 JupyterLab에 --allow-root를 붙인다 (컨테이너나 수업 서버에서 흔하다).
가상환경 위치는 환경 변수 GAN_KIT_VENV로 바꿀 수 있다 (기본값: 저장소의 .venv).
student와 runtimes는 저장된 노트북만 읽고 쓰므로, 키트의 가상환경 안에서 부르면 설치를 확인하지 않고 바로 실행한다.
runtimes는 노트북을 다시 실행하지 않는다: 저장된 노트북의 실행 기록을 읽을 뿐이다. 노트북을 다시 실행해 저장했으면
이 명령으로 안내서의 표를 고친다 (`--check`: 고치지 않고 표가 최신인지만 본다).
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("GAN_KIT_VENV", ROOT / ".venv")).resolve()
STAMP = VENV / ".gan-kit-installed"  # 한 줄에 "pyproject.toml의 해시 설치한,묶음,이름"
# 명령마다 설치할 pyproject.toml의 optional-dependencies 묶음 (뒤 명령일수록 앞의 것을 포함한다)
EXTRAS = {"lessons": ("lessons",), "slides": ("lessons", "course"), "student": ("lessons", "course"),
          "runtimes": ("lessons", "course"), "grade": ("lessons", "course"), "test": ("lessons", "course", "test")}
# 강의 준비 도구 (course/): 명령 → `python -m` 으로 실행할 모듈
COURSE = {"slides": "course.slides", "student": "course.student", "runtimes": "course.runtimes", "grade": "course.grade"}
QUICK = ("student", "runtimes")  # 저장된 노트북만 읽고 쓰는 명령: 키트의 가상환경 안이면 설치 확인 없이 바로 (몇 초)
COMMANDS = ("lessons", "test", *COURSE)


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    name = "python.exe" if os.name == "nt" else "python"
    return VENV / scripts / name


def requirements_hash() -> str:
    """설치 목록(pyproject.toml)의 해시. requirements.txt는 pyproject를 가리키기만 하므로 넣지 않는다."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def install_extras(command: str) -> tuple[str, ...]:
    """command에 필요한 optional-dependencies 묶음."""
    return EXTRAS.get(command, EXTRAS["test"])


def stamp_covers(stamp_text: str, wanted: str, extras) -> bool:
    """STAMP 글에 지금 pyproject(wanted)로 extras를 모두 포함하는 설치 기록이 있는가."""
    for line in stamp_text.splitlines():
        digest, _, done = line.strip().partition(" ")
        if digest == wanted and set(extras) <= set(filter(None, done.split(","))):
            return True
    return False


def stamp_after_install(stamp_text: str, wanted: str, extras) -> str:
    """extras를 설치한 뒤의 STAMP 글: 지금 pyproject의 기록만 남기고 한 줄을 더한다 (옛 해시의 줄은 버린다)."""
    keep = [line.strip() for line in stamp_text.splitlines() if line.strip().partition(" ")[0] == wanted]
    return "\n".join([*keep, f"{wanted} {','.join(sorted(extras))}"]) + "\n"


def ensure_installed(extras=EXTRAS["test"]) -> Path:
    """키트의 가상환경을 만들고 `pip install -e .[extras]`로 gan_utils와 extras 묶음을 설치한다 (이미 했으면 건너뜀)."""
    if sys.version_info < (3, 10):
        sys.exit(f"파이썬 3.10 이상이 필요합니다 (지금: {sys.version.split()[0]}). "
                 "python.org에서 3.11을 설치한 뒤 다시 실행하세요.")
    py = venv_python()
    if not py.exists():
        print(f"[kit] 가상환경을 만듭니다: {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = requirements_hash()
    old = STAMP.read_text() if STAMP.exists() else ""
    if stamp_covers(old, wanted, extras):
        return py
    print(f"[kit] 패키지를 설치합니다: gan_utils[{','.join(extras)}] (처음 한 번은 몇 분 걸립니다)...", flush=True)
    cmd = [str(py), "-m", "pip", "install", "--disable-pip-version-check",
           "-e", f"{ROOT}[{','.join(extras)}]"]
    if subprocess.call(cmd) != 0:
        sys.exit("[kit] 패키지 설치에 실패했습니다. 위의 pip 메시지를 확인하고 "
                 "인터넷(패키지 저장소) 연결을 점검한 뒤 다시 실행하세요.")
    STAMP.write_text(stamp_after_install(old, wanted, extras))
    return py


def lessons_command(py, rest=()) -> list[str]:
    """JupyterLab을 여는 명령. root(POSIX의 유효 사용자 0)면 --allow-root를 붙이고 한 줄로 알린다:
    JupyterLab은 root로는 'Running as root is not recommended'라며 시작하지 않는다."""
    cmd = [str(py), "-m", "jupyter", "lab", f"--notebook-dir={ROOT / 'notebooks'}", *rest]
    if getattr(os, "geteuid", None) and os.geteuid() == 0 \
            and not any(arg.startswith("--allow-root") for arg in rest):
        print("[kit] root로 실행 중이라 JupyterLab에 --allow-root를 붙입니다 "
              "(수업 서버에서는 학생마다 일반 사용자로 여는 것이 안전합니다).", flush=True)
        cmd.append("--allow-root")
    return cmd


def child_env(command: str) -> dict:
    env = dict(os.environ)
    # 노트북은 notebooks/ 안에서 실행되므로 상대 경로를 미리 절대 경로로 바꿔 둔다.
    # 강의와 슬라이드(--execute)는 기본으로 저장소의 data/ 폴더를 쓰고, 테스트는 정하지 않으면 tests/conftest.py가 고른다.
    data_dir = env.get("GAN_DATA_DIR") or (str(ROOT / "data") if command in ("lessons", "slides") else "")
    if data_dir:
        env["GAN_DATA_DIR"] = str(Path(data_dir).expanduser().resolve())
    return env


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command in QUICK and Path(sys.prefix).resolve() == VENV:
        py = Path(sys.executable)  # 이미 키트의 가상환경 안: 설치를 확인하지 않는다
    else:
        py = ensure_installed(install_extras(command))
    env = child_env(command)
    if command == "lessons":
        cmd = lessons_command(py, rest)
    elif command in COURSE:
        cmd = [str(py), "-m", COURSE[command], *rest]  # cwd=ROOT: 저장소 맨 위의 course/를 import한다
        if command == "grade":
            env["GAN_KIT_CWD"] = os.getcwd()  # 제출 폴더 같은 상대 경로는 명령을 부른 폴더에서 찾는다
    else:
        cmd = [str(py), "-m", "pytest", *rest]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
