"""반 전체 채점: 학생들이 낸 강의 노트북을 nbgrader로 자동 채점해 성적표(CSV, JSON, HTML)를 만든다.

    python3 kit.py grade 제출물/                 # 결과는 제출물-grades/ (grades.csv, grades.json, report.html)
    python3 kit.py grade 제출물/ --out 성적/ --jobs 2 --cell-timeout 60 --notebook-timeout 600
    python -m course.grade --help              # 가상환경 안, 저장소 맨 위에서 같은 명령

제출물은 학생마다 폴더 하나, 그 안에 강의 노트북을 원래 이름 그대로 둔다 (``제출물/<학생>/<강의 파일>.ipynb``,
nbgrader와 LMS의 일괄 내려받기가 만드는 모양). 채점 엔진은 새로 만들지 않고 nbgrader를 쓴다:

1. 임시 폴더에 nbgrader 과정 폴더를 한 번 만든다 (``course.student.make_course``: 과제와 채점 기록부).
2. 노트북마다 그 과정 폴더의 사본(임시 폴더)에 제출본을 넣고 ``python -m nbgrader autograde``를 따로 띄운다.
   nbgrader는 잠긴 채점 칸을 키트의 원본(숨은 테스트 포함)으로 되돌리고 새 커널에서 처음부터 실행한다.
   이 프로세스는 환경 변수를 새로 만들어 넘기고(비밀값 없음, HOME은 임시 폴더), 메모리·CPU 시간·파일 크기에 한도를
   두고, root로 실행했으면 권한 없는 사용자(nobody)로 바꿔 실행한다. 칸마다와 노트북마다 시간 제한이 있다.
3. 채점한 노트북에서 문제마다 채점 칸을 ``grade_id``(칸 메타데이터의 고정된 이름)로 찾아 결과를 읽는다:
   pass(통과), fail(틀림), missing(안 함), error(오류), timeout(시간 초과)와 채점기의 한국어 안내.
4. 모두 끝나면 결과 폴더에 grades.csv, grades.json, report.html을 한꺼번에 쓴다. 제출 폴더에는 아무것도 쓰지 않는다.

종료 코드: 0 = 모든 제출물을 채점함 (틀린 답이 있어도), 1 = 채점하지 못한 것이 있음 (보고서의 '채점하지 못한 것'),
2 = 명령을 잘못 씀 (없는 폴더 등).
"""
import argparse
import contextlib
import copy
import csv
import html
import io
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from time import monotonic

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbgrader.preprocessors import Execute
from traitlets import Integer

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ("pass", "fail", "missing", "error", "timeout")
SYMBOLS = {"pass": "✅", "fail": "❌", "missing": "—", "error": "⚠️", "timeout": "⏱️"}
LABELS = {"pass": "통과", "fail": "틀림", "missing": "안 함", "error": "오류", "timeout": "시간 초과"}
# 채점기(gan_utils.checks.core)가 CheckResult.require()로 내는 예외 → 결과
CHECKER_ERRORS = {"ExerciseNotAttempted": "missing", "ExerciseError": "error", "ExerciseFailed": "fail"}
TIMEOUT_ERRORS = {"CellTimeoutError", "NotebookTimeout"}  # 칸 제한 시간 (nbgrader), 노트북 제한 시간 (KitExecute)
MAX_NOTEBOOK_BYTES = 100 * 2**20  # 이보다 큰 제출 파일은 읽지 않는다 (노트북 하나는 보통 몇 MB)
MAX_FEEDBACK_CHARS = 3000
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# 건너뛰는 이름: 압축 프로그램과 운영체제가 만드는 것, nbgrader의 collect가 남기는 제출 시각
IGNORED_NAMES = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store", "Thumbs.db", "desktop.ini", "timestamp.txt"}
# 칸 하나, 노트북 하나의 기본 제한 시간(초): 빠른 설정(ci_parameters) / 노트북의 원래 매개변수(--full, 4강 학습 포함)
DEFAULT_TIMEOUTS = {False: (120, 600), True: (900, 3600)}
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


# ---------------------------------------------------------------- nbgrader 안에서 도는 부분
def error_output(ename, evalue):
    """노트북 칸의 오류 출력 하나 (nbgrader는 오류 출력이 있는 채점 칸을 0점으로 매긴다)."""
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def error_names(cell):
    return [out.ename for out in cell.get("outputs", []) if out.output_type == "error"]


