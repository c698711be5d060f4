"""반 전체 채점의 한 건(학생 하나 × 강의 하나): 임시 과정 폴더에서 ``nbgrader autograde``를 가둬서 실행하고 결과를 읽는다.

채점은 남이 쓴 코드를 교사의 컴퓨터에서 실행하는 일이라, 채점 프로세스마다:

- 임시 폴더에 과정 폴더의 사본(채점 기록부, 제출본 하나, 커널 설정)을 만든다. 정답이 든 강사용 원본은 넣지 않는다.
- 환경 변수를 물려주지 않고 새로 만든다 (비밀값 없음, HOME과 임시 폴더는 그 폴더 안).
- 메모리·CPU 시간·파일 크기에 한도를 두고(작은 시작 프로그램 LAUNCHER), root면 권한 없는 사용자 nobody로 바꾼다.
- 벽시계 제한을 넘기면 프로세스 그룹째 끄고, 학생 코드가 띄워 남긴 프로세스도 환경 변수의 표시로 찾아 끈다.
- 결과 파일은 링크를 따라가지 않고 크기를 제한해 읽는다.

nbgrader의 실행 단계는 키트의 ``course.execute.KitExecute``로 바꾼다 (과정 폴더마다 쓰는 nbgrader_config.py).
"""
import contextlib
import copy
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from time import monotonic

import nbformat

from .marks import clean, read_grades, tidy_marks
from .submissions import MAX_NOTEBOOK_BYTES

ROOT = Path(__file__).resolve().parent.parent
# 노트북 제한 시간에 더하는 벽시계 여유(초): nbgrader와 커널을 띄우고 정리하는 시간
STARTUP_MARGIN = 120
# 프로세스 한도를 정한 뒤 nbgrader를 실행하는 작은 시작 프로그램 (스레드가 있는 채점 프로세스에서 preexec_fn을 쓰지 않으려고)
LAUNCHER = """import json, os, resource, sys
for name, soft, hard in json.loads(sys.argv[1]):
    which = getattr(resource, name)
    top = resource.getrlimit(which)[1]
    if top != resource.RLIM_INFINITY:
        soft, hard = min(soft, top), min(hard, top)
    resource.setrlimit(which, (soft, hard))
os.execv(sys.argv[2], sys.argv[2:])
"""
NBGRADER_CONFIG = """# python3 kit.py grade가 만든 설정: nbgrader의 실행 단계(Execute)를 키트의 KitExecute로 바꾼다
import sys
sys.path.insert(0, {root!r})
from course.execute import KitExecute
from nbgrader.converters import Autograde

c = get_config()
c.CourseDirectory.course_id = "gan-kit"
c.Autograde.autograde_preprocessors = [KitExecute if p.__name__ == "Execute" else p
                                       for p in Autograde.class_traits()["autograde_preprocessors"].default()]
c.KitExecute.timeout = {cell_timeout}
c.KitExecute.notebook_timeout = {notebook_timeout}
c.KitExecute.interrupt_on_timeout = True
c.KitExecute.shutdown_kernel = "immediate"
"""


