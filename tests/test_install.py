"""설치 검사: 수업 서버에 설치한 gan_utils로 강의가 돌아가는가.

- pyproject.toml이 gan_utils가 가져오는(import) 패키지를 모두 의존성으로 적었는가, 명령마다 필요한 묶음만 설치하는가
  (requirements.txt는 pyproject를 가리키기만 한다), root로 연 JupyterLab에 --allow-root가 붙는가.
- 수업 서버 상황: 저장소에서 휠을 만들어 새 가상환경에 (편집 모드가 아니게) 설치하고, 학생이 받는 사본(notebooks/student/,
  0~5강)을 학생 홈 폴더에 복사해, 설치와 저장소에 쓸 수 없는 사용자로 CI 매개변수로 실행한다 (4·5강은 Fashion-MNIST로). 데이터는 읽기 전용
  폴더(GAN_DATA_DIR)에서만 읽는다. 강의가 패키지 옆, 데이터 폴더, 저장소에 무엇이든 쓰려 하면 실패한다. 학생용 사본의
  실행 검사(채점기가 '아직 아닙니다')도 이 실행의 출력으로 한다 (test_student_notebooks.check_student_run).

torch를 다시 내려받지 않도록 새 가상환경은 키트 가상환경의 site-packages를 .pth 한 줄로 빌려 쓴다
(그 폴더 안의 .pth는 실행되지 않으므로 키트에 편집 모드로 설치된 gan_utils는 보이지 않는다).
"""
import ast
import email.parser
import importlib.metadata
import json
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

import kit
from course import lesson_id
from course.slides import ci_parameters
from course.student import lesson_notebooks
from test_notebooks import FASHION_LESSONS, check_fashion_run
from test_student_notebooks import STUDENT_DIR, check_student_run

try:
    import tomllib
except ModuleNotFoundError:  # 파이썬 3.10: pyproject의 [test] 묶음이 tomli를 설치한다
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LESSONS = lesson_notebooks(ROOT / "notebooks")  # 강의 목록은 course.student 한곳
# 학생이 노트북에서 gan_utils를 쓰는 데 꼭 필요한 것 (pyproject의 dependencies에 있어야 한다)
RUNTIME = {"torch", "torchvision", "numpy", "matplotlib", "koreanize-matplotlib", "pillow", "tqdm", "ipywidgets"}
# 쓰기를 막혔을 때 나오는 말: 강의 출력에 하나라도 있으면 강의가 쓰면 안 되는 곳에 쓰려 한 것이다
WRITE_DENIED = re.compile(r"PermissionError|Permission denied|Read-only file system|\[Errno (13|30)\]")


def dist_name(spec: str) -> str:
    """'koreanize_matplotlib>=0.1; ...' → 'koreanize-matplotlib' (PEP 503 정규화한 배포 이름)."""
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec).group(1)).lower()


def declared(group=None) -> set[str]:
    specs = PYPROJECT["project"]["dependencies"] if group is None else PYPROJECT["project"]["optional-dependencies"][group]
    return {dist_name(spec) for spec in specs}


