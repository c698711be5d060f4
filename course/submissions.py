"""반 전체 채점의 제출 폴더 읽기: 학생 폴더를 찾고, 학생마다 강의별로 채점할 노트북 하나를 고른다.

제출물은 학생마다 폴더 하나, 그 안에 강의 노트북을 둔다 (``제출물/<학생>/<강의 파일>.ipynb``, 하위 폴더도 본다).
노트북이 어느 강의인지는 칸 메타데이터의 채점 표시(nbgrader ``grade_id``)로 정하고 파일 이름의 번호(01_...)로
확인한다. 읽지 못한 파일, 노트북이 아닌 파일, 링크, 같은 강의의 두 번째 노트북은 채점하지 않고 한국어로 알린다.
제출 폴더는 읽기만 한다.
"""
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .marks import mark
from .slides import ci_parameters
from .student import assignment_id

MAX_NOTEBOOK_BYTES = 100 * 2**20  # 이보다 큰 제출 파일과 채점 결과는 읽지 않는다 (노트북 하나는 보통 몇 MB)
# 건너뛰는 이름: 압축 프로그램과 운영체제가 만드는 것, nbgrader의 collect가 남기는 제출 시각
IGNORED_NAMES = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store", "Thumbs.db", "desktop.ini", "timestamp.txt"}


def lesson_label(lesson_id):
    """nbgrader 과제 이름 → 보고서와 알림에 쓰는 이름 (lesson01 → 1강)."""
    return f"{int(lesson_id[-2:])}강"


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
        return lesson_label(self.id)


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


def kit_lessons(template, sources):
    """템플릿 과정 폴더(release/)의 학생용 사본에서 강의마다 문제 목록을 읽는다. sources는 과정 폴더를 만든 강사용
    노트북들. (강의 id → Lesson, grade_id → 강의 id)를 돌려준다."""
    lessons, owner = {}, {}
    for source in sources:
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


def lesson_by_name(name, lessons):
    """파일 이름의 강의 번호(01_...)로 본 강의 id, 번호가 없거나 키트에 없는 강의면 None."""
    return assignment_id(name) if re.match(r"\d\d[a-z]?_", name) and assignment_id(name) in lessons else None


def read_notebook(path):
    """제출 파일 하나를 읽는다: (노트북, None) 또는 (None, 한국어로 읽지 못한 까닭)."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return None, f"파일이 너무 큽니다 ({size / 2**20:.0f} MB)"
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
    except Exception as err:  # JSON이지만 노트북의 구조가 아니다 (nbformat이 내는 예외는 구조마다 다르다)
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
    by_name = lesson_by_name(path.name, lessons)
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
    had_problems = False

    def problem(file, message):
        nonlocal had_problems
        had_problems = True
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
                    if lesson_by_name(name, lessons):
                        student.broken.setdefault(lesson_by_name(name, lessons), relative)
                    continue
                lesson_id, note = lesson_of(path, nb, lessons, owner)
                if lesson_id is None:
                    problem(relative, "어느 강의의 노트북인지 알 수 없습니다 (키트의 채점 칸도, 01_ 같은 강의 번호도 없음).")
                    continue
                if note:
                    student.notes.append(note)
                found.setdefault(lesson_id, []).append((path, nb))
    if not found and not student.broken and not had_problems:
        problem(None, "폴더가 비어 있습니다: 채점할 노트북이 없습니다.")
    for lesson_id, candidates in sorted(found.items()):
        lesson = lessons[lesson_id]
        student.broken.pop(lesson_id, None)
        if not lesson.exercises:  # 0강: 채점할 것이 없으니 사본이 여럿이어도 문제가 아니다
            student.notes.append(f"{lesson.label}에는 연습 문제가 없어 채점하지 않았습니다.")
            continue
        # 같은 강의가 둘 이상이면 원래 파일 이름인 것을, 없으면 이름순으로 첫 것을 채점한다
        candidates.sort(key=lambda item: (item[0].name != lesson.file, str(item[0])))
        student.notebooks[lesson_id] = candidates[0]
        for path, _ in candidates[1:]:
            problem(path.relative_to(student.folder).as_posix(),
                    f"같은 강의({lesson.label})의 노트북이 둘 이상이라 "
                    f"{candidates[0][0].relative_to(student.folder).as_posix()}만 채점했습니다.")


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