# ---------------------------------------------------------------- 누구로, 무엇을 물려주고, 어디까지
def sandbox_user():
    """root면 커널을 실행할 권한 없는 사용자 nobody의 (uid, gid), 아니면 None (지금 사용자 그대로)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:  # nobody가 없는 시스템: 리눅스에서 nobody의 관례적인 번호
        return 65534, 65534


def blocked_for_others(path):
    """다른 사용자(nobody)가 path에 닿지 못하게 막는 첫 경로, 없으면 None (권한의 '기타 사용자' 자리로 본다)."""
    path = Path(path).resolve()
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    need = stat.S_IROTH | stat.S_IXOTH if path.is_dir() else stat.S_IROTH
    return None if path.stat().st_mode & need == need else path


def sandbox_access_problem(settings):
    """nobody로 실행할 때 키트의 파이썬, nbgrader, 키트, 데이터 폴더를 읽을 수 있는지 미리 본다. 못 읽으면 한국어 안내."""
    import nbgrader
    needed = [Path(sys.executable).resolve(), Path(nbgrader.__file__).parent, ROOT / "gan_utils",
              *([Path(settings.data_dir)] if Path(settings.data_dir).is_dir() else [])]
    for path in needed:
        blocker = blocked_for_others(path)
        if blocker:
            return (f"root로 채점하면 학생 코드를 권한 없는 사용자 nobody로 실행하는데, nobody가 {path}에 닿을 수 "
                    f"없습니다 ({blocker}의 권한). `chmod o+rx {blocker}`로 열거나 키트와 데이터를 /opt처럼 "
                    "모두가 읽을 수 있는 곳에 두세요.")
    return None


def scrubbed_env(job, settings, token):
    """채점 프로세스의 환경 변수: 물려받지 않고 새로 만든다 (교사의 토큰·비밀값이 학생 코드에 보이지 않게)."""
    home = job / "home"
    threads = str(max(1, (os.cpu_count() or 1) // settings.jobs))  # 동시에 도는 커널끼리 코어를 나눠 쓴다
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home), "TMPDIR": str(job / "tmp"), "USER": "student", "LOGNAME": "student",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONNOUSERSITE": "1", "PYTHONIOENCODING": "utf-8",
        "MPLCONFIGDIR": str(home / ".matplotlib"), "IPYTHONDIR": str(home / ".ipython"),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_DATA_DIR": str(home / ".local/share/jupyter"),
        "JUPYTER_RUNTIME_DIR": str(home / ".local/share/jupyter/runtime"), "XDG_CACHE_HOME": str(home / ".cache"),
        "GAN_DATA_DIR": settings.data_dir, "GAN_DOWNLOAD": "0",
        "CUDA_VISIBLE_DEVICES": "",  # 채점은 CPU로: 메모리 한도(데이터 영역) 아래에서는 CUDA가 시작하지 못할 수 있다
        "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
        "GAN_KIT_GRADE_JOB": token,  # 채점이 끝난 뒤 남은 프로세스를 찾아 끄는 표시
    }


def limits(settings):
    """프로세스(와 그 커널)마다의 한도: 메모리(데이터 영역), CPU 시간, 파일 크기, 코어 파일. nobody면 프로세스 수도."""
    data = int(settings.memory_gb * 2**30)
    cpu = 2 * settings.notebook_timeout + 120  # 스레드 여럿이 쓴 시간도 더해지므로 벽시계 제한보다 넉넉하게
    table = [["RLIMIT_DATA", data, data], ["RLIMIT_CPU", cpu, cpu + 30], ["RLIMIT_FSIZE", 2**30, 2**30],
             ["RLIMIT_CORE", 0, 0]]
    if settings.user:
        table.append(["RLIMIT_NPROC", 1024, 1024])  # nobody의 프로세스·스레드 수 (포크 폭탄)
    return table


def kill_leftovers(token):
    """채점이 끝난 뒤에도 남은 프로세스(학생 코드가 띄운 것 포함)를 환경 변수의 표시로 찾아 끈다 (리눅스의 /proc)."""
    marker = f"GAN_KIT_GRADE_JOB={token}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int(entry.name) != os.getpid() and marker in entry.joinpath("environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):  # 그사이 끝난 프로세스, 읽을 수 없는 남의 프로세스
            continue


def user_processes(uid):
    """uid가 주인인 프로세스들의 (pid, 시작 시각) 집합 (리눅스의 /proc). 시작 시각까지 보아 pid 재사용에 속지 않는다."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if entry.stat().st_uid == uid:
                found.add((int(entry.name), entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[19]))
        except (OSError, ValueError, IndexError):  # 그사이 끝난 프로세스
            continue
    return found


def kill_new_processes(uid, before):
    """채점을 시작할 때(before) 없던 uid의 프로세스를 모두 끈다. 그 전부터 돌던 그 사용자의 프로세스는 건드리지 않는다."""
    for pid, _ in user_processes(uid) - before:
        with contextlib.suppress(OSError):  # 그사이 끝난 프로세스
            os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------- 결과를 안전하게 읽기
