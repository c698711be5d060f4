"""반 전체 채점 (course.grade, `python3 kit.py grade`): 가짜 반 하나를 nbgrader로 채점해 성적표를 글자 그대로 확인한다.

학생용 사본(notebooks/student/)에 강사용 노트북의 정답을 grade_id로 골라 채워 13개의 학생 폴더를 만든다: 모두 정답,
손대지 않음(같은 이름의 NFD 폴더), 일부 정답, 무한 루프, 커널을 죽이는 답, 채점 칸을 지우고 이름을 바꾼 것, 칸을 더하고
순서를 바꾸고 파일 이름도 바꾼 것, 깨진 파일, 빈 폴더, 노트북이 아닌 파일, 1강 이름을 단 2강 노트북, 비밀값을 읽고
남의 파일을 지우려는 것, 메모리를 끝없이 잡는 것. 채점은 모듈에서 한 번만 한다 (--jobs 2, 칸 제한 15초).
"""
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import nbformat
import pytest

from course import execute, grade, marks, report, sandbox, submissions
from gan_utils.checks.core import PASS_TEXT

from conftest import has_hangul
from test_notebooks import NOTEBOOK_DIR, ROOT

L1, L2 = "01_위조지폐범과_경찰.ipynb", "02_미니맥스_손실.ipynb"
SOLVED = object()  # copy_of(...)에서 '강사용 노트북의 정답으로 채워라'
SECRET = "gan-test-secret-7d1c0f"  # 채점하는 프로세스의 환경 변수: 학생 코드에 보이면 안 된다
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # root면 학생 코드는 nobody로 돈다: 쓰기 공격도 막혀야 한다
NFC, NFD = (unicodedata.normalize(form, "김하나") for form in ("NFC", "NFD"))  # 맥의 압축 파일은 이름을 NFD로 쓴다

EXPECTED_CSV = f"""\
student,l1_police_batch,l1_police_accuracy,l1_counterfeiter_step,l2_discriminator_loss,l2_generator_loss,l2_value_function,l2_optimal_discriminator,total
{NFD},missing,missing,missing,missing,missing,missing,missing,0
{NFC},pass,pass,pass,missing,missing,missing,missing,3
깨진파일,error,error,error,missing,missing,missing,missing,0
노트북아님,missing,missing,missing,missing,missing,missing,missing,0
다른강의,missing,missing,missing,pass,pass,pass,pass,4
메모리,error,pass,pass,missing,missing,missing,missing,2
무한루프,pass,pass,timeout,missing,missing,missing,missing,2
빈폴더,missing,missing,missing,missing,missing,missing,missing,0
일부정답,pass,fail,missing,missing,missing,missing,missing,1
칸삭제_이름바꿈,pass,pass,missing,missing,missing,missing,missing,2
칸추가_순서바꿈,pass,pass,pass,missing,missing,missing,missing,3
커널종료,pass,error,pass,missing,missing,missing,missing,2
해커,pass,pass,pass,missing,missing,missing,missing,3
"""
# 채점하지 못한 것 (종료 코드 1의 까닭): (학생 폴더 또는 None, 파일)
EXPECTED_PROBLEMS = {(None, "채점기준.txt"), ("깨진파일", L1), ("노트북아님", "답안.pdf"), ("빈폴더", None)}