def mark(cell):
    """칸의 채점 표시(nbgrader grade_id), 없으면 None. 학생이 메타데이터를 어떻게 망가뜨렸어도 오류를 내지 않는다."""
    meta = cell.get("metadata", {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
    return meta.get("grade_id") if isinstance(meta, dict) else None


class KitExecute(Execute):
    """nbgrader의 Execute(칸마다 시간 제한, 오류가 나도 다음 칸으로)에 두 가지를 더한다.

    - 노트북 전체의 시간 제한: 남은 시간이 칸의 제한보다 짧으면 칸의 제한을 줄이고, 다 쓰면 나머지 칸은 실행하지 않고
      NotebookTimeout 오류를 적는다. nbgrader가 채점을 끝내고 결과를 쓰므로 그 앞의 문제는 그대로 채점된다.
    - 죽거나 멈춘 커널에서 이어 가기: nbgrader는 커널이 죽으면 그 노트북의 채점 결과를 통째로 버린다. 여기서는 그 칸에
      오류를 적고, 새 커널에서 앞서 문제없이 돈 칸을 다시 실행해 상태를 되살린 뒤 다음 칸으로 간다.
    그래서 무한 루프나 커널을 죽이는 답은 그 문제 하나만 잃는다.
    """

    notebook_timeout = Integer(0, help="노트북 하나의 시간 제한(초). 0이면 없음.").tag(config=True)
    probe_timeout = Integer(10, help="인터럽트 뒤 커널이 다시 응답하기를 기다리는 시간(초).").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        NotebookClient.__init__(self, nb, km)  # nbconvert의 ExecutePreprocessor.preprocess와 같게
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self.deadline = monotonic() + self.notebook_timeout if self.notebook_timeout else math.inf
        self.timeout_func = self.cell_timeout
        self.healthy = []  # 문제없이 끝난 칸: 커널을 새로 띄우면 이 칸들을 다시 실행해 상태를 되살린다
        try:
            self.start_kernel()
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                if monotonic() >= self.deadline:
                    cell.outputs = [error_output("NotebookTimeout", "노트북 전체의 제한 시간이 다 되어 실행하지 않았습니다.")]
                elif self.kc is None:
                    cell.outputs = [error_output("GradingStopped", "앞에서 죽은 커널을 다시 살리지 못해 실행하지 않았습니다.")]
                elif self.run_cell(cell, index):
                    self.healthy.append(index)
        finally:
            if self.km is not None:
                self._cleanup_kernel()
        self.set_widgets_metadata()
        return self.nb, self.resources

    def cell_timeout(self, cell):
        return max(1, math.ceil(min(self.timeout or math.inf, self.deadline - monotonic())))

    def start_kernel(self):
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()

    def run_cell(self, cell, index):
        """칸 하나를 실행하고 문제없이 끝났는지 돌려준다. 커널이 죽었거나 인터럽트에도 멈추지 않으면 새 커널로 바꾼다."""
        try:
            self.execute_cell(cell, index, store_history=True)
        except DeadKernelError:
            cell.outputs.append(error_output("DeadKernelError", "커널이 죽었습니다 (파이썬 프로세스가 끝남)."))
            self.fresh_kernel()
            return False
        except CellTimeoutError:  # 인터럽트한 뒤에도 커널이 출력을 끝내지 않았다 (KeyboardInterrupt를 잡는 반복 등)
            cell.outputs.append(error_output("CellTimeoutError", "칸의 제한 시간을 넘었고 인터럽트에도 멈추지 않았습니다."))
            self.fresh_kernel()
            return False
        if any(name in TIMEOUT_ERRORS for name in error_names(cell)):
            if not self.responsive():
                self.fresh_kernel()
            return False
        return True

    async def async_responsive(self):
        """인터럽트한 커널이 다시 명령을 받는가: 빈 칸을 보내 probe_timeout 안에 답이 오는지 본다."""
        msg_id = await ensure_async(self.kc.execute("", store_history=False))
        end = monotonic() + self.probe_timeout
        while monotonic() < end:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=max(0.1, end - monotonic())))
            except Exception:
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    responsive = run_sync(async_responsive)

    def fresh_kernel(self):
        """커널을 새로 띄우고 앞서 문제없이 돈 칸을 다시 실행한다 (출력은 처음 것을 그대로 둔다). 안 되면 self.kc = None."""
        self.log.warning("커널을 새로 띄우고 앞의 칸 %d개를 다시 실행합니다", len(self.healthy))
        try:
            self._cleanup_kernel()
        except Exception:  # 이미 죽은 커널: 정리할 것이 없다
            pass
        self.km = self.kc = None
        try:
            self.start_kernel()
            for index in self.healthy:
                if monotonic() >= self.deadline:
                    raise TimeoutError("노트북 제한 시간")
                original, replay = self.nb.cells[index], copy.deepcopy(self.nb.cells[index])
                self.execute_cell(replay, index, store_history=False)
                self.nb.cells[index] = original
                if any(name in TIMEOUT_ERRORS for name in error_names(replay)):
                    raise TimeoutError("다시 실행한 칸의 제한 시간")
        except Exception as err:
            self.log.error("커널을 되살리지 못했습니다: %r", err)
            if self.km is not None:
                try:
                    self._cleanup_kernel()
                except Exception:
                    pass
            self.km = self.kc = None


# ---------------------------------------------------------------- 제출물 읽기
@dataclass
class Lesson:
    """키트의 강의 하나: nbgrader 과제 이름(lesson01), 파일 이름, 문제(채점 칸의 grade_id) 목록, 빠른 매개변수,
    채점 표시(nbgrader 메타데이터)가 있는 학생용 사본의 칸 (grade_id → 칸, 노트북 순서)."""
    id: str
    file: str
    exercises: list
    parameters: dict
    cells: dict

    @property
    def label(self):
        return f"{int(self.id[-2:])}강"


@dataclass
class Student:
    name: str  # 제출 폴더의 이름 그대로 (보고서와 CSV에 쓴다)
    sid: str  # nbgrader 안에서 쓰는 안전한 이름 (s001, s002, ...)
    folder: Path
    notebooks: dict = field(default_factory=dict)  # 강의 id → (파일 경로, 읽은 노트북)
    broken: dict = field(default_factory=dict)  # 강의 id → 읽지 못한 파일 (그 강의의 문제는 error)
    results: dict = field(default_factory=dict)  # 문제 id → {"status", "feedback", "nbgrader_points"}
    notes: list = field(default_factory=list)  # 이 학생에 대한 한국어 알림
    seconds: dict = field(default_factory=dict)  # 강의 id → 채점에 걸린 시간

    @property
    def total(self):
        return sum(r["status"] == "pass" for r in self.results.values())


def kit_lessons(template):
    """템플릿 과정 폴더(release/)의 학생용 사본에서 강의마다 문제 목록을 읽는다. (강의 목록, grade_id → 강의 id)"""
    from course.slides import ci_parameters
    from course.student import assignment_id, lesson_notebooks
    lessons, owner = {}, {}
    for source in lesson_notebooks(ROOT / "notebooks"):
        lesson_id = assignment_id(source)
        nb = nbformat.read(Path(template) / "release" / lesson_id / source.name, as_version=4)
        cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}
        owner.update(dict.fromkeys(cells, lesson_id))
        exercises = [grade_id for grade_id, cell in cells.items() if cell.metadata.nbgrader.get("grade")]
        parameters = ci_parameters(nbformat.read(source, as_version=4))  # 키트의 강사용 노트북에서 (학생이 못 바꾼다)
        lessons[lesson_id] = Lesson(lesson_id, source.name, exercises, parameters, cells)
    return lessons, owner