# ---------------------------------------------------------------- 의존성 목록과 명령마다 설치하는 묶음
def test_runtime_dependencies_cover_imports():
    """gan_utils가 가져오는 바깥 패키지는 모두 pyproject의 dependencies에 있다 (pip install 하나로 강의가 돈다)."""
    core = declared()
    assert RUNTIME <= core, f"pyproject.toml의 dependencies에 빠진 것: {sorted(RUNTIME - core)}"
    owners = importlib.metadata.packages_distributions()
    missing = {}
    for path in sorted((ROOT / "gan_utils").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for top in {name.split(".")[0] for name in names}:
                if top in sys.stdlib_module_names or top in ("gan_utils", "__future__"):
                    continue
                dists = {dist_name(d) for d in owners.get(top, [])}
                if not dists & core:
                    missing.setdefault(top, []).append(path.relative_to(ROOT).as_posix())
    assert not missing, ("gan_utils가 가져오지만 pyproject.toml의 dependencies에 없는 패키지 "
                         f"(학생 설치에서 ImportError가 난다): {missing}")


def test_each_command_installs_only_what_it_needs():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert set(kit.EXTRAS) == set(kit.COMMANDS), "kit.py의 명령마다 설치할 묶음을 EXTRAS에 적어야 합니다"
    for command in kit.COMMANDS:
        assert set(kit.install_extras(command)) <= set(extras), command
    assert kit.install_extras("lessons") == ("lessons",), "학생의 lessons에는 테스트·슬라이드 도구를 설치하지 않는다"
    assert set(kit.install_extras("test")) == set(extras), "test는 모든 묶음을 설치한다 (슬라이드와 브라우저도 검사한다)"
    assert {"jupyterlab", "ipykernel"} <= declared("lessons")
    assert {"pytest", "nbval", "playwright"} <= declared("test")
    for group in extras:
        assert not declared(group) & declared(), f"[{group}]이 기본 의존성을 다시 적었습니다 (한 곳에만)"
    assert not {"pytest", "jupyterlab", "nbconvert"} & declared(), "기본 의존성에는 gan_utils가 가져오는 것만"


def test_requirements_txt_only_points_to_pyproject():
    """requirements.txt는 목록을 다시 적지 않고 pyproject.toml의 묶음을 가리키기만 한다 (두 목록이 어긋나지 않게)."""
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    assert len(lines) == 1, lines
    match = re.fullmatch(r"-e \.\[([a-z,]+)\]", lines[0])
    assert match, lines[0]
    assert set(match.group(1).split(",")) == set(PYPROJECT["project"]["optional-dependencies"])


def test_install_stamp_is_per_extras_and_pyproject():
    text = kit.stamp_after_install("", "aaa", ("lessons", "course", "test"))
    assert kit.stamp_covers(text, "aaa", ("lessons",)) and kit.stamp_covers(text, "aaa", ("test", "lessons"))
    assert not kit.stamp_covers(text, "bbb", ("lessons",)), "pyproject.toml이 바뀌면 다시 설치한다"
    only_lessons = kit.stamp_after_install("", "aaa", ("lessons",))
    assert not kit.stamp_covers(only_lessons, "aaa", ("lessons", "course")), "없는 묶음이 있으면 설치한다"
    both = kit.stamp_after_install(only_lessons, "aaa", ("lessons", "course"))
    assert kit.stamp_covers(both, "aaa", ("lessons",)) and kit.stamp_covers(both, "aaa", ("course", "lessons"))
    assert kit.stamp_after_install(both, "bbb", ("lessons",)) == "bbb lessons\n", "옛 pyproject의 기록은 버린다"
    assert not kit.stamp_covers("bb13ec15\n", "bb13ec15", ("lessons",)), "묶음이 없는 옛 형식은 다시 설치한다"


def test_lessons_allow_root(monkeypatch, capsys):
    """root로 `kit.py lessons`를 열면 JupyterLab이 거절하지 않도록 --allow-root를 붙이고 한 줄로 알린다."""
    monkeypatch.setattr(kit.os, "geteuid", lambda: 0, raising=False)
    cmd = kit.lessons_command("py", ["--port", "8899"])
    assert cmd[:4] == ["py", "-m", "jupyter", "lab"] and cmd.count("--allow-root") == 1
    assert "--port" in cmd and "--allow-root" in capsys.readouterr().out
    assert kit.lessons_command("py", ["--allow-root"]).count("--allow-root") == 1, "직접 준 것과 겹치지 않는다"
    monkeypatch.setattr(kit.os, "geteuid", lambda: 1000, raising=False)
    capsys.readouterr()
    assert "--allow-root" not in kit.lessons_command("py")
    assert capsys.readouterr().out == ""
    monkeypatch.delattr(kit.os, "geteuid", raising=False)  # 윈도에는 geteuid가 없다
    assert "--allow-root" not in kit.lessons_command("py")


def test_jupyterlab_accepts_allow_root():
    pytest.importorskip("jupyterlab")
    result = subprocess.run([sys.executable, "-m", "jupyter", "lab", "--help-all"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "--allow-root" in result.stdout


# ---------------------------------------------------------------- 휠과 수업 서버
def run(cmd, **kwargs):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def set_writable(top: Path, writable: bool):
    """top 아래 모두를 쓰기 금지(읽기·들어가기만)로, 또는 주인이 다시 쓸 수 있게 바꾼다 (링크는 건드리지 않는다)."""
    for path in [top, *top.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod((mode | 0o200) if writable else (mode & ~0o222))


def snapshot(top: Path) -> dict:
    """top 아래 파일과 폴더마다 (크기, 바뀐 시각): 전후를 비교해 무엇이 쓰였는지 본다."""
    return {p.relative_to(top).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in [top, *top.rglob("*")] if "__pycache__" not in p.parts}


def changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


@pytest.fixture(scope="module")
def workdir():
    """모든 사용자가 들어올 수 있는 임시 폴더 (pytest의 tmp_path는 만든 사용자만 들어간다)."""
    top = Path(tempfile.mkdtemp(prefix="gan-kit-install-")).resolve()
    top.chmod(0o755)
    yield top
    set_writable(top, True)
    shutil.rmtree(top, ignore_errors=True)


@pytest.fixture(scope="module")
def wheel(workdir):
    """저장소의 gan_utils로 만든 휠. 저장소에 build/나 *.egg-info를 남기지 않도록 사본에서 만든다 (인터넷 없이)."""
    src = workdir / "src"
    shutil.copytree(ROOT / "gan_utils", src / "gan_utils", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", workdir / "dist", src], cwd=workdir, timeout=300)
    wheels = list((workdir / "dist").glob("gan_utils-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def fresh(workdir, wheel):
    """휠을 설치한 새 가상환경: (파이썬, site-packages). 세 번째 것들은 키트 가상환경에서 빌려 온다."""
    venv_dir = workdir / "venv"
    # root의 파이썬이 /root 아래에 있으면 다른 사용자는 그 링크를 따라갈 수 없다: 실행 파일을 복사한다
    copies = ["--copies"] if os.name == "posix" and os.geteuid() == 0 else []
    run([sys.executable, "-m", "venv", "--without-pip", *copies, venv_dir], cwd=workdir)
    py = venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # cwd는 언제나 저장소 밖: 저장소 폴더에서 실행하면 그 안의 gan_utils가 먼저 보인다
    fresh_site = Path(run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=workdir).stdout.strip())
    borrowed = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (fresh_site / "_gan_kit_borrowed.pth").write_text("".join(f"{p}\n" for p in borrowed if Path(p).is_dir()))
    run([py, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "--disable-pip-version-check",
         "-q", wheel], cwd=workdir, timeout=300)
    # 노트북의 커널 이름(python3)이 이 가상환경의 파이썬을 가리키게 한다
    run([py, "-m", "ipykernel", "install", "--prefix", venv_dir, "--name", "python3"], cwd=workdir, timeout=120)
    return py, fresh_site.resolve()


def test_wheel_has_package_data_and_dependencies(wheel, workdir):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))
    src = workdir / "src"  # 휠을 만든 사본 (그 사이 저장소가 바뀌어도 같은 것끼리 비교한다)
    sources = {p.relative_to(src).as_posix() for p in (src / "gan_utils").rglob("*.py")}
    assert sources - names == set(), "휠에 빠진 gan_utils 모듈 (pyproject.toml의 packages.find 확인)"
    weights = {p.relative_to(src).as_posix() for p in (src / "gan_utils" / "pretrained").glob("*.pt")}
    assert weights and weights <= names, "휠에 학습된 가중치(pretrained/*.pt)가 없습니다"
    assert not [n for n in names if n.startswith(("course/", "tests/", "notebooks/"))]
    requires = meta.get_all("Requires-Dist") or []
    core = {dist_name(r) for r in requires if "extra ==" not in r}
    assert core == declared() and RUNTIME <= core, requires
    assert set(meta.get_all("Provides-Extra") or []) == set(PYPROJECT["project"]["optional-dependencies"])


def test_installed_wheel_loads_pretrained_weights(fresh):
    py, fresh_site = fresh
    code = """if True:
        import json, importlib.metadata as md, gan_utils
        from gan_utils.classifier import PRETRAINED_DIR, load_classifier
        from gan_utils.checkpoint import load_generator
        for dataset in ("mnist", "fashion-mnist"):
            load_classifier(dataset)
        for name in ("mnist_generator.pt", "fashion_generator.pt"):
            load_generator(PRETRAINED_DIR / name)
        dist = md.distribution("gan-utils")
        print(json.dumps({"module": gan_utils.__file__, "pretrained": str(PRETRAINED_DIR),
                          "dist": str(dist.locate_file("")), "requires": dist.requires}))
    """
    out = json.loads(run([py, "-c", code], cwd=fresh_site.parent, env=lesson_base_env(), timeout=300).stdout.splitlines()[-1])
    assert Path(out["module"]).resolve().is_relative_to(fresh_site), out["module"]
    assert Path(out["pretrained"]).resolve().is_relative_to(fresh_site), out["pretrained"]
    assert Path(out["dist"]).resolve() == fresh_site
    assert RUNTIME <= {dist_name(r) for r in out["requires"] if "extra ==" not in r}


def lesson_base_env(home=None) -> dict:
    """새 가상환경을 쓰는 깨끗한 환경 변수: 저장소를 가리키는 PYTHONPATH 같은 것이 새어 들어가지 않게."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "SYSTEMROOT", "TZ") if name in os.environ}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONNOUSERSITE="1", GAN_DOWNLOAD="0")
    if home is not None:
        env.update(HOME=str(home), USERPROFILE=str(home), MPLCONFIGDIR=str(home / ".config" / "matplotlib"),
                   IPYTHONDIR=str(home / ".ipython"), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
                   JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
                   JUPYTER_RUNTIME_DIR=str(home / ".local" / "share" / "jupyter" / "runtime"),
                   XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"), TMPDIR=str(home / "tmp"))
    return env


def student_runner(py, home: Path, env: dict):
    """(명령 앞에 붙일 것, 설명): 설치와 저장소에 쓸 수 없는 사용자로 실행한다.

    root는 권한 비트를 무시하므로 nobody로 바꿔 실행한다. nobody가 이 파이썬을 실행할 수 없으면 (파이썬이 /root 아래에만
    있는 경우) root로 두되 모든 권한(capabilities)을 버린다: 그러면 쓰기 금지 비트가 root에게도 통한다.
    root가 아니면 지금 사용자 그대로 (설치와 데이터는 쓰기 금지로 바꿔 둔다)."""
    if os.name != "posix" or os.geteuid() != 0:
        return [], "지금 사용자"
    import pwd  # POSIX에만 있다
    setpriv = shutil.which("setpriv")
    nobody = pwd.getpwnam("nobody")
    if setpriv:
        prefix = [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"]
    else:
        prefix = ["runuser", "-u", "nobody", "--", "env", f"HOME={home}"]
    for path in [home, *home.rglob("*")]:
        os.chown(path, nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)
    probe = subprocess.run([*prefix, py, "-c", "import gan_utils, torch, papermill, ipykernel"],
                           env=env, cwd=home, capture_output=True, text=True, timeout=300)
    if probe.returncode == 0:
        return prefix, "nobody"
    assert setpriv, f"nobody로 파이썬을 실행하지 못했습니다:\n{probe.stderr[-2000:]}"
    for path in [home, *home.rglob("*")]:
        os.chown(path, 0, 0, follow_symlinks=False)
    print(f"[test_install] nobody로는 {py}를 실행하지 못해 권한을 모두 버린 root로 실행합니다:\n{probe.stderr[-500:]}")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--"], "권한을 버린 root"


# 노트북 하나를 papermill로 실행하는 프로그램 (새 가상환경의 파이썬으로, 학생 사용자로 실행한다).
# 커널 응답을 놓치고 셀 제한 시간까지 멈추는 일을 막는 고침은 tests/kernel_replies.py 하나를 함께 쓴다.
DRIVER = f"""if True:
    import json, sys, papermill as pm
    sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
    from kernel_replies import wait_for_replies_in_slices
    wait_for_replies_in_slices()
    src, out, parameters = sys.argv[1:4]
    pm.execute_notebook(src, out, kernel_name="python3", cwd=str(__import__("pathlib").Path(src).parent),
                        progress_bar=False, parameters=json.loads(parameters), execution_timeout=600)
"""


def output_texts(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                yield out.get("text", "")
            elif out.get("output_type") == "error":
                yield "\n".join([out.get("ename", ""), out.get("evalue", ""), *out.get("traceback", [])])
            else:
                yield str(out.get("data", {}).get("text/plain", ""))


def test_class_server_lessons_run_from_installed_wheel(fresh, workdir):
    """수업 서버: 공용 설치(휠) + 학생 홈의 학생용 사본 + 읽기 전용 데이터. 0~5강의 사본이 CI 매개변수로 끝까지 돌고
    (연습 문제 칸은 NotImplementedError, 채점기는 '아직 아닙니다'), 학생 홈 밖(패키지 옆, 데이터 폴더, 저장소)에는
    아무것도 쓰지 않는다. 4·5강은 DATASET="fashion-mnist"로 돌려 옷 이름이 붙는지도 본다 (check_fashion_run)."""
    py, fresh_site = fresh
    from gan_utils.data import DATASETS
    source_data = Path(os.environ.get("GAN_DATA_DIR", ROOT / "data"))
    data = workdir / "data"
    for folder, md5s in DATASETS.values():
        for name in md5s:
            found = [p for p in (source_data / folder / "raw" / name, source_data / folder / "raw" / name[:-3])
                     if p.is_file()]
            if not found:
                pytest.skip(f"데이터 파일이 없습니다: {source_data / folder / 'raw' / name}")
            (data / folder / "raw").mkdir(parents=True, exist_ok=True)
            shutil.copy2(found[0], data / folder / "raw" / found[0].name)
    home = workdir / "home"
    lessons = home / "lessons"
    lessons.mkdir(parents=True)
    for path in LESSONS:  # 학생이 받는 것: notebooks/student/의 사본
        shutil.copy2(STUDENT_DIR / path.name, lessons / path.name)
    assert [lesson_id(p) for p in LESSONS] == ["00", "01", "02", "03", "03b", "04", "05"], LESSONS
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import json, sys, gan_utils\nprint(json.dumps({'module': gan_utils.__file__, 'prefix': sys.prefix}))")])
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(probe, home / "probe.ipynb")
    (home / "executed").mkdir()
    (home / "tmp").mkdir()
    env = lesson_base_env(home)
    env.update(GAN_DATA_DIR=str(data), PATH=f"{py.parent}{os.pathsep}{env.get('PATH', '')}")

    venv_dir = py.parent.parent
    set_writable(venv_dir, False)
    set_writable(data, False)
    prefix, who = student_runner(py, home, env)
    protected = {"가상환경(설치)": venv_dir, "데이터 폴더": data}
    if who != "nobody":  # 저장소의 주인으로 실행: 저장소는 쓰기 금지로 바꿀 수 없으니 전후를 비교한다
        protected.update({"저장소 gan_utils/": ROOT / "gan_utils", "저장소 notebooks/": ROOT / "notebooks"})
    before = {label: snapshot(path) for label, path in protected.items()}
    if prefix:  # 실행할 사용자가 정말 설치, 데이터(, 저장소)에 쓸 수 없는지 먼저 확인한다 (아니면 이 검사는 의미가 없다)
        targets = [fresh_site / "gan_utils" / ".probe", data / "MNIST" / "raw" / ".probe"]
        targets += [ROOT / ".gan-kit-probe"] if who == "nobody" else []
        code = ("import sys\nfor t in sys.argv[1:]:\n    try:\n        open(t, 'w').close()\n        print('WROTE', t)\n"
                "    except OSError:\n        pass\n")
        result = subprocess.run([*prefix, py, "-c", code, *map(str, targets)], env=env, cwd=home,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "WROTE" not in result.stdout, (who, result.stdout, result.stderr[-2000:])

    def execute(path: Path, **changes) -> nbformat.NotebookNode:
        out = home / "executed" / path.name
        parameters = json.dumps({**ci_parameters(nbformat.read(path, as_version=4)), **changes})
        result = subprocess.run([*prefix, py, "-c", DRIVER, path, out, parameters], env=env, cwd=path.parent,
                                capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, f"{path.name} ({who}):\n{result.stdout[-2000:]}\n{result.stderr[-6000:]}"
        return nbformat.read(out, as_version=4)

    started = time.monotonic()
    kernel = json.loads(next(t for t in output_texts(execute(home / "probe.ipynb")) if t.strip()))
    assert Path(kernel["module"]).resolve().is_relative_to(fresh_site), kernel
    assert Path(kernel["prefix"]).resolve() == venv_dir.resolve(), kernel
    timings = {}
    for path in LESSONS:
        t0 = time.monotonic()
        # 4·5강은 Fashion-MNIST로: 매개변수 하나로 데이터가 바뀌는지도 이 실행으로 본다 (MNIST는 강사용 노트북의 papermill 검사)
        fashion = lesson_id(path) in FASHION_LESSONS
        executed = execute(lessons / path.name, **({"DATASET": "fashion-mnist"} if fashion else {}))
        slowest = max(executed.cells, key=lambda c: c.metadata.get("papermill", {}).get("duration") or 0)
        timings[lesson_id(path)] = (f"{time.monotonic() - t0:.0f}초, 가장 긴 칸 "
                                  f"{slowest.metadata.get('papermill', {}).get('duration') or 0:.0f}초: "
                                  f"{slowest.source.splitlines()[0][:40] if slowest.source else ''}")
        denied = [t for t in output_texts(executed) if WRITE_DENIED.search(t)]
        assert not denied, f"{path.name}이 쓸 수 없는 곳에 쓰려 했습니다 ({who}): {denied[0][-2000:]}"
        check_student_run(executed, nbformat.read(path, as_version=4))
        if fashion:
            check_fashion_run(executed, path.name)
    print(f"[test_install] {who}로 0~5강의 학생용 사본 실행: {timings} (합계 {time.monotonic() - started:.0f}초)")
    for label, path in protected.items():
        assert not changed(before[label], snapshot(path)), f"강의가 {label}에 썼습니다: {changed(before[label], snapshot(path))[:10]}"
    written = sorted(p.relative_to(lessons).as_posix() for p in lessons.rglob("*") if p.is_file() and p.suffix != ".ipynb")
    assert any(name.startswith("outputs/") for name in written), f"강의가 학생 폴더에 결과를 남기지 않았습니다: {written}"