# ---------------------------------------------------------------- 가짜 반 만들기
def instructor_answers(lesson):
    """강사용 노트북의 정답 칸: grade_id → 칸의 코드."""
    nb = nbformat.read(NOTEBOOK_DIR / lesson, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def index_of(nb, wanted):
    return next(i for i, cell in enumerate(nb.cells) if grade_id(cell) == wanted)


def copy_of(lesson, **answers):
    """학생용 사본에 답을 채운다: answers는 정답 칸의 grade_id → 코드 (SOLVED면 강사용 정답)."""
    nb = nbformat.read(NOTEBOOK_DIR / "student" / lesson, as_version=4)
    solutions = instructor_answers(lesson)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = solutions[grade_id(cell)] if answers[grade_id(cell)] is SOLVED else answers[grade_id(cell)]
    return nb


def all_solved(lesson):
    return {g: SOLVED for g in instructor_answers(lesson)}


def put(folder, nb, name=L1):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


ATTACK = """\
import glob, os
from pathlib import Path

def attempt(label, action):
    try:
        action()
        return f"{label}: 됨"
    except Exception as err:
        return f"{label}: 막힘 ({type(err).__name__})"

def environ(path):
    try:
        return open(path, "rb").read()
    except OSError:
        return b""

ATTACKS = [f"비밀: {os.environ.get('GAN_TEST_SECRET', '없음')}",
           f"다른 프로세스의 비밀: {sum(b'GAN_TEST_SECRET' in environ(p) for p in glob.glob('/proc/[0-9]*/environ'))}곳"]
REPORTED = []
"""
WRITE_ATTACKS = """\
SUBS, KIT, OUT = Path({subs!r}), Path({kit!r}), Path({out!r})
ATTACKS += [attempt("제출 폴더에 쓰기", lambda: (SUBS / "hacked.txt").write_text("x")),
            attempt("다른 학생 파일 지우기", lambda: (SUBS / {victim!r}).unlink()),
            attempt("키트에 쓰기", lambda: open(KIT / "gan_utils" / "checks" / "__init__.py", "a").close()),
            attempt("성적 폴더에 쓰기", lambda: (OUT.mkdir(exist_ok=True), (OUT / "grades.csv").write_text("x")))]
"""


def attack_code(subs, out):
    """'해커'의 첫 답 칸 앞부분: 비밀값 읽기, 제출 폴더·다른 학생·키트·성적 폴더에 쓰기를 해 보고 결과를 모아 둔다.

    결과는 채점기가 답 함수를 처음 부를 때 출력되어 채점 칸의 안내(보고서)에 실린다. root가 아니면 학생 코드가 교사와
    같은 사용자로 돌아 쓰기를 막을 수 없으므로 (안내서에 적은 한계) 비밀값 읽기만 해 본다.
    """
    writes = WRITE_ATTACKS.format(subs=str(subs), kit=str(ROOT), out=str(out), victim=f"{NFC}/{L1}")
    return ATTACK + (writes if AS_ROOT else "") + "\n"


def build_class(subs):
    """가짜 반: 학생 폴더 13개와 학생 폴더 밖의 파일 하나. 제출 파일의 내용을 돌려준다 (바뀌지 않았는지 볼 때)."""
    solved = all_solved(L1)
    put(subs / NFC, copy_of(L1, **solved))
    put(subs / NFD, copy_of(L1))  # 손대지 않은 사본, 폴더 이름은 같은 이름의 NFD 표기
    put(subs / "일부정답", copy_of(L1, l1_police_batch_answer=SOLVED, l1_police_accuracy_answer=(
        "def my_police_accuracy(d_real, d_fake):\n    return (d_real >= 0.5).float().mean().item()  # 진짜만 셌다\n")))
    put(subs / "무한루프", copy_of(L1, **{**solved, "l1_counterfeiter_step_answer": (
        "def my_counterfeiter_step(fake_mean, fake_std, eps, police, step):\n    while True:\n        pass\n")}))
    put(subs / "커널종료", copy_of(L1, **{**solved, "l1_police_accuracy_answer": (
        "import os\n\ndef my_police_accuracy(d_real, d_fake):\n    os._exit(1)  # 커널 프로세스가 그대로 끝난다\n")}))
    put(subs / "메모리", copy_of(L1, **{**solved, "l1_police_batch_answer": (
        "waste = [bytearray(50_000_000) for _ in range(100_000)]  # 5 TB를 잡으려 한다\n"
        + instructor_answers(L1)["l1_police_batch_answer"])}))

    nb = copy_of(L1, **solved)  # 1번 채점 칸의 grade_id를 바꾸고, 2번 채점 칸과 3번 문제(답 칸과 채점 칸)를 지웠다
    nb.cells[index_of(nb, "l1_police_batch")].metadata["nbgrader"]["grade_id"] = "my_cell"
    del nb.cells[index_of(nb, "l1_police_accuracy")]
    del nb.cells[index_of(nb, "l1_counterfeiter_step_answer"):index_of(nb, "l1_counterfeiter_step") + 1]
    put(subs / "칸삭제_이름바꿈", nb)

    nb = copy_of(L1, **solved)  # 칸을 더하고, 3번 문제를 2번 앞으로 옮기고, 1번 채점 칸을 복사해 붙였다
    start = index_of(nb, "l1_counterfeiter_step_answer")
    pair = nb.cells[start:start + 2]
    del nb.cells[start:start + 2]
    first = index_of(nb, "l1_police_batch")
    pasted = copy.deepcopy(nb.cells[first])
    pasted["id"] = "pasted-check"
    nb.cells[first + 1:first + 1] = [nbformat.v4.new_markdown_cell("## 내 메모"), *pair,
                                     nbformat.v4.new_code_cell("scratch = 1 + 1"), pasted]
    nb.cells.insert(1, nbformat.v4.new_code_cell("print('맨 위에 더한 칸')"))
    put(subs / "칸추가_순서바꿈", nb, name="내 과제 (최종).ipynb")  # 파일 이름도 바꿨다: 칸의 grade_id로 1강을 찾는다

    put(subs / "깨진파일", copy_of(L1, **solved))
    broken = subs / "깨진파일" / L1
    broken.write_bytes(broken.read_bytes()[:5000])  # 내려받다 끊긴 파일
    (subs / "빈폴더").mkdir()
    (subs / "노트북아님").mkdir()
    (subs / "노트북아님" / "답안.pdf").write_bytes(b"%PDF-1.4 not a notebook")
    put(subs / "다른강의", copy_of(L2, **all_solved(L2)), name=L1)  # 2강 노트북을 1강 이름으로 냈다
    (subs / "채점기준.txt").write_text("학생 폴더 밖의 파일", encoding="utf-8")

    out = subs.parent / f"{subs.name}-grades"
    hacker = instructor_answers(L1)["l1_police_batch_answer"].replace(
        "    inputs = torch.cat",
        "    if not REPORTED:  # 채점기가 처음 부를 때 한 번만\n"
        "        REPORTED.append(1)\n        print(*ATTACKS, sep=chr(10))\n    inputs = torch.cat")
    put(subs / "해커", copy_of(L1, **{**solved, "l1_police_batch_answer": attack_code(subs, out) + hacker}))
    return snapshot(subs)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, request):
    """가짜 반을 한 번 채점한다: `python -m course.grade 제출물 --jobs 2` (kit.py grade가 부르는 그 명령)."""
    subs = tmp_path_factory.mktemp("class") / "제출물"
    before = build_class(subs)
    env = {**os.environ, "GAN_TEST_SECRET": SECRET}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "course.grade", str(subs), "--jobs", "2", "--cell-timeout", "15",
                             "--notebook-timeout", "300", "--memory", "3"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - start
    out = subs.parent / "제출물-grades"
    data = json.loads((out / "grades.json").read_text(encoding="utf-8")) if (out / "grades.json").exists() else None
    runs = [s for student in (data or {"students": []})["students"] for s in student["seconds"].values()]
    with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print(f"\n[test_grade] 학생 폴더 13개, 노트북 {len(runs)}개 채점: {seconds:.0f}초 (--jobs 2, 코어 {os.cpu_count()}개; "
              f"노트북 하나 {min(runs, default=0):.0f}~{max(runs, default=0):.0f}초)")
    return {"result": result, "subs": subs, "out": out, "before": before, "data": data, "seconds": seconds}


