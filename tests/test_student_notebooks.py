"""학생용 사본: 정답이 지워졌는지, 저장소의 사본이 최신인지, 사본이 끝까지 실행되는지.

학생용 사본은 0강(환경 점검, 연습 문제 없음)부터 모든 강의에 있다: 학생은 notebooks/student/ 하나만 받아 0강부터 연다.
학생용 사본에서는 연습 문제 함수가 NotImplementedError를 내므로 채점기는 '아직 아닙니다'를 출력해야 하고,
그 밖의 칸은 강사용과 똑같이 돌아야 한다. 연습 문제가 없는 0강의 사본은 오류 없이 끝까지 돈다.

사본은 CI에서 한 번만 실행한다: 학생이 실제로 여는 곳과 같은 수업 서버 상황(설치한 휠, 학생 홈, 읽기 전용 데이터)에서
tests/test_install.py가 사본을 CI 매개변수로 끝까지 돌리고, 그 출력을 여기의 ``check_student_run``이 본다 (오류는
raises-exception 칸의 NotImplementedError뿐, 채점기는 '아직 아닙니다'). 같은 사본을 여기서 또 돌리면 CI만 2분 넘게
길어진다. 저장된 출력과의 비교(nbval)는 강사용 노트북에서 한다 (tests/test_notebooks.py).
"""
import ast
import copy
import re

import nbformat
import pytest

from course import lesson_id
from course.student import (BEGIN, END, HEADER, HEADER_NO_EXERCISES, MADE_BY, PROMPT, STUB, lesson_notebooks,
                            make_student_copy, write_student_notebooks)

from conftest import run_kit
from test_notebooks import NOTEBOOK_DIR, ROOT, ci_parameters

STUDENT_DIR = NOTEBOOK_DIR / "student"
LESSONS = lesson_notebooks(NOTEBOOK_DIR)  # 강사용 노트북 00 ~ 04
INSTRUCTOR = [p for p in LESSONS if BEGIN in p.read_text(encoding="utf-8")]  # 연습 문제가 있는 강의
STUDENT = [STUDENT_DIR / p.name for p in LESSONS]


def nbgrader_cell(source, grade_id, solution):
    meta = {"grade": not solution, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False, **({} if solution else {"points": 1})}
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


def test_nbgrader_writes_the_korean_stub_keeps_indent_and_hides_the_grading_line():
    """nbgrader의 generate_assignment가 정답 구간을 키트의 한국어 안내로 바꾸고(들여쓰기 유지), 숨은 테스트를 뺀다."""
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        nbgrader_cell("def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION", "l9_f_answer", True),
        nbgrader_cell("ok = check(f)\n### BEGIN HIDDEN TESTS\nok.require()\n### END HIDDEN TESTS", "l9_f", False),
        nbgrader_cell("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION\nprint(answer)", "l9_top_answer", True),
        v4.new_markdown_cell("발표자 노트", metadata={"slideshow": {"slide_type": "notes"}}),
    ])
    student = make_student_copy(nb)
    assert student.cells[0].source == HEADER and len(student.cells) == 4  # 안내 한 칸이 늘고 발표자 노트가 빠진다
    answer, check, top = student.cells[1:]
    assert answer.source == f"def f(x):\n    y = 1\n    {PROMPT}\n    {STUB}"
    assert "raises-exception" not in answer.metadata.get("tags", [])  # 함수 안의 빈칸은 부를 때에야 오류
    assert check.source == "ok = check(f)" and check.metadata["editable"] is False  # 채점 칸은 잠기고 숨은 줄은 빠진다
    assert top.source.startswith(PROMPT) and "answer = 3" not in top.source
    assert "raises-exception" in top.metadata["tags"]  # 맨 바깥의 빈칸은 실행하자마자 NotImplementedError
    assert [c["id"] for c in student.cells] == [f"cell-{i}" for i in range(4)]