def inside(job, relative):
    """임시 폴더 안의 경로. 중간이나 끝이 링크면 OSError: 학생 코드가 결과 파일을 남의 파일의 링크로 바꿨을 수 있다."""
    path = job
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            raise OSError(f"링크: {relative}")
    return path


def safe_read(job, relative):
    """임시 폴더 안의 글 파일을 링크를 따라가지 않고, MAX_NOTEBOOK_BYTES까지만 읽는다."""
    fd = os.open(inside(job, relative), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise OSError("너무 큰 결과 파일")
    return data.decode("utf-8")


def nbgrader_points(job):
    """nbgrader 채점 기록부의 문제별 자동 점수 {grade_id: 점수} (키트의 판정과 견주어 보는 용도)."""
    with contextlib.closing(sqlite3.connect(f"{inside(job, 'gradebook.db').as_uri()}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT b.name, g.auto_score FROM grade g JOIN base_cell b ON g.cell_id = b.id").fetchall()
    return dict(rows)


def log_tail(path, lines=3):
    """nbgrader 기록의 마지막 오류 몇 줄 (없으면 마지막 몇 줄)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    interesting = [line for line in text.splitlines() if "ERROR" in line or "Error" in line] or text.splitlines()
    return clean(" / ".join(interesting[-lines:]), 600)


# ---------------------------------------------------------------- 채점 한 건
def build_mpl_cache(scratch):
    """matplotlib의 글꼴 목록을 한 번만 만들어 두고 채점마다 복사한다 (커널마다 글꼴을 다시 훑지 않도록).

    만들지 못해도 채점은 된다 (커널이 글꼴을 스스로 훑어 조금 느릴 뿐): 그래서 종료 코드를 보지 않는다.
    """
    cache = Path(scratch) / "mpl"
    cache.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "MPLCONFIGDIR": str(cache), "HOME": str(scratch)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return cache


def prepare_job(job, template, lesson, student, settings, mpl_cache):
    """채점 한 건의 과정 폴더: 템플릿의 gradebook.db 사본, 빈 source/<과제>/, submitted/<id>/<과제>/<강의 파일>,
    커널 설정과 matplotlib 캐시가 든 HOME. 채점 표시를 맞추며 생긴 한국어 알림 목록을 돌려준다."""
    from papermill.parameterize import parameterize_notebook
    # 채점에는 기록부(잠긴 칸의 원본, 배점)만 있으면 된다: 정답이 든 강사용 원본은 학생 코드가 닿는 곳에 두지 않는다
    (job / "source" / lesson.id).mkdir(parents=True)
    shutil.copyfile(Path(template) / "gradebook.db", job / "gradebook.db")
    (job / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(
        root=str(ROOT), cell_timeout=settings.cell_timeout, notebook_timeout=settings.notebook_timeout), encoding="utf-8")
    nb = copy.deepcopy(student.notebooks[lesson.id][1])
    notes = tidy_marks(nb, lesson)
    parameters = {} if settings.full else lesson.parameters
    if parameters:  # papermill이 읽은 노트북처럼 태그와 papermill 메타데이터 자리를 만들어 둔다
        nb.metadata.setdefault("papermill", {})
        for cell in nb.cells:
            cell.setdefault("metadata", {}).setdefault("tags", [])
        nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    target = job / "submitted" / student.sid / lesson.id / lesson.file  # 학생이 바꾼 이름이어도 키트의 이름으로
    target.parent.mkdir(parents=True)
    nbformat.write(nb, target)
    home = job / "home"
    kernel = home / ".local/share/jupyter/kernels/python3"
    kernel.mkdir(parents=True)
    # 커널은 키트의 가상환경 파이썬으로 (시스템에 다른 python3 커널이 있어도)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}), encoding="utf-8")
    shutil.copytree(mpl_cache, home / ".matplotlib")
    (job / "tmp").mkdir()
    if settings.user:
        for folder, dirs, files in os.walk(job):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.lchown(name, *settings.user)
    return notes


def run_autograde(job, lesson, student, settings, token, log_path):
    """nbgrader autograde를 따로 된 프로세스로 실행한다. 종료 코드를, 벽시계 제한을 넘으면 None을 돌려준다."""
    cmd = [sys.executable, "-m", "nbgrader", "autograde", lesson.id, "--student", student.sid, "--force",
           f"--CourseDirectory.root={job}"]
    options = {}
    if os.name == "posix":  # 프로세스 한도, 새 세션(끝나면 그룹째 끈다), 남이 못 읽는 파일, 권한 없는 사용자
        cmd = [sys.executable, "-c", LAUNCHER, json.dumps(limits(settings)), *cmd]
        options = {"start_new_session": True, "umask": 0o077}
        if settings.user:
            options.update(user=settings.user[0], group=settings.user[1], extra_groups=[])
    with open(log_path, "wb") as log:  # 기록은 채점하는 쪽이 연 파일로: 학생 코드는 이 폴더를 모른다
        proc = subprocess.Popen(cmd, cwd=job, env=scrubbed_env(job, settings, token), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, **options)
        try:
            return proc.wait(timeout=settings.notebook_timeout + STARTUP_MARGIN)
        except subprocess.TimeoutExpired:
            return None
        finally:
            try:
                if os.name == "posix":
                    os.killpg(proc.pid, signal.SIGKILL)
                else:
                    proc.kill()
            except OSError:  # 이미 끝난 프로세스 그룹
                pass
            proc.wait()
            kill_leftovers(token)


def grade_one(student, lesson, template, scratch, settings, mpl_cache):
    """학생 하나의 강의 하나를 nbgrader autograde로 채점한다. 무엇이 잘못되어도 이 제출물 하나만 잃는다.

    {"results": {문제: {...}}, "notes": [...], "problem": 한국어 또는 None, "seconds": 걸린 시간}을 돌려준다.
    """
    start, token = monotonic(), os.urandom(8).hex()
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    log_path = Path(scratch) / "logs" / f"{job.name}.log"
    notes, returncode = [], 0
    try:
        notes = prepare_job(job, template, lesson, student, settings, mpl_cache)
        returncode = run_autograde(job, lesson, student, settings, token, log_path)
        nb = nbformat.reads(safe_read(job, Path("autograded") / student.sid / lesson.id / lesson.file), as_version=4)
        try:
            points = nbgrader_points(job)
        except (OSError, sqlite3.Error):  # 견주어 볼 점수만 빠진다 (grades.json의 nbgrader_points가 null)
            points = {}
        results, more, problem = read_grades(nb, points, lesson, settings)
        notes += more
    except Exception as err:
        if returncode is None:
            status, problem = "timeout", (f"nbgrader가 {settings.notebook_timeout + STARTUP_MARGIN}초(노트북 제한 시간에 "
                                          f"커널을 띄우고 정리하는 {STARTUP_MARGIN}초를 더한 시간) 안에 끝나지 않아 멈췄습니다.")
        elif returncode and log_path.exists():
            status, problem = "error", f"nbgrader가 채점하지 못했습니다 (종료 코드 {returncode}): {log_tail(log_path)}"
        else:  # nbgrader는 끝났는데 결과를 읽지 못했거나 준비하다 실패했다: 키트의 잘못일 수 있어 자세한 기록을 남긴다
            status, problem = "error", f"채점하다 오류가 났습니다 ({type(err).__name__}: {err})"
            print(f"[grade] {student.name} {lesson.label}: {problem}", file=sys.stderr)
            traceback.print_exc()
        results = {exercise: {"status": status, "feedback": problem, "nbgrader_points": None}
                   for exercise in lesson.exercises}
    finally:
        shutil.rmtree(job, ignore_errors=True)
    return {"results": results, "notes": notes, "problem": problem, "seconds": round(monotonic() - start, 1)}