# ---------------------------------------------------------------- 반 전체 채점
def test_grade_table_is_exact(graded_class):
    result = graded_class["result"]
    assert graded_class["data"] is not None, result.stdout[-3000:] + result.stderr[-3000:]
    csv = (graded_class["out"] / "grades.csv").read_text(encoding="utf-8-sig")
    assert csv == EXPECTED_CSV, result.stdout[-3000:]


def test_exit_status_and_problems_say_what_was_not_graded(graded_class):
    result, data = graded_class["result"], graded_class["data"]
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]  # 채점하지 못한 것이 있다
    assert {(p["student"], p["file"]) for p in data["problems"]} == EXPECTED_PROBLEMS
    assert all(has_hangul(p["message"]) for p in data["problems"]) and data["all_graded"] is False
    for p in data["problems"]:
        assert p["message"] in result.stdout  # 명령의 출력에도 한 줄씩


def test_json_has_version_limits_and_feedback(graded_class):
    import gan_utils
    data = graded_class["data"]
    assert data["kit_version"] == gan_utils.__version__
    assert data["settings"] == {"cell_timeout_s": 15, "notebook_timeout_s": 300, "memory_gb": 3.0, "jobs": 2,
                                "parameters": "ci", "run_as": "nobody" if AS_ROOT else "current user"}
    assert [e["id"] for e in data["exercises"]] == EXPECTED_CSV.splitlines()[0].split(",")[1:-1]
    students = {s["student"]: s for s in data["students"]}
    assert len(students) == 13
    for student in data["students"]:
        for result in student["results"].values():
            assert result["status"] in marks.STATUSES and has_hangul(result["feedback"])
            if result["status"] == "pass":
                assert PASS_TEXT in result["feedback"]
    # nbgrader의 채점 기록부 점수와 키트의 판정이 같다 (채점한 노트북의 문제마다)
    assert all((r["nbgrader_points"] == 1.0) == (r["status"] == "pass")
               for s in data["students"] for r in s["results"].values() if r["nbgrader_points"] is not None)
    assert "제한 시간" in students["무한루프"]["results"]["l1_counterfeiter_step"]["feedback"]
    assert "커널이 죽었습니다" in students["커널종료"]["results"]["l1_police_accuracy"]["feedback"]
    assert "메모리 한도(3 GiB)" in students["메모리"]["results"]["l1_police_batch"]["feedback"]
    assert "l1_counterfeiter_step_answer" in students["칸삭제_이름바꿈"]["results"]["l1_counterfeiter_step"]["feedback"]


def test_notes_explain_odd_submissions(graded_class):
    notes = {s["student"]: " ".join(s["notes"]) for s in graded_class["data"]["students"]}
    assert "2강" in notes["다른강의"] and L1 in notes["다른강의"]  # 파일 이름은 1강, 칸은 2강
    assert notes[NFC] == notes[NFD] and f"{NFD!r}(NFD 표기" in notes[NFC]  # 같은 이름으로 보이는 두 폴더: 두 행 모두
    assert "커널" in notes["커널종료"]
    assert "my_cell" in notes["칸삭제_이름바꿈"]  # 키트가 모르는 grade_id: 보통 칸으로 돌고, 키트의 채점 칸을 다시 넣었다
    assert "l1_police_batch, l1_police_accuracy, l1_counterfeiter_step" in notes["칸삭제_이름바꿈"]
    assert "l1_police_batch" in notes["칸추가_순서바꿈"]  # 두 번 나온 채점 칸
    assert "비어" in notes["빈폴더"] and "답안.pdf" in notes["노트북아님"] and L1 in notes["깨진파일"]
    assert not notes["일부정답"] and not notes["해커"]