def name_key(name):
    """같은 학생으로 보이는 이름인지 가리는 열쇠: 유니코드 정규화(NFC, 맥의 압축 파일은 NFD), 앞뒤 공백, 대소문자."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def ignored(name):
    return name.startswith(".") or name in IGNORED_NAMES


def read_notebook(path):
    """제출 파일 하나를 읽는다: (노트북, None) 또는 (None, 한국어로 읽지 못한 까닭)."""
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return None, f"파일이 너무 큽니다 ({path.stat().st_size / 2**20:.0f} MB)"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "UTF-8 글자가 아닌 파일입니다"
    try:
        json.loads(text)
    except ValueError:
        return None, "JSON 문법이 깨졌습니다 (내려받다 끊겼거나 편집기로 고친 파일)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:  # JSON이지만 노트북의 구조가 아니다
        return None, f"노트북의 구조가 아닙니다 ({type(err).__name__})"
    if not isinstance(nb.get("cells"), list):
        return None, "노트북의 칸 목록이 없습니다"
    return nb, None


def lesson_of(path, nb, lessons, owner):
    """제출한 노트북이 어느 강의인지: 칸 메타데이터의 grade_id로 정하고, 파일 이름의 번호(01_...)로 확인한다.

    (강의 id 또는 None, 한국어 알림 또는 None)을 돌려준다.
    """
    ids = Counter(owner[g] for g in map(mark, nb.cells) if g in owner)
    by_cells = ids.most_common(1)[0][0] if ids else None
    by_name = f"lesson{path.name[:2]}" if re.match(r"\d\d_", path.name) else None
    by_name = by_name if by_name in lessons else None
    if by_cells and by_name and by_cells != by_name:
        return by_cells, (f"{path.name}: 파일 이름은 {lessons[by_name].label}인데 칸은 {lessons[by_cells].label} 노트북입니다. "
                          f"칸의 채점 표시대로 {lessons[by_cells].label}으로 채점했습니다.")
    if by_cells:
        return by_cells, None
    if by_name:
        note = None
        if lessons[by_name].exercises:
            note = (f"{path.name}: 연습 문제의 채점 표시(nbgrader 메타데이터)가 하나도 없습니다. "
                    f"파일 이름대로 {lessons[by_name].label}으로 채점했습니다.")
        return by_name, note
    return None, None


def find_students(submissions):
    """제출 폴더에서 학생 폴더를 찾는다. (학생 목록, 학생 폴더 밖의 문제 목록)"""
    students, problems = [], []
    entries = sorted(os.scandir(submissions), key=lambda e: (name_key(e.name), e.name))
    for entry in entries:
        if ignored(entry.name):
            continue
        if entry.is_symlink():
            problems.append({"student": None, "file": entry.name, "message": "링크(바로 가기)라서 따라가지 않았습니다."})
        elif entry.is_dir():
            students.append(Student(entry.name, f"s{len(students) + 1:03d}", Path(entry.path)))
        else:
            problems.append({"student": None, "file": entry.name,
                             "message": "학생 폴더 밖에 있는 파일이라 채점하지 않았습니다. 제출물/<학생>/<파일> 모양으로 두세요."})
    return students, problems


def collect(student, lessons, owner, problems):
    """학생 폴더 안의 파일(하위 폴더 포함)을 살펴 강의마다 채점할 노트북 하나를 고른다. 문제는 problems에 더한다."""
    def problem(file, message):
        problems.append({"student": student.name, "file": file, "message": message})
        student.notes.append(f"{file}: {message}" if file else message)

    found = {}  # 강의 id → [(경로, 노트북)]
    for folder, dirs, files in os.walk(student.folder):  # 링크 폴더는 따라가지 않는다
        dirs[:] = sorted(d for d in dirs if not ignored(d))
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(student.folder).as_posix()
            if ignored(name):
                continue
            if path.is_symlink():
                problem(relative, "링크(바로 가기)라서 따라가지 않았습니다.")
            elif path.suffix != ".ipynb":
                problem(relative, "노트북(.ipynb)이 아니라 채점하지 않았습니다.")
            else:
                nb, why = read_notebook(path)
                if nb is None:
                    problem(relative, f"노트북 파일을 읽지 못했습니다: {why}. 깨지지 않은 파일을 다시 받으세요.")
                    by_name = f"lesson{name[:2]}"
                    if re.match(r"\d\d_", name) and by_name in lessons:
                        student.broken.setdefault(by_name, relative)
                    continue
                lesson_id, note = lesson_of(path, nb, lessons, owner)
                if lesson_id is None:
                    problem(relative, "어느 강의의 노트북인지 알 수 없습니다 (키트의 채점 칸도, 01_ 같은 강의 번호도 없음).")
                    continue
                if note:
                    student.notes.append(note)
                found.setdefault(lesson_id, []).append((path, nb))
    if not found and not student.broken and not any(p["student"] == student.name for p in problems):
        problem(None, "폴더가 비어 있습니다: 채점할 노트북이 없습니다.")
    for lesson_id, candidates in sorted(found.items()):
        # 같은 강의가 둘 이상이면 원래 파일 이름인 것을, 없으면 이름순으로 첫 것을 채점한다
        candidates.sort(key=lambda item: (item[0].name != lessons[lesson_id].file, str(item[0])))
        student.notebooks[lesson_id] = candidates[0]
        student.broken.pop(lesson_id, None)
        for path, _ in candidates[1:]:
            problem(path.relative_to(student.folder).as_posix(),
                    f"같은 강의({lessons[lesson_id].label})의 노트북이 둘 이상이라 "
                    f"{candidates[0][0].relative_to(student.folder).as_posix()}만 채점했습니다.")
        if not lessons[lesson_id].exercises:
            student.notes.append(f"{lessons[lesson_id].label}에는 연습 문제가 없어 채점하지 않았습니다.")
            del student.notebooks[lesson_id]


def flag_duplicate_names(students):
    """대소문자·공백·유니코드 표기만 다른 폴더 이름: 두 행을 모두 남기고 알린다 (같은 학생인지는 교사가 판단)."""
    def shown(name):  # 눈으로는 같아 보이는 이름을 구별하는 표시
        traits = []
        if unicodedata.normalize("NFC", name) != name:
            traits.append("NFD 표기, 맥의 압축 파일에 흔함")
        if name != name.strip():
            traits.append("앞뒤 공백")
        return repr(name) + (f"({', '.join(traits)})" if traits else "")

    groups = {}
    for student in students:
        groups.setdefault(name_key(student.name), []).append(student)
    for group in (g for g in groups.values() if len(g) > 1):
        for student in group:
            student.notes.append(f"같은 이름으로 보이는 폴더: {', '.join(shown(s.name) for s in group)}. "
                                 "두 행을 모두 남겼습니다: 같은 학생이면 하나만 남기세요.")


def tidy_marks(nb, lesson):
    """채점 전에 칸의 채점 표시(nbgrader 메타데이터)를 키트의 것으로 맞춘다. 한국어 알림 목록을 돌려준다.

    - nbgrader는 모르는 grade_id(학생이 바꾼 이름)나 두 번 나온 grade_id가 하나라도 있으면 노트북을 통째로 채점하지
      않는다. 아는 grade_id의 마지막 칸(nbgrader와 같은 선택)에 키트의 메타데이터를 다시 쓰고, 나머지는 표시를 지운다.
    - 지워진(이름이 바뀐) 채점 칸은 키트의 것을 그 문제의 답 칸 뒤에 다시 넣는다. 고친 채점 칸을 nbgrader가 원본으로
      되돌리는 것과 같은 까닭이고, 1번 채점 칸의 import를 뒤 문제들이 쓰므로 칸 하나를 지워 다른 문제까지 잃지 않게 한다.
    """
    seen, unknown, repeated = set(), [], []
    for cell in reversed(nb.cells):
        if "nbgrader" not in cell.setdefault("metadata", {}):
            continue
        grade_id = mark(cell)
        if grade_id in lesson.cells and grade_id not in seen:
            cell.metadata["nbgrader"] = copy.deepcopy(lesson.cells[grade_id].metadata.nbgrader)
            seen.add(grade_id)
        else:
            (repeated if grade_id in seen else unknown).append(str(grade_id))
            del cell.metadata["nbgrader"]
    order, restored = list(lesson.cells), []  # 키트 노트북의 칸 순서
    for grade_id in lesson.exercises:
        if grade_id in seen:
            continue
        earlier = set(order[:order.index(grade_id)])  # 이 칸보다 앞에 오는 키트의 칸 (답 칸, 앞 문제들)
        after = [i for i, cell in enumerate(nb.cells) if mark(cell) in earlier]
        marked = [i for i, cell in enumerate(nb.cells) if mark(cell)]
        cell = copy.deepcopy(lesson.cells[grade_id])
        cell["id"] = f"kit-{grade_id}"
        nb.cells.insert(after[-1] + 1 if after else (marked[0] if marked else len(nb.cells)), cell)
        seen.add(grade_id)
        restored.append(grade_id)
    notes = []
    if unknown:
        notes.append(f"{lesson.label}: 키트가 모르는 채점 표시(grade_id {', '.join(reversed(unknown))})가 붙은 칸은 보통 칸으로 "
                     "실행했습니다 (학생이 칸의 메타데이터를 바꿈).")
    if repeated:
        notes.append(f"{lesson.label}: 같은 채점 칸이 두 번 이상 있어 마지막 칸으로 채점했습니다 ({', '.join(sorted(set(repeated)))}).")
    if restored:
        notes.append(f"{lesson.label}: 지워진 채점 칸({', '.join(restored)})을 키트의 것으로 다시 넣어 채점했습니다.")
    return notes


# ---------------------------------------------------------------- 채점 한 건 (학생 하나 × 강의 하나)
@dataclass
class Settings:
    cell_timeout: int
    notebook_timeout: int
    memory_gb: float
    jobs: int
    full: bool
    data_dir: str
    user: tuple | None  # (uid, gid): root면 nobody로 실행


def sandbox_user():
    """root면 커널을 실행할 권한 없는 사용자 nobody의 (uid, gid), 아니면 None (지금 사용자 그대로)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def blocked_for_others(path):
    """다른 사용자(nobody)가 path에 닿지 못하게 막는 첫 경로, 없으면 None (권한의 '기타 사용자' 자리로 본다)."""
    path = Path(path).resolve()
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    need = stat.S_IROTH | stat.S_IXOTH if path.is_dir() else stat.S_IROTH
    return None if path.stat().st_mode & need == need else path