def test_every_exercise_is_an_nbgrader_pair_with_a_stable_id():
    """연습 문제마다 정답 칸(solution)과 바로 아래 채점 칸(grade, 1점, 숨은 .require())이 짝을 이루고 id는 강의 안에서 하나."""
    for path in INSTRUCTOR:
        nb = nbformat.read(path, as_version=4)
        lesson = int(path.name[:2])
        ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
        assert len(ids) == len(set(ids)) and all(i.startswith(f"l{lesson}_") for i in ids), ids
        cells = [c for c in nb.cells if c.cell_type == "code"]
        solutions = [i for i, c in enumerate(cells) if BEGIN in c.source]
        assert len(solutions) >= 3, path.name
        for i in solutions:
            answer, check = cells[i].metadata.get("nbgrader", {}), cells[i + 1].metadata.get("nbgrader", {})
            assert answer.get("solution") and not answer.get("grade"), cells[i].source[:80]
            assert check.get("grade") and check.get("points") == 1 and check["grade_id"] + "_answer" == answer["grade_id"]
            hidden = re.search(r"### BEGIN HIDDEN TESTS\n(\w+)\.require\(\)", cells[i + 1].source)
            assert hidden and re.search(rf"^{hidden.group(1)} = check_\w+\(", cells[i + 1].source, flags=re.M), \
                cells[i + 1].source


def test_every_lesson_has_a_student_copy():
    """0강(연습 문제 없음)부터 5강까지 모두 (3.5강 포함): 안내서가 학생에게 0강을 먼저 실행하게 하므로 0강 사본도 있어야 한다."""
    assert [lesson_id(p) for p in LESSONS] == ["00", "01", "02", "03", "03b", "04", "05"], [p.name for p in LESSONS]
    assert len(INSTRUCTOR) >= 3, [p.name for p in INSTRUCTOR]
    for path in STUDENT:
        assert path.is_file(), f"{path.name}의 학생용 사본이 없습니다: python3 kit.py student"
    extra = sorted({p.name for p in STUDENT_DIR.glob("[0-9]*.ipynb")} - {p.name for p in STUDENT})
    assert not extra, f"강사용 노트북이 없는 학생용 사본이 남아 있습니다 (지우세요): {extra}"


