"""학생용 사본: 강사용 노트북(정답 포함)에서 nbgrader의 과제 만들기(generate_assignment)로 정답을 지운 노트북을 만든다.

강사용 노트북의 연습 문제는 nbgrader 형식이다. 정답 칸(메타데이터 ``nbgrader.solution``)의 정답은
``### BEGIN SOLUTION`` ~ ``### END SOLUTION`` 사이에 있고, 바로 아래 채점 칸(``nbgrader.grade``, 1점, 문제마다
고정된 ``grade_id`` 예: ``l1_police_batch``)이 키트의 한국어 채점기를 부른다. 채점 칸 끝의 ``### BEGIN HIDDEN TESTS``
구간(``result.require()``)은 학생용 사본에서 빠지고, nbgrader가 채점할 때 되살아나 통과하지 못한 답을 0점으로 만든다.

학생용 사본은 nbgrader가 만든다 (정답 구간 → 한국어 안내와 ``raise NotImplementedError``, 출력 지우기, 채점 칸 잠그기,
숨은 테스트 빼기, 검사 합). 키트는 그 앞뒤에 전처리기 두 개를 끼운다: 앞에서는 강사에게만 보일 칸(슬라이드의 발표자
노트 칸, 태그 ``solution-discussion``인 풀이 칸)과 ``# NBVAL_CHECK_OUTPUT`` 표시를 빼고, 뒤에서는 맨 위에 학생용 안내를
넣고 칸 id를 고정해 만들 때마다 같은 파일이 나오게 한다.

    python3 kit.py student          # notebooks/ → notebooks/student/ (0강부터 모든 강의)
    python -m course.student --help # 가상환경 안, 저장소 맨 위에서 같은 명령 (--src, --out)

학생용 사본은 늘 이 명령으로 만든다. 손으로 고치면 다음에 만들 때 사라지고, 테스트가 '낡았다'고 알린다.
"""
import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions, NbGraderPreprocessor
from traitlets.config import Config

from . import LESSON_PATTERN, lesson_id

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
SOLUTION_DISCUSSION = "solution-discussion"  # 연습 문제를 푼 결과를 풀이하는 칸의 태그 (학생용 사본과 페이지에서 뺀다)
PROMPT = "# 여기에 코드를 쓰세요 (YOUR CODE HERE)"
STUB = 'raise NotImplementedError("연습 문제: 이 부분을 직접 채운 뒤 칸을 다시 실행하세요.")'
MADE_BY = "> 이 파일은 `python3 kit.py student`가 강사용 노트북에서 만든 것입니다."
HEADER = ("> **학생용 사본**: 연습 문제의 정답 자리가 비어 있습니다. 빈칸을 채우고 바로 아래 채점 칸을 실행하세요.\n"
          + MADE_BY)
# 연습 문제가 없는 강의(0강 환경 점검)의 사본: 출력만 지워져 있으므로 위에서부터 실행하면 된다
HEADER_NO_EXERCISES = ("> **학생용 사본**: 이 강의에는 연습 문제가 없습니다. 출력이 지워져 있으니 위에서부터 끝까지 실행하세요.\n"
                       + MADE_BY)


class DropTeacherCells(NbGraderPreprocessor):
    """nbgrader보다 먼저: 강사에게만 보일 칸을 빼고, 맨 바깥 수준에서 곧바로 NotImplementedError를 낼 칸에 태그를 단다."""

    def preprocess(self, nb, resources):
        # 발표자 노트(slide_type "notes")에는 질문의 답이 들어 있을 수 있고, solution-discussion 칸은 학생이 직접 풀어 볼 풀이다
        nb.cells = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "notes"
                    and SOLUTION_DISCUSSION not in c.metadata.get("tags", [])]
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.metadata.pop("execution", None)
            # 학생이 아직 풀지 않았으면 채점 결과가 강사용과 다르므로 출력 비교 표시를 뺀다
            cell.source = re.sub(r"^# NBVAL_CHECK_OUTPUT\n", "", cell.source)
            if any(line.startswith(BEGIN) for line in cell.source.splitlines()):
                tags = cell.metadata.setdefault("tags", [])
                if "raises-exception" not in tags:
                    tags.append("raises-exception")  # 실행하면 곧바로 NotImplementedError: papermill과 nbval에 알린다
        return nb, resources


class FinishStudentCopy(NbGraderPreprocessor):
    """nbgrader 다음에: 맨 위에 학생용 안내를 넣고, 칸 id를 고정하고, 강사용 실행의 흔적(위젯 상태)을 지운다."""

    def preprocess(self, nb, resources):
        exercises = any(c.metadata.get("nbgrader", {}).get("solution") for c in nb.cells)
        nb.metadata.pop("widgets", None)  # 지운 출력의 위젯 상태
        nb.metadata.setdefault("gan_kit", {})["student_copy"] = True
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(HEADER if exercises else HEADER_NO_EXERCISES))
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i}"  # 만들 때마다 같은 파일이 나오도록 고정된 id
        return nb, resources