def check_sandbox_access(settings):
    """nobody로 실행할 때 키트의 파이썬, 키트, 데이터 폴더를 읽을 수 있는지 미리 본다. 못 읽으면 UsageError."""
    import nbgrader
    needed = [Path(sys.executable).resolve(), Path(nbgrader.__file__).parent, ROOT / "gan_utils",
              *([Path(settings.data_dir)] if Path(settings.data_dir).is_dir() else [])]
    for path in needed:
        blocker = blocked_for_others(path)
        if blocker:
            raise UsageError(f"root로 채점하면 학생 코드를 권한 없는 사용자 nobody로 실행하는데, nobody가 {path}에 닿을 수 "
                             f"없습니다 ({blocker}의 권한). `chmod o+rx {blocker}`로 열거나 키트와 데이터를 /opt처럼 "
                             "모두가 읽을 수 있는 곳에 두세요.")


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


NBGRADER_CONFIG = """# python3 kit.py grade가 만든 설정: nbgrader의 실행 단계(Execute)를 키트의 KitExecute로 바꾼다
import sys
sys.path.insert(0, {root!r})
from course.grade import KitExecute
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


def prepare_job(job, template, lesson, student, settings, token, mpl_cache):
    """채점 한 건의 과정 폴더: 템플릿의 source/와 gradebook.db 사본, submitted/<id>/<과제>/<강의 파일>."""
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


def kill_leftovers(token):
    """채점이 끝난 뒤에도 남은 프로세스(학생 코드가 띄운 것 포함)를 환경 변수의 표시로 찾아 끈다 (리눅스의 /proc)."""
    marker = f"GAN_KIT_GRADE_JOB={token}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int(entry.name) != os.getpid() and marker in entry.joinpath("environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def inside(job, relative):
    """임시 폴더 안의 경로. 중간이나 끝이 링크면 OSError: 학생 코드가 결과 파일을 남의 파일의 링크로 바꿨을 수 있다."""
    path = job
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            raise OSError(f"링크: {relative}")
    return path


def safe_read(job, relative):
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


def clean(text, limit=MAX_FEEDBACK_CHARS):
    text = ANSI.sub("", text or "").strip()
    return text if len(text) <= limit else text[:limit] + " …(줄임)"


def cell_text(cell):
    """칸의 stdout 출력 (채점기가 출력한 한국어 안내)."""
    return "".join(out.get("text", "") for out in cell.get("outputs", [])
                   if out.output_type == "stream" and out.get("name") == "stdout")


def first_error(cell):
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            return f"{out.ename}: {clean(out.evalue, 500)}"
    return ""


def exercise_result(cells, grade_id, settings):
    """채점한 노트북에서 문제 하나의 (결과, 한국어 안내)를 읽는다. 칸은 위치가 아니라 grade_id로 찾는다."""
    grade, answer = cells.get(grade_id), cells.get(f"{grade_id}_answer")
    if grade is None:
        return "missing", (f"이 문제의 채점 칸({grade_id})이 제출한 노트북에 없습니다: 지웠거나 칸의 채점 표시(nbgrader "
                           "메타데이터)가 바뀌었습니다. 학생용 사본의 채점 칸을 다시 넣어 내게 하세요.")
    text = clean(cell_text(grade))
    names = error_names(grade)
    answer_names = error_names(answer) if answer is not None else []
    limit_line = (f"제한 시간을 넘어 멈췄습니다 (칸 하나 {settings.cell_timeout}초, 노트북 전체 {settings.notebook_timeout}초). "
                  "끝나지 않는 반복문이나 너무 긴 계산이 없는지 보세요.")
    died_line = ("커널이 죽었습니다 (os._exit, 메모리 부족 등으로 파이썬이 멈춤). 앞 칸들을 새 커널에서 다시 실행해 "
                 "다음 칸부터 이어서 채점했습니다.")
    if not names:
        if grade.get("execution_count") is None and not grade.get("outputs"):
            return "error", "채점 칸이 실행되지 않았습니다."
        return "pass", text
    if "NotebookTimeout" in names or "NotebookTimeout" in answer_names:
        return "timeout", f"노트북 전체의 제한 시간({settings.notebook_timeout}초)이 다 되어 이 문제까지 실행하지 못했습니다."
    if "GradingStopped" in names:
        return "error", "앞에서 죽은 커널을 다시 살리지 못해 이 문제는 실행하지 않았습니다."
    if TIMEOUT_ERRORS & set(names):
        return "timeout", "\n".join(filter(None, [limit_line, text]))
    if "DeadKernelError" in names:
        return "error", "\n".join(filter(None, [died_line, text]))
    for ename, status in CHECKER_ERRORS.items():
        if ename in names:
            return status, text or first_error(grade)
    if "MemoryError" in names + answer_names:
        return "error", (f"메모리 한도({settings.memory_gb:g} GiB)를 넘었습니다 (MemoryError): 끝없이 커지는 리스트나 "
                         "너무 큰 텐서가 없는지 보세요.")
    if TIMEOUT_ERRORS & set(answer_names):
        return "timeout", f"답 칸이 {limit_line}"
    if "DeadKernelError" in answer_names:
        return "error", f"답 칸에서 {died_line}"
    if "NotImplementedError" in answer_names:
        return "missing", "답 칸이 아직 비어 있습니다 (NotImplementedError)."
    if answer_names:
        return "error", f"답 칸에서 오류가 났습니다: {first_error(answer)}\n채점 칸: {first_error(grade)}"
    if answer is None and "NameError" in names:
        return "missing", f"답 칸({grade_id}_answer)이 없고 채점 칸이 답을 찾지 못했습니다: {first_error(grade)}"
    return "error", "\n".join(filter(None, [f"채점 칸에서 오류가 났습니다: {first_error(grade)}", text]))


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
        try:  # 노트북 제한에 nbgrader와 커널을 띄우고 정리하는 시간을 더한다
            return proc.wait(timeout=settings.notebook_timeout + 120)
        except subprocess.TimeoutExpired:
            return None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL) if os.name == "posix" else proc.kill()
            except OSError:
                pass
            proc.wait()
            kill_leftovers(token)


def read_grades(job, student, lesson, settings):
    """채점한 노트북에서 문제마다 결과를 읽는다: (결과, 알림 목록, 채점하지 못한 까닭 또는 None)."""
    nb = nbformat.reads(safe_read(job, Path("autograded") / student.sid / lesson.id / lesson.file), as_version=4)
    cells = {}
    for cell in nb.cells:
        cells.setdefault(mark(cell), cell)
    try:
        points = nbgrader_points(job)
    except (OSError, sqlite3.Error):
        points = {}
    results, notes, problem = {}, [], None
    for exercise in lesson.exercises:
        status, feedback = exercise_result(cells, exercise, settings)
        results[exercise] = {"status": status, "feedback": feedback, "nbgrader_points": points.get(exercise)}
        if exercise in points and (status == "pass") != bool(points[exercise]):
            notes.append(f"{lesson.label} {exercise}: nbgrader의 점수({points[exercise]:g})와 키트의 판정"
                         f"({LABELS[status]})이 다릅니다 (채점 칸이 stderr에 출력했을 수 있습니다).")
    errors = {name for cell in nb.cells if cell.cell_type == "code" for name in error_names(cell)}
    if "DeadKernelError" in errors:
        notes.append(f"{lesson.label}: 커널이 죽어 새 커널에서 앞 칸들을 다시 실행하고 이어서 채점했습니다.")
    if "NotebookTimeout" in errors:
        problem = f"노트북 전체의 제한 시간({settings.notebook_timeout}초)이 다 되어 뒤의 칸을 실행하지 못했습니다."
    if "GradingStopped" in errors:
        problem = "죽은 커널을 다시 살리지 못해 뒤의 칸을 실행하지 못했습니다."
    return results, notes, problem


def grade_one(student, lesson, template, scratch, settings, mpl_cache):
    """학생 하나의 강의 하나를 nbgrader autograde로 채점한다. 무엇이 잘못되어도 이 제출물 하나만 잃는다.

    {"results": {문제: {...}}, "notes": [...], "problem": 한국어 또는 None, "seconds": 걸린 시간}을 돌려준다.
    """
    start, token = time.time(), os.urandom(8).hex()
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    log_path = Path(scratch) / "logs" / f"{job.name}.log"
    notes, returncode = [], 0
    try:
        notes = prepare_job(job, template, lesson, student, settings, token, mpl_cache)
        returncode = run_autograde(job, lesson, student, settings, token, log_path)
        results, more, problem = read_grades(job, student, lesson, settings)
        notes += more
        status = None
    except Exception as err:
        if returncode is None:
            status, problem = "timeout", f"{settings.notebook_timeout + 120}초 안에 끝나지 않아 멈췄습니다."
        elif log_path.exists() and returncode:
            status, problem = "error", f"nbgrader가 채점하지 못했습니다 (종료 코드 {returncode}): {log_tail(log_path)}"
        else:
            status, problem = "error", f"채점하다 오류가 났습니다 ({type(err).__name__}: {err})"
        results = {exercise: {"status": status, "feedback": problem, "nbgrader_points": None}
                   for exercise in lesson.exercises}
    finally:
        shutil.rmtree(job, ignore_errors=True)
    return {"results": results, "notes": notes, "problem": problem, "seconds": round(time.time() - start, 1)}


def log_tail(path, lines=3):
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    interesting = [line for line in text.splitlines() if "ERROR" in line or "Error" in line] or text.splitlines()
    return clean(" / ".join(interesting[-lines:]), 600)


def build_mpl_cache(scratch):
    """matplotlib의 글꼴 목록을 한 번만 만들어 두고 채점마다 복사한다 (커널마다 글꼴을 다시 훑지 않도록)."""
    cache = Path(scratch) / "mpl"
    cache.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "MPLCONFIGDIR": str(cache), "HOME": str(scratch)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return cache


# ---------------------------------------------------------------- 결과 쓰기
def columns(students, lessons):
    """CSV의 문제 열: 누군가 낸(또는 내려 한) 강의의 문제 전부, 강의 순서대로."""
    used = {lesson_id for s in students for lesson_id in [*s.notebooks, *s.broken]}
    return [(lessons[lesson_id], exercise) for lesson_id in sorted(used) for exercise in lessons[lesson_id].exercises]


def fill_missing(students, cols):
    for student in students:
        for lesson, exercise in cols:
            if exercise in student.results:
                continue
            if lesson.id in student.broken:
                student.results[exercise] = {"status": "error", "nbgrader_points": None,
                                             "feedback": f"{student.broken[lesson.id]}: 노트북 파일이 깨져 읽지 못했습니다."}
            else:
                student.results[exercise] = {"status": "missing", "nbgrader_points": None,
                                             "feedback": f"{lesson.label} 노트북을 내지 않았습니다."}


def csv_text(students, cols):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *(exercise for _, exercise in cols), "total"])
    for s in students:
        writer.writerow([s.name, *(s.results[exercise]["status"] for _, exercise in cols), s.total])
    return out.getvalue()


def report_data(students, cols, problems, settings, submissions, elapsed):
    import gan_utils
    return {
        "kit_version": gan_utils.__version__,
        "graded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "submissions": str(submissions),
        "settings": {"cell_timeout_s": settings.cell_timeout, "notebook_timeout_s": settings.notebook_timeout,
                     "memory_gb": settings.memory_gb, "jobs": settings.jobs,
                     "parameters": "full" if settings.full else "ci",
                     "run_as": "nobody" if settings.user else "current user"},
        "exercises": [{"id": exercise, "lesson": lesson.id, "notebook": lesson.file} for lesson, exercise in cols],
        "students": [{"student": s.name, "total": s.total, "notes": s.notes, "seconds": s.seconds,
                      "results": {exercise: s.results[exercise] for _, exercise in cols}} for s in students],
        "problems": problems,
        "all_graded": not problems,
        "elapsed_s": round(elapsed, 1),
    }


REPORT_CSS = """
body { font-family: "NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
       margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; }