def test_submissions_are_never_changed_and_secrets_do_not_leak(graded_class):
    subs, out, result = graded_class["subs"], graded_class["out"], graded_class["result"]
    assert snapshot(subs) == graded_class["before"]  # 다른 학생 파일 지우기도, 제출 폴더에 쓰기도 실패했다
    assert sorted(p.name for p in out.iterdir()) == ["grades.csv", "grades.json", "report.html"]
    for text in [result.stdout, result.stderr, *(p.read_text(encoding="utf-8") for p in out.iterdir())]:
        assert SECRET not in text
    hacker = {s["student"]: s for s in graded_class["data"]["students"]}["해커"]["results"]["l1_police_batch"]
    assert "비밀: 없음" in hacker["feedback"] and PASS_TEXT in hacker["feedback"]
    if AS_ROOT:  # nobody로 돌았으니 root의 프로세스 환경도 읽지 못하고, 어디에도 쓰지 못했다
        assert "다른 프로세스의 비밀: 0곳" in hacker["feedback"]
        for attack in ("제출 폴더에 쓰기", "다른 학생 파일 지우기", "키트에 쓰기", "성적 폴더에 쓰기"):
            assert f"{attack}: 막힘" in hacker["feedback"], hacker["feedback"]
    assert not (ROOT / "hacked.txt").exists()


def test_report_is_one_offline_file_with_the_table(graded_class):
    text = (graded_class["out"] / "report.html").read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and " src=" not in text  # 바깥 파일을 부르지 않는다
    assert text.count("<tr><th scope=\"row\">") == 13 and text.count("<details>") == 13 * 7
    for status in marks.STATUSES:
        assert marks.SYMBOLS[status] in text and marks.LABELS[status] in text
    assert f"gan_utils {graded_class['data']['kit_version']}" in text


def test_class_is_graded_in_time(graded_class):
    """2코어에서 노트북 10개(무한 루프 하나 포함)를 몇 분 안에: 동시에 둘씩 돌고 무한 루프는 칸 제한에서 멈춘다."""
    seconds = [s for student in graded_class["data"]["students"] for s in student["seconds"].values()]
    assert len(seconds) == 10
    assert graded_class["seconds"] < 400 and graded_class["seconds"] < 0.9 * sum(seconds) + 60


# ---------------------------------------------------------------- 부품 (nbgrader를 띄우지 않는 빠른 검사)
def code_cell(grade_id_, outputs=(), executed=True):
    cell = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {"grade_id": grade_id_}})
    cell.outputs, cell.execution_count = list(outputs), (1 if executed else None)
    return cell


def stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


SETTINGS = grade.Settings(cell_timeout=15, notebook_timeout=300, memory_gb=3, jobs=2, full=False, data_dir="/data",
                          user=None)


@pytest.mark.parametrize("answer_errors,grade_outputs,expected", [
    ([], [stdout("정답입니다! 잘했어요")], "pass"),
    ([], [stdout("아직 아닙니다."), execute.error_output("ExerciseFailed", "아직 아닙니다.")], "fail"),
    ([], [stdout("아직 아닙니다."), execute.error_output("ExerciseNotAttempted", "비어 있음")], "missing"),
    ([], [stdout("아직 아닙니다."), execute.error_output("ExerciseError", "함수가 오류")], "error"),
    ([], [execute.error_output("CellTimeoutError", "")], "timeout"),
    ([], [execute.error_output("NotebookTimeout", "")], "timeout"),
    ([], [execute.error_output("DeadKernelError", "")], "error"),
    (["CellTimeoutError"], [execute.error_output("NameError", "name 'f' is not defined")], "timeout"),
    (["SyntaxError"], [execute.error_output("NameError", "name 'f' is not defined")], "error"),
    (["MemoryError"], [execute.error_output("NameError", "name 'f' is not defined")], "error"),
    (["NotImplementedError"], [execute.error_output("NameError", "name 'f' is not defined")], "missing"),
    (None, [execute.error_output("NameError", "name 'f' is not defined")], "missing"),  # 답 칸이 없다
])
def test_exercise_result_by_grade_id(answer_errors, grade_outputs, expected):
    cells = {"l9_f": code_cell("l9_f", grade_outputs)}
    if answer_errors is not None:
        cells["l9_f_answer"] = code_cell("l9_f_answer", [execute.error_output(e, "") for e in answer_errors])
    status, feedback = marks.exercise_result(cells, "l9_f", SETTINGS)
    assert status == expected and has_hangul(feedback)
    assert marks.exercise_result({}, "l9_f", SETTINGS)[0] == "missing"  # 채점 칸이 없으면 안 함