def assignment_id(path):
    """강의 노트북 → nbgrader 과제 이름 (01_위조지폐범과_경찰.ipynb → lesson01, 03b_... → lesson03b). 과제 하나에 노트북 하나."""
    return f"lesson{lesson_id(path)}"


def nbgrader_config(root):
    """키트의 nbgrader 설정: 과정 폴더 root, 한국어 빈칸 안내, 키트의 전처리기 두 개를 nbgrader의 것 앞뒤에."""
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = "gan-kit"
    c.ClearSolutions.code_stub = {"python": f"{PROMPT}\n{STUB}"}
    c.GenerateAssignment.preprocessors = [DropTeacherCells, *GenerateAssignment.class_traits()["preprocessors"].default(),
                                          FinishStudentCopy]
    return c


def use_venv_tools():
    """nbgrader는 채점 기록부를 열 때 명령 `alembic`을 PATH에서 찾는다: 가상환경을 켜지 않고 불러도 찾게 한다."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def make_course(root, sources):
    """root에 nbgrader 과정 폴더를 만들고 (source/lessonNN/<강의>.ipynb) 과제마다 generate_assignment를 돌린다.

    결과: root/release/lessonNN/<강의>.ipynb (학생용 사본)와 root/gradebook.db (채점 칸과 배점). 과제 이름 목록을 돌려준다.
    """
    root = Path(root)
    use_venv_tools()
    config = nbgrader_config(root)
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    api.log.setLevel(logging.ERROR)
    ids = []
    for path in sources:
        target = root / "source" / assignment_id(path) / Path(path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        result = api.generate_assignment(assignment_id(path))
        if not result["success"]:
            raise RuntimeError(f"nbgrader가 {Path(path).name}의 학생용 사본을 만들지 못했습니다:\n"
                               f"{result.get('error') or result.get('log')}")
        ids.append(assignment_id(path))
    return ids


def make_student_copy(nb, name="00_lesson.ipynb"):
    """노트북 하나(nbformat 객체)의 학생용 사본을 임시 과정 폴더에서 nbgrader로 만들어 돌려준다 (원본은 바꾸지 않는다)."""
    with tempfile.TemporaryDirectory(prefix="gan-kit-student-") as root:
        source = Path(root) / "in" / name
        source.parent.mkdir()
        nbformat.write(nb, source)
        make_course(Path(root) / "course", [source])
        return nbformat.read(Path(root) / "course" / "release" / assignment_id(source) / name, as_version=4)


def clear_for_slides(nb, solutions):
    """슬라이드와 페이지용: 숨은 테스트 구간을 늘 빼고, 학생용(solutions=False)이면 정답 구간도 nbgrader의 빈칸으로 바꾼다."""
    config = nbgrader_config(".")
    steps = [ClearHiddenTests] if solutions else [ClearSolutions, ClearHiddenTests]
    for step in steps:
        nb, _ = step(config=config, enforce_metadata=False).preprocess(nb, {})
    return nb


def lesson_notebooks(src_dir="notebooks"):
    """src_dir의 강의 노트북(두 자리 숫자로 시작하는 .ipynb, 00_환경_점검 ~ 05_조건부_GAN과_DCGAN)을 번호 순서로 돌려준다.

    student/ 폴더는 보지 않는다. 하나도 없으면 어느 폴더를 찾았는지 말하는 FileNotFoundError.
    """
    paths = sorted(Path(src_dir).glob(LESSON_PATTERN))
    if not paths:
        raise FileNotFoundError(f"{Path(src_dir).resolve()}에 강의 노트북(예: 01_위조지폐범과_경찰.ipynb)이 없습니다. "
                                "notebooks 폴더를 알려 주세요 (명령줄에서는 --src).")
    return paths


def write_student_notebooks(src_dir="notebooks", out_dir=None):
    """src_dir의 강의 노트북마다 학생용 사본을 out_dir(기본: src_dir/student)에 쓰고 경로 목록을 돌려준다.

    nbgrader의 과정 폴더는 임시 폴더에 만들었다 지운다. 연습 문제가 없는 강의(0강 환경 점검)도 사본을 만든다:
    학생은 student/ 폴더 하나만 받아 0강부터 차례로 연다.
    """
    src_dir = Path(src_dir)
    out_dir = Path(out_dir) if out_dir else src_dir / "student"
    sources = lesson_notebooks(src_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="gan-kit-student-") as root:
        make_course(root, sources)
        for path in sources:
            made = Path(root) / "release" / assignment_id(path) / path.name
            target = out_dir / path.name
            nbformat.write(nbformat.read(made, as_version=4), target)  # nbformat의 모양으로 다시 써서 늘 같은 바이트
            written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 kit.py student",
        description="강사용 노트북의 정답 구간(### BEGIN SOLUTION ~ ### END SOLUTION)을 지운 학생용 사본을 만든다.")
    parser.add_argument("--src", default="notebooks", help="강사용 노트북 폴더 (기본 notebooks)")
    parser.add_argument("--out", help="학생용 사본 폴더 (기본: <src>/student)")
    args = parser.parse_args(argv)
    written = write_student_notebooks(args.src, args.out)
    for path in written:
        print(path)
    print(f"[student] 학생용 사본 {len(written)}개를 만들었습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