def test_lesson0_student_copy_is_cleared_and_says_there_are_no_exercises():
    teacher = nbformat.read(NOTEBOOK_DIR / "00_환경_점검.ipynb", as_version=4)
    assert not any(BEGIN in c.source for c in teacher.cells)  # 0강에는 연습 문제가 없다
    student = make_student_copy(teacher)
    assert student.cells[0].source == HEADER_NO_EXERCISES
    code = [c for c in student.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert not any("raises-exception" in c.metadata.get("tags", []) for c in code)
    assert not any(c.metadata.get("slideshow", {}).get("slide_type") == "notes" for c in student.cells)
    assert student.metadata["gan_kit"]["student_copy"] is True and "widgets" not in student.metadata


@pytest.mark.parametrize("path", INSTRUCTOR, ids=lambda p: p.stem)
def test_student_copy_has_no_solutions_and_no_outputs(path):
    teacher = nbformat.read(path, as_version=4)
    student = make_student_copy(teacher)
    text = "\n".join(c.source for c in student.cells)
    assert BEGIN not in text and END not in text
    solutions = re.findall(rf"{BEGIN}\n(.*?)\n\s*{END}", "\n".join(c.source for c in teacher.cells), flags=re.S)
    assert solutions
    for block in solutions:
        assert block.strip() not in text  # 정답 코드가 어디에도 남지 않는다
    assert text.count("raise NotImplementedError") == len(solutions)
    code = [c for c in student.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert not any(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in code)
    assert student.metadata["gan_kit"]["ci_parameters"] == ci_parameters(teacher)
    assert student.metadata["gan_kit"]["student_copy"] is True
    assert student.cells[0].source == HEADER
    assert any(BEGIN in c.source for c in teacher.cells)  # 강사용 원본은 그대로


def test_committed_student_copies_are_up_to_date(tmp_path):
    """학생용 사본은 손으로 고치지 않고 명령으로 만든다: 강사용을 고친 뒤 다시 만들지 않았으면 여기서 실패한다."""
    fresh = write_student_notebooks(NOTEBOOK_DIR, tmp_path)
    assert [p.name for p in fresh] == [p.name for p in STUDENT]
    for new in fresh:
        old = STUDENT_DIR / new.name
        assert old.is_file(), f"{old.name}의 학생용 사본이 없습니다: python3 kit.py student"
        assert old.read_bytes() == new.read_bytes(), (
            f"{old.name}의 학생용 사본이 낡았습니다. 'python3 kit.py student'로 다시 만드세요.")


def test_kit_student_command_makes_the_same_copies(tmp_path):
    """`python3 kit.py student`가 course/student.py를 실행하고, 사본의 머리말은 그 명령을 가리킨다."""
    assert "`python3 kit.py student`" in MADE_BY
    result = run_kit("student", "--out", tmp_path)  # 키트의 가상환경 안: 설치 확인 없이 바로
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in STUDENT)
    for path in STUDENT:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_student_package_does_not_import_course_tooling():
    """학생이 import하는 gan_utils는 강의 준비 도구(course/) 없이 돌아간다: gan_utils 안에 course를 부르는 줄이 없다."""
    offenders = []
    for path in sorted((ROOT / "gan_utils").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names if n.split(".")[0] == "course"]
    assert not offenders, offenders


def checker_call_pattern(teacher):
    """강사용 노트북의 연습 문제 함수(정답 칸에서 정의한 것)를 채점기에 넘기는 줄 `check_...(함수)`를 찾는 정규식."""
    student_functions = [name for c in teacher.cells if c.cell_type == "code" and BEGIN in c.source
                         for name in re.findall(r"^def (\w+)\(", c.source, flags=re.M)]
    assert student_functions
    return re.compile(rf"check_\w+\(({'|'.join(student_functions)})\)")


def check_student_run(executed, teacher):
    """실행한 학생용 사본(executed)이 할 일을 했는지: 오류는 raises-exception 칸의 NotImplementedError뿐이고,
    강사용 노트북(teacher)의 연습 문제 함수를 부르는 채점 칸은 모두 '아직 아닙니다'라고 말한다.
    연습 문제가 없는 0강은 오류 없이 끝까지 돈다. tests/test_install.py가 수업 서버에서 돌린 사본에 쓴다."""
    if not any(BEGIN in c.source for c in teacher.cells):  # 0강: 연습 문제가 없으니 오류 없이 끝까지 돈다
        code = [c for c in executed.cells if c.cell_type == "code"]
        assert all(o.output_type != "error" for c in code for o in c.outputs)
        assert any(c.outputs for c in code)
        return
    checker_call = checker_call_pattern(teacher)
    checker_outputs = []
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:  # 실행하자마자 NotImplementedError를 내도록 표시한 칸만 오류가 허용된다
            assert "raises-exception" in cell.metadata.get("tags", []), cell.source[:200]
            assert errors[0].ename == "NotImplementedError"
        if checker_call.search(cell.source):
            checker_outputs.append("".join(o.get("text", "") for o in cell.outputs))
    assert checker_outputs, "채점 칸을 찾지 못했습니다"
    for text in checker_outputs:
        assert "아직 아닙니다" in text and "정답입니다" not in text, text


def test_student_run_check_rejects_a_solved_exercise_and_a_stray_error():
    """check_student_run이 정말 실패할 수 있다: 채점기가 '정답입니다'라고 하거나, 표시하지 않은 칸에 오류가 있으면 잡는다."""
    teacher = nbformat.read(NOTEBOOK_DIR / "01_위조지폐범과_경찰.ipynb", as_version=4)
    student = nbformat.read(STUDENT_DIR / "01_위조지폐범과_경찰.ipynb", as_version=4)
    checker = checker_call_pattern(teacher)
    for cell in student.cells:
        if cell.cell_type == "code":
            said = "아직 아닙니다" if checker.search(cell.source) else ""
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=said)] if said else []
    check_student_run(student, teacher)  # 흉내 낸 '제대로 된 실행'은 통과한다
    solved = copy.deepcopy(student)
    next(c for c in solved.cells if c.cell_type == "code" and checker.search(c.source)).outputs[0].text = "정답입니다"
    with pytest.raises(AssertionError):
        check_student_run(solved, teacher)
    stray = copy.deepcopy(student)
    plain = next(c for c in stray.cells if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", []))
    plain.outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[])]
    with pytest.raises(AssertionError):
        check_student_run(stray, teacher)