def marked_cell(grade_id_, source="x", **meta):
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id_, **meta}})


def fake_lesson(number, exercises):
    """강의 하나 (문제마다 답 칸과 채점 칸)와 grade_id → 강의 id."""
    cells = {}
    for name in exercises:
        answer, check = f"l{number}_{name}_answer", f"l{number}_{name}"
        cells[answer] = marked_cell(answer, f"def {name}(): ...", solution=True, grade=False)
        cells[check] = marked_cell(check, f"check({name})", solution=False, grade=True, points=1)
    lesson = submissions.Lesson(f"lesson0{number}", f"0{number}_강의.ipynb", [f"l{number}_{n}" for n in exercises], {}, cells)
    return lesson, dict.fromkeys(cells, lesson.id)


def marked_notebook(*grade_ids):
    return nbformat.v4.new_notebook(cells=[marked_cell(g) for g in grade_ids])


def test_lesson_is_found_by_grade_ids_and_checked_against_the_file_name():
    (one, owner1), (two, owner2) = fake_lesson(1, ["a", "b"]), fake_lesson(2, ["c"])
    lessons, owner = {"lesson01": one, "lesson02": two}, {**owner1, **owner2}
    nb2 = marked_notebook("l2_c_answer", "l2_c")
    assert submissions.lesson_of(Path("02_강의.ipynb"), nb2, lessons, owner) == ("lesson02", None)
    lesson, note = submissions.lesson_of(Path("01_강의.ipynb"), nb2, lessons, owner)
    assert lesson == "lesson02" and "1강" in note and "2강" in note
    assert submissions.lesson_of(Path("숙제.ipynb"), nb2, lessons, owner) == ("lesson02", None)  # 이름이 달라도
    lesson, note = submissions.lesson_of(Path("01_강의.ipynb"), marked_notebook(), lessons, owner)
    assert lesson == "lesson01" and "채점 표시" in note  # 표시가 없으면 파일 이름으로
    assert submissions.lesson_of(Path("숙제.ipynb"), marked_notebook("x"), lessons, owner) == (None, None)


def test_tidy_marks_keeps_known_ids_once_and_restores_deleted_checks():
    """nbgrader는 모르는 grade_id나 두 번 나온 grade_id가 하나라도 있으면 노트북 전체를 채점하지 않는다.
    지워진 채점 칸은 키트의 것을 그 문제의 답 칸 뒤에 다시 넣는다."""
    lesson, _ = fake_lesson(1, ["a", "b", "c"])
    nb = marked_notebook("l1_a_answer", "l1_a", "renamed", "l1_a", "l1_b_answer", "l1_c_answer")
    nb.cells[0].metadata["nbgrader"]["points"] = 99  # 학생이 바꾼 메타데이터는 키트의 것으로 되돌린다
    nb.cells[5:5] = [nbformat.v4.new_markdown_cell("학생이 더한 칸")]
    notes = marks.tidy_marks(nb, lesson)
    assert [marks.mark(c) for c in nb.cells] == ["l1_a_answer", None, None, "l1_a", "l1_b_answer", "l1_b", None,
                                                 "l1_c_answer", "l1_c"]
    assert nb.cells[0].metadata["nbgrader"] == lesson.cells["l1_a_answer"].metadata["nbgrader"]
    assert nb.cells[5].source == "check(b)" and nb.cells[5]["id"] == "kit-l1_b"
    assert len(notes) == 3 and "renamed" in notes[0] and "l1_a" in notes[1] and "l1_b, l1_c" in notes[2]
    empty = marked_notebook()  # 채점 표시가 하나도 없으면 채점 칸을 끝에 (학생이 쓴 함수가 있으면 채점된다)
    marks.tidy_marks(empty, lesson)
    assert [marks.mark(c) for c in empty.cells] == ["l1_a", "l1_b", "l1_c"]