thead th { background: #f0f0f0; font-size: 0.9em; white-space: nowrap; }
tbody th, td.total { white-space: nowrap; text-align: left; }
td.status { text-align: center; min-width: 3em; }
td.pass { background: #e8f7e8; } td.fail { background: #fde8e8; } td.missing { background: #f4f4f4; }
td.error { background: #fff3d6; } td.timeout { background: #e6ecfb; }
summary { cursor: pointer; font-size: 1.2em; list-style: none; }
details[open] { min-width: 22em; }
details pre { white-space: pre-wrap; font-family: inherit; font-size: 0.85em; text-align: left; max-width: 40em; }
td.notes { font-size: 0.85em; min-width: 18em; max-width: 30em; }
td.notes ul { margin: 0; padding-left: 1.2em; }
.meta, .legend { color: #444; }
"""


def report_html(data):
    """보고서 HTML 한 파일 (바깥 파일·인터넷 없이 열린다). 학생 코드의 출력이 들어가므로 모든 글을 이스케이프한다."""
    esc = html.escape
    s = data["settings"]
    lessons = []  # [(강의 id, 문제 수)]
    for ex in data["exercises"]:
        if lessons and lessons[-1][0] == ex["lesson"]:
            lessons[-1][1] += 1
        else:
            lessons.append([ex["lesson"], 1])
    parts = ["<!DOCTYPE html>", '<html lang="ko"><head><meta charset="utf-8">',
             "<title>채점 결과 - GAN 강의 키트</title>", f"<style>{REPORT_CSS}</style></head><body>",
             "<h1>채점 결과</h1>",
             f'<p class="meta">채점한 키트: <b>gan_utils {esc(data["kit_version"])}</b> · 채점 시각 {esc(data["graded_at"])} · '
             f'제출 폴더 <code>{esc(data["submissions"])}</code><br>제한: 칸 하나 {s["cell_timeout_s"]}초, 노트북 하나 '
             f'{s["notebook_timeout_s"]}초, 커널 메모리 {s["memory_gb"]:g} GiB · 매개변수: '
             f'{"노트북의 원래 값 (--full)" if s["parameters"] == "full" else "빠른 설정 (ci_parameters)"} · '
             f'실행한 사용자: {esc(s["run_as"])} · 학생 {len(data["students"])}명 · '
             f'{"모든 제출물을 채점했습니다" if data["all_graded"] else "채점하지 못한 것이 있습니다 (아래)"}</p>',
             '<p class="legend">' + " · ".join(f"{SYMBOLS[k]} {LABELS[k]} (<code>{k}</code>)" for k in STATUSES)
             + " — 칸을 누르면 채점기의 안내가 펼쳐집니다.</p>",
             '<table id="grades"><thead><tr><th rowspan="2">학생</th>']
    parts += [f'<th colspan="{n}">{int(lesson_id[-2:])}강</th>' for lesson_id, n in lessons]
    parts.append('<th rowspan="2">합계</th><th rowspan="2">알림</th></tr><tr>')
    parts += [f'<th title="{esc(ex["id"])}">{esc(ex["id"].split("_", 1)[1])}</th>' for ex in data["exercises"]]
    parts.append("</tr></thead><tbody>")
    for student in data["students"]:
        row = [f'<tr><th scope="row">{esc(student["student"])}</th>']
        for ex in data["exercises"]:
            result = student["results"][ex["id"]]
            status = result["status"]
            row.append(f'<td class="status {status}" data-exercise="{esc(ex["id"])}"><details>'
                       f'<summary title="{LABELS[status]}">{SYMBOLS[status]}</summary>'
                       f'<pre>{esc(result["feedback"] or LABELS[status])}</pre></details></td>')
        notes = "".join(f"<li>{esc(n)}</li>" for n in student["notes"])
        row.append(f'<td class="total">{student["total"]}/{len(data["exercises"])}</td>'
                   f'<td class="notes">{f"<ul>{notes}</ul>" if notes else ""}</td></tr>')
        parts.append("".join(row))
    parts.append("</tbody></table>")
    parts.append("<h2>채점하지 못한 것</h2>")
    if data["problems"]:
        parts.append('<ul id="problems">' + "".join(
            f'<li><b>{esc(p["student"] or "(학생 폴더 밖)")}</b>{" · " + esc(p["file"]) if p["file"] else ""}: '
            f'{esc(p["message"])}</li>' for p in data["problems"]) + "</ul>")
    else:
        parts.append('<p id="problems">없습니다. 모든 제출물을 채점했습니다.</p>')
    parts.append(f'<p class="meta">걸린 시간: {data["elapsed_s"]:.0f}초. 같은 결과가 grades.csv와 grades.json에도 있습니다.</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_results(out, data, csv_body):
    """세 파일을 임시 이름으로 다 쓴 뒤 이름을 바꾼다: 중간에 멈춰도 반쯤 쓴 성적표가 남지 않는다."""
    out.mkdir(parents=True, exist_ok=True)
    files = {"grades.csv": ("\ufeff" + csv_body),  # BOM: 한국어 윈도의 엑셀이 UTF-8로 연다
             "grades.json": json.dumps(data, ensure_ascii=False, indent=1) + "\n",
             "report.html": report_html(data)}
    temps = []
    for name, text in files.items():
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(temp, 0o644)
        temps.append((temp, out / name))
    for temp, final in temps:
        os.replace(temp, final)


# ---------------------------------------------------------------- 명령
def say(text):
    print(text, flush=True)  # 파이프로 받아도 채점하는 동안 한 줄씩 보이게


def grade(submissions, out, settings, log=say):
    """제출 폴더 하나를 채점해 out에 결과를 쓰고 결과(dict)를 돌려준다."""
    from course.student import make_course, lesson_notebooks, use_venv_tools
    start = time.time()
    students, problems = find_students(submissions)
    if not students:
        raise UsageError(f"{submissions}에 학생 폴더가 없습니다. 제출물/<학생>/<강의 파일>.ipynb 모양으로 두세요.")
    if settings.user:
        check_sandbox_access(settings)
    use_venv_tools()
    scratch = Path(tempfile.mkdtemp(prefix="gan-kit-grade-"))
    try:
        if settings.user:
            os.chmod(scratch, 0o711)  # nobody는 자기 채점 폴더(이름을 모름)로 들어갈 수만 있고 목록은 못 본다
        (scratch / "logs").mkdir(mode=0o700)
        template = scratch / "template"
        log(f"[grade] {submissions}: 학생 폴더 {len(students)}개. nbgrader 과정 폴더를 만듭니다...")
        make_course(template, lesson_notebooks(ROOT / "notebooks"))
        os.chmod(template, 0o700)  # 강사용 원본(정답)이 있다: 학생 코드(nobody)가 이름을 짐작해도 못 읽게
        lessons, owner = kit_lessons(template)
        for student in students:
            collect(student, lessons, owner, problems)
        flag_duplicate_names(students)
        mpl_cache = build_mpl_cache(scratch)
        jobs = [(s, lessons[lesson_id]) for s in students for lesson_id in sorted(s.notebooks)]
        log(f"[grade] 채점할 노트북 {len(jobs)}개 (동시에 {settings.jobs}개, "
            f"칸 {settings.cell_timeout}초·노트북 {settings.notebook_timeout}초 제한)")
        with ThreadPoolExecutor(max_workers=settings.jobs) as pool:
            futures = {pool.submit(grade_one, s, lesson, template, scratch, settings, mpl_cache): (s, lesson)
                       for s, lesson in jobs}
            for done, future in enumerate(as_completed(futures), 1):
                student, lesson = futures[future]
                outcome = future.result()
                student.results.update(outcome["results"])
                student.notes += outcome["notes"]
                student.seconds[lesson.id] = outcome["seconds"]
                if outcome["problem"]:
                    file = student.notebooks[lesson.id][0].relative_to(student.folder).as_posix()
                    problems.append({"student": student.name, "file": file, "message": outcome["problem"]})
                    student.notes.append(f"{file}: {outcome['problem']}")
                marks = " ".join(SYMBOLS[outcome["results"][e]["status"]] for e in lesson.exercises)
                log(f"[grade] {done}/{len(jobs)} {student.name} {lesson.label}: {marks} ({outcome['seconds']:.0f}초)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cols = columns(students, lessons)
    fill_missing(students, cols)
    data = report_data(students, cols, problems, settings, submissions, time.time() - start)
    write_results(out, data, csv_text(students, cols))
    return data


class UsageError(Exception):
    """명령을 잘못 썼다 (종료 코드 2)."""


def parse_settings(args):
    cell, notebook = DEFAULT_TIMEOUTS[args.full]
    data_dir = os.environ.get("GAN_DATA_DIR") or str(ROOT / "data")
    return Settings(cell_timeout=args.cell_timeout or cell, notebook_timeout=args.notebook_timeout or notebook,
                    memory_gb=args.memory, jobs=args.jobs, full=args.full,
                    data_dir=str(Path(data_dir).expanduser().resolve()), user=sandbox_user())


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 kit.py grade",
        description="학생들이 낸 강의 노트북을 nbgrader로 채점해 grades.csv, grades.json, report.html을 만든다. "
                    "제출물은 학생마다 폴더 하나: 제출물/<학생>/<강의 파일>.ipynb")
    parser.add_argument("submissions", help="제출 폴더 (안에 학생마다 폴더 하나)")
    parser.add_argument("--out", help="결과 폴더 (기본: 제출 폴더 옆의 <제출 폴더>-grades). 제출 폴더 안은 안 됨")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="동시에 채점할 노트북 수 (기본: 코어 수, 최대 2)")
    parser.add_argument("--cell-timeout", type=int, help="칸 하나의 제한 시간(초). 기본 120, --full이면 900")
    parser.add_argument("--notebook-timeout", type=int, help="노트북 하나의 제한 시간(초). 기본 600, --full이면 3600")
    parser.add_argument("--memory", type=float, default=4.0, help="커널 하나의 메모리 한도(GiB, 기본 4)")
    parser.add_argument("--full", action="store_true",
                        help="노트북의 원래 매개변수로 채점 (기본은 빠른 설정 ci_parameters: 4강이 몇 분씩 학습하지 않게)")
    args = parser.parse_args(argv)
    here = Path(os.environ.get("GAN_KIT_CWD") or ".")  # kit.py는 저장소 맨 위에서 실행하므로 부른 폴더를 알려 준다
    submissions = (here / Path(args.submissions).expanduser()).resolve()
    try:
        if not submissions.is_dir():
            raise UsageError(f"제출 폴더가 없습니다: {submissions}")
        out = ((here / Path(args.out).expanduser()).resolve() if args.out
               else submissions.parent / f"{submissions.name}-grades")
        if out == submissions or submissions in out.parents:
            raise UsageError(f"결과 폴더({out})를 제출 폴더 안에 둘 수 없습니다: 제출물에는 아무것도 쓰지 않습니다. "
                             "--out으로 다른 곳을 고르세요.")
        if args.jobs < 1 or args.memory <= 0 or any(t is not None and t < 1 for t in
                                                     (args.cell_timeout, args.notebook_timeout)):
            raise UsageError("--jobs, --memory, --cell-timeout, --notebook-timeout은 0보다 커야 합니다.")
        data = grade(submissions, out, parse_settings(args))
    except UsageError as err:
        print(f"[grade] {err}", file=sys.stderr)
        return 2
    counts = Counter(r["status"] for s in data["students"] for r in s["results"].values())
    say(f"[grade] 결과: {out}/report.html, grades.csv, grades.json ("
          + ", ".join(f"{SYMBOLS[k]} {LABELS[k]} {counts[k]}" for k in STATUSES) + f", {data['elapsed_s']:.0f}초)")
    for p in data["problems"]:
        say(f"[grade] 채점하지 못함: {p['student'] or '(학생 폴더 밖)'} {p['file'] or ''}: {p['message']}")
    return 0 if data["all_graded"] else 1


if __name__ == "__main__":
    sys.exit(main())