def test_bad_folders_each_get_a_korean_line(tmp_path):
    lesson, owner = fake_lesson(1, ["a"])
    lessons = {"lesson01": lesson}
    subs = tmp_path / "subs"
    for name in ["빈", "둘", "깨짐", "링크", "모름"]:
        (subs / name).mkdir(parents=True)
    nbformat.write(marked_notebook("l1_a"), subs / "둘" / lesson.file)
    (subs / "둘" / "예전").mkdir()
    nbformat.write(marked_notebook("l1_a"), subs / "둘" / "예전" / "사본.ipynb")  # 하위 폴더도 본다
    (subs / "둘" / "예전" / "timestamp.txt").write_text("2025-03-02 10:00:00")  # nbgrader의 collect가 남기는 파일
    (subs / "깨짐" / lesson.file).write_text('{"cells": [', encoding="utf-8")
    (subs / "링크" / lesson.file).symlink_to(subs / "둘" / lesson.file)
    nbformat.write(marked_notebook("zz"), subs / "모름" / "메모.ipynb")
    (subs / ".DS_Store").write_text("x")  # 숨은 파일은 건너뛴다
    students, problems = submissions.find_students(subs)
    assert [s.name for s in students] == sorted(["빈", "둘", "깨짐", "링크", "모름"], key=submissions.name_key)
    for student in students:
        submissions.collect(student, lessons, owner, problems)
    by_student = {p["student"]: p for p in problems}
    assert set(by_student) == {"빈", "둘", "깨짐", "링크", "모름"} and all(has_hangul(p["message"]) for p in problems)
    assert by_student["둘"]["file"] == "예전/사본.ipynb" and "둘 이상" in by_student["둘"]["message"]
    assert len(problems) == 5  # 숨은 파일과 timestamp.txt는 문제가 아니다
    two = next(s for s in students if s.name == "둘")
    assert two.notebooks["lesson01"][0] == subs / "둘" / lesson.file  # 원래 파일 이름인 것을 채점한다
    broken = next(s for s in students if s.name == "깨짐")
    assert broken.broken == {"lesson01": lesson.file} and not broken.notebooks


def test_lesson_without_exercises_is_noted_not_a_problem(tmp_path):
    """0강(연습 문제 없음)은 사본이 둘이어도 채점하지 않는다는 알림만: 채점하지 못한 것(종료 코드 1)이 아니다."""
    zero = submissions.Lesson("lesson00", "00_점검.ipynb", [], {}, {})
    lessons = {"lesson00": zero}
    folder = tmp_path / "subs" / "학생"
    folder.mkdir(parents=True)
    nbformat.write(marked_notebook(), folder / zero.file)
    nbformat.write(marked_notebook(), folder / "00_점검 사본.ipynb")
    student, = submissions.find_students(tmp_path / "subs")[0]
    problems = []
    submissions.collect(student, lessons, {}, problems)
    assert problems == [] and not student.notebooks and student.notes == ["0강에는 연습 문제가 없어 채점하지 않았습니다."]


def test_scrubbed_env_passes_nothing_from_the_teacher(monkeypatch, tmp_path):
    monkeypatch.setenv("GAN_TEST_SECRET", SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_x")
    env = sandbox.scrubbed_env(tmp_path, SETTINGS, "tok")
    assert SECRET not in env.values() and "GITHUB_TOKEN" not in env and "PYTHONPATH" not in env
    assert env["HOME"] == str(tmp_path / "home") and env["TMPDIR"] == str(tmp_path / "tmp")
    assert all(env[k].startswith(str(tmp_path)) for k in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_DATA_DIR"))
    assert env["GAN_DATA_DIR"] == "/data" and env["PYTHONNOUSERSITE"] == "1"
    assert env["CUDA_VISIBLE_DEVICES"] == ""  # 채점은 CPU로
    names = {name for name, _, _ in sandbox.limits(SETTINGS)}
    assert {"RLIMIT_DATA", "RLIMIT_CPU", "RLIMIT_FSIZE"} <= names
    assert dict((n, s) for n, s, _ in sandbox.limits(SETTINGS))["RLIMIT_DATA"] == 3 * 2**30


def test_blocked_for_others_finds_the_closed_folder():
    base = Path(tempfile.mkdtemp())  # pytest의 tmp_path 위 폴더는 root만 들어갈 수 있어 /tmp 바로 아래에
    try:
        if sandbox.blocked_for_others(base.parent):
            pytest.skip(f"{base.parent}부터 다른 사용자가 들어갈 수 없습니다")
        closed = base / "closed"
        (closed / "data").mkdir(parents=True)
        os.chmod(base, 0o755)
        os.chmod(closed, 0o700)
        assert sandbox.blocked_for_others(closed / "data") == closed
        os.chmod(closed, 0o755)
        assert sandbox.blocked_for_others(closed / "data") is None
        os.chmod(closed / "data", 0o750)
        assert sandbox.blocked_for_others(closed / "data") == closed / "data"  # 데이터 폴더 자신은 읽기까지
    finally:
        shutil.rmtree(base)


def test_out_of_memory_from_pytorch_is_reported_as_the_memory_limit():
    """PyTorch는 한도를 넘으면 MemoryError가 아니라 RuntimeError "... can't allocate memory"를 낸다."""
    oom = execute.error_output("RuntimeError", "DefaultCPUAllocator: can't allocate memory: you tried to allocate 8 GB")
    cells = {"l9_f": code_cell("l9_f", [execute.error_output("NameError", "name 'f' is not defined")]),
             "l9_f_answer": code_cell("l9_f_answer", [oom])}
    status, feedback = marks.exercise_result(cells, "l9_f", SETTINGS)
    assert status == "error" and "메모리 한도(3 GiB)" in feedback


def test_output_folder_is_claimed_before_grading(tmp_path):
    """결과 폴더는 채점 전에 만들어 남이 쓰지 못하게: 학생 코드가 먼저 만들어 성적표를 바꿔치기하지 못한다."""
    out = tmp_path / "결과"
    grade.claim_output_folder(out)
    assert out.is_dir() and not out.stat().st_mode & 0o022
    os.chmod(out, 0o777)
    grade.claim_output_folder(out)  # 내 폴더면 쓰기 권한만 거둔다
    assert not out.stat().st_mode & 0o022
    if AS_ROOT:  # 남(nobody)이 먼저 만든 폴더는 쓰지 않는다
        os.chown(out, 65534, 65534)
        with pytest.raises(grade.UsageError, match="주인이 다른 사용자"):
            grade.claim_output_folder(out)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="리눅스의 /proc가 필요합니다")
def test_only_processes_started_during_grading_are_killed(monkeypatch):
    """채점이 끝나면 그 사용자의 새 프로세스만 끈다 (환경 변수를 지우고 새 세션으로 띄운 것도). 전부터 돌던 것은 둔다.

    진짜로 끄면 테스트하는 사용자의 다른 프로세스까지 건드릴 수 있어 os.kill은 기록만 한다."""
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    old = subprocess.Popen(sleeper)
    before = sandbox.user_processes(os.getuid())
    new = subprocess.Popen(sleeper, env={}, start_new_session=True)
    killed = []
    monkeypatch.setattr(sandbox.os, "kill", lambda pid, sig: killed.append(pid))
    try:
        sandbox.kill_new_processes(os.getuid(), before)
        assert new.pid in killed and old.pid not in killed
    finally:
        monkeypatch.undo()  # sandbox.os는 os 모듈 그 자체: 되돌리지 않으면 아래 proc.kill()도 기록만 하고 60초를 기다린다
        for proc in (old, new):
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="리눅스의 /proc가 필요합니다")
def test_leftover_processes_of_a_job_are_killed():
    """학생 코드가 새 세션으로 띄워 남긴 프로세스도 채점 표시(환경 변수)로 찾아 끈다. 다른 프로세스는 그대로."""
    env = {"PATH": os.environ["PATH"], "GAN_KIT_GRADE_JOB": "job-a"}
    mine = subprocess.Popen(["sleep", "60"], env=env, start_new_session=True)
    other = subprocess.Popen(["sleep", "60"], env={**env, "GAN_KIT_GRADE_JOB": "job-b"}, start_new_session=True)
    try:
        time.sleep(0.2)  # exec가 끝나 /proc/<pid>/environ이 새 환경을 보일 때까지
        sandbox.kill_leftovers("job-a")
        assert mine.wait(timeout=10) == -9 and other.poll() is None
    finally:
        for proc in (mine, other):
            proc.kill()
            proc.wait()


def test_results_are_read_without_following_links(tmp_path):
    """채점이 끝난 뒤 학생 코드가 결과 파일을 다른 파일의 링크로 바꿔 두었어도 root가 그 파일을 읽지 않는다."""
    (tmp_path / "autograded").mkdir()
    (tmp_path / "autograded" / "nb.ipynb").symlink_to("/etc/hostname")
    with pytest.raises(OSError):
        sandbox.safe_read(tmp_path, "autograded/nb.ipynb")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "nb.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    assert sandbox.safe_read(tmp_path, "real/nb.ipynb") == "{}"
    with pytest.raises(OSError):
        sandbox.safe_read(tmp_path, "linked/nb.ipynb")  # 중간 폴더가 링크여도


def test_report_escapes_student_output():
    data = {"kit_version": "9.9", "graded_at": "2025-01-01T00:00:00+09:00", "submissions": "/s", "all_graded": True,
            "settings": {"cell_timeout_s": 1, "notebook_timeout_s": 2, "memory_gb": 1.0, "jobs": 1,
                         "parameters": "ci", "run_as": "nobody"}, "problems": [], "elapsed_s": 1.0,
            "exercises": [{"id": "l1_a", "lesson": "lesson01", "notebook": "01.ipynb"}],
            "students": [{"student": "<b>이름</b>", "total": 0, "notes": ["<img src=x>"], "seconds": {},
                          "results": {"l1_a": {"status": "fail", "feedback": "<script>alert(1)</script>"}}}]}
    text = report.report_html(data)
    assert "<script>" not in text and "&lt;script&gt;" in text and "<img" not in text and "<b>이름" not in text


@pytest.mark.parametrize("make_args,message", [
    (lambda tmp: [str(tmp / "없는폴더")], "제출 폴더가 없습니다"),
    (lambda tmp: [str(tmp), "--out", str(tmp / "성적")], "제출 폴더 안에"),
    (lambda tmp: [str(tmp)], "학생 폴더가 없습니다"),  # 빈 제출 폴더
    (lambda tmp: [str(tmp), "--jobs", "0"], "0보다 커야"),
])
def test_usage_errors_exit_2_with_a_korean_line(tmp_path, capsys, make_args, message):
    assert grade.main(make_args(tmp_path)) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path.parent / f"{tmp_path.name}-grades").exists()  # 아무것도 쓰지 않았다


def test_kit_grade_runs_the_course_tool_from_the_callers_folder(tmp_path, monkeypatch, capsys):
    """`python3 kit.py grade 제출물`은 course.grade를 키트의 파이썬으로 실행하고, 상대 경로는 부른 폴더에서 찾는다."""
    sys.path.insert(0, str(ROOT))
    import kit
    assert kit.COURSE["grade"] == "course.grade" and "grade" in kit.COMMANDS and "python3 kit.py grade" in kit.__doc__
    assert kit.install_extras("grade") == ("lessons", "course")  # nbgrader는 [course]에
    calls = []
    monkeypatch.setattr(kit, "ensure_installed", lambda extras: Path(sys.executable))
    monkeypatch.setattr(kit.subprocess, "call", lambda cmd, cwd, env: calls.append((cmd, cwd, env)) or 0)
    monkeypatch.chdir(tmp_path)
    assert kit.main(["grade", "제출물", "--jobs", "1"]) == 0
    (cmd, cwd, env), = calls
    assert cmd == [sys.executable, "-m", "course.grade", "제출물", "--jobs", "1"] and cwd == ROOT
    assert env["GAN_KIT_CWD"] == str(tmp_path)
    monkeypatch.setenv("GAN_KIT_CWD", str(tmp_path))
    assert grade.main(["제출물"]) == 2  # 저장소가 아니라 부른 폴더의 '제출물'을 찾았다
    assert str(tmp_path / "제출물") in capsys.readouterr().err


def run_kit_execute(tmp_path, sources, timeout, notebook_timeout):
    """키트의 실행 단계(KitExecute)로 작은 노트북을 실행한다 (nbgrader 없이, 이 파이썬의 커널로)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                  metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"}})
    executor = execute.KitExecute(timeout=timeout, notebook_timeout=notebook_timeout, probe_timeout=3,
                                shutdown_kernel="immediate")
    nb, _ = executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return [(execute.error_names(c), marks.cell_text(c).strip()) for c in nb.cells]


def test_kit_execute_goes_on_after_a_dead_or_stuck_kernel(tmp_path):
    """커널이 죽거나 인터럽트에도 멈추지 않으면 그 칸만 오류: 새 커널이 앞 칸을 다시 실행해 다음 칸이 x를 본다."""
    stubborn = "import time\nwhile True:\n    try:\n        time.sleep(100)\n    except KeyboardInterrupt:\n        pass"
    cells = run_kit_execute(tmp_path, ["x = 41", "import os\nos._exit(1)", "x += 1\nprint(x)", stubborn, "print(x)",
                                       "raise ValueError('학생 오류')", "print('끝')"], timeout=3, notebook_timeout=120)
    assert cells[1][0] == ["DeadKernelError"]
    assert cells[2] == ([], "42") and cells[4] == ([], "42")  # 죽은 칸과 멈춘 칸은 다시 실행하지 않는다
    assert "CellTimeoutError" in cells[3][0]
    assert cells[5][0] == ["ValueError"] and cells[6] == ([], "끝")


def test_kit_execute_stops_at_the_notebook_time_limit(tmp_path):
    """노트북 전체 제한 시간: 남은 시간이 칸의 제한을 줄이고, 다 쓰면 나머지 칸은 실행하지 않고 표시만 한다."""
    started = time.monotonic()
    cells = run_kit_execute(tmp_path, ["print('처음')", "import time\ntime.sleep(60)", "print('못 감')"],
                            timeout=50, notebook_timeout=6)
    assert time.monotonic() - started < 40
    assert cells[0] == ([], "처음") and "CellTimeoutError" in cells[1][0] and cells[2][0] == ["NotebookTimeout"]


def test_class_report_shows_the_table_in_chromium(graded_class, chromium_path):
    """이 반의 report.html을 헤드리스 Chromium으로 열면 학생마다 한 줄의 표가 보이고, 칸을 누르면 한국어 안내가 펼쳐진다."""
    from playwright.sync_api import sync_playwright
    expected = [line.split(",") for line in EXPECTED_CSV.strip().splitlines()[1:]]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto((graded_class["out"] / "report.html").as_uri())
            rows = page.locator("table#grades tbody tr")
            assert rows.count() == len(expected)
            for i, (name, *statuses, total) in enumerate(expected):
                row = rows.nth(i)
                assert row.locator("th").inner_text().strip() == name
                shown = [row.locator("td.status").nth(j).locator("summary").inner_text() for j in range(len(statuses))]
                assert shown == [marks.SYMBOLS[s] for s in statuses], (name, shown)
            loop = rows.nth([r[0] for r in expected].index("무한루프")).locator("td.status.timeout")
            loop.locator("summary").click()
            assert loop.locator("pre").is_visible() and has_hangul(loop.locator("pre").inner_text())
        finally:
            browser.close()
