"""반 전체 채점의 채점 표시(nbgrader ``grade_id``) 다루기: 채점 전에 제출본의 표시를 키트의 것으로 맞추고,
채점한 노트북에서 문제마다 결과와 한국어 안내를 읽는다.

칸은 위치가 아니라 칸 메타데이터의 고정된 이름 ``grade_id``(예: ``l1_police_batch``, 답 칸은 ``..._answer``)로 찾는다.
결과는 다섯 가지다: pass(통과), fail(틀림), missing(안 함), error(오류), timeout(시간 초과). 채점기의 판정은 채점 칸의
오류 이름(``CheckResult.require()``의 예외)으로, 시간 제한과 죽은 커널은 ``course.execute``가 적은 오류로 안다.
"""
import copy
import re

from .execute import GRADING_STOPPED, NOTEBOOK_TIMEOUT, TIMEOUT_ERRORS, error_names

STATUSES = ("pass", "fail", "missing", "error", "timeout")
SYMBOLS = {"pass": "✅", "fail": "❌", "missing": "—", "error": "⚠️", "timeout": "⏱️"}
LABELS = {"pass": "통과", "fail": "틀림", "missing": "안 함", "error": "오류", "timeout": "시간 초과"}
# 채점기(gan_utils.checks.core)가 CheckResult.require()로 내는 예외 → 결과
CHECKER_ERRORS = {"ExerciseNotAttempted": "missing", "ExerciseError": "error", "ExerciseFailed": "fail"}
MAX_FEEDBACK_CHARS = 3000
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def mark(cell):
    """칸의 채점 표시(nbgrader grade_id), 없으면 None. 학생이 메타데이터를 어떻게 망가뜨렸어도 오류를 내지 않는다."""
    meta = cell.get("metadata", {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
    return meta.get("grade_id") if isinstance(meta, dict) else None


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


def clean(text, limit=MAX_FEEDBACK_CHARS):
    """보고서에 넣을 글: 터미널 색 코드를 빼고, 너무 길면 줄인다."""
    text = ANSI.sub("", text or "").strip()
    return text if len(text) <= limit else text[:limit] + " …(줄임)"


def cell_text(cell):
    """칸의 stdout 출력 (채점기가 출력한 한국어 안내)."""
    return "".join(out.get("text", "") for out in cell.get("outputs", [])
                   if out.output_type == "stream" and out.get("name") == "stdout")


def first_error(cell):
    """칸의 첫 오류를 한 줄로 ("NameError: name 'f' is not defined"), 없으면 빈 글."""
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            return f"{out.ename}: {clean(out.evalue, 500)}"
    return ""


def out_of_memory(cell):
    """칸의 오류가 메모리 한도 때문인가: 파이썬은 MemoryError, PyTorch는 RuntimeError "... can't allocate memory"를 낸다."""
    return any(out.output_type == "error" and "allocate memory" in out.get("evalue", "") for out in cell.get("outputs", []))


def exercise_result(cells, grade_id, settings):
    """채점한 노트북에서 문제 하나의 (결과, 한국어 안내)를 읽는다. cells는 grade_id → 칸 (위치가 아니라 이름으로 찾는다)."""
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
    if NOTEBOOK_TIMEOUT in names or NOTEBOOK_TIMEOUT in answer_names:
        return "timeout", f"노트북 전체의 제한 시간({settings.notebook_timeout}초)이 다 되어 이 문제까지 실행하지 못했습니다."
    if GRADING_STOPPED in names:
        return "error", "앞에서 죽은 커널을 다시 살리지 못해 이 문제는 실행하지 않았습니다."
    if TIMEOUT_ERRORS & set(names):
        return "timeout", "\n".join(filter(None, [limit_line, text]))
    if "DeadKernelError" in names:
        return "error", "\n".join(filter(None, [died_line, text]))
    for ename, status in CHECKER_ERRORS.items():
        if ename in names:
            return status, text or first_error(grade)
    if "MemoryError" in names + answer_names or out_of_memory(grade) or (answer is not None and out_of_memory(answer)):
        return "error", (f"메모리 한도({settings.memory_gb:g} GiB)를 넘었습니다 (MemoryError나 PyTorch의 'can't allocate "
                         "memory'): 끝없이 커지는 리스트나 너무 큰 텐서가 없는지 보세요.")
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


def read_grades(nb, points, lesson, settings):
    """nbgrader가 채점한 노트북 nb에서 문제마다 결과를 읽는다. points는 nbgrader 기록부의 {grade_id: 점수}.

    (결과, 알림 목록, 채점하지 못한 까닭 또는 None)을 돌려준다.
    """
    cells = {}
    for cell in nb.cells:
        cells.setdefault(mark(cell), cell)
    results, notes, problem = {}, [], None
    for exercise in lesson.exercises:
        status, feedback = exercise_result(cells, exercise, settings)
        results[exercise] = {"status": status, "feedback": feedback, "nbgrader_points": points.get(exercise)}
        if points.get(exercise) is not None and (status == "pass") != bool(points[exercise]):
            notes.append(f"{lesson.label} {exercise}: nbgrader의 점수({points[exercise]:g})와 키트의 판정"
                         f"({LABELS[status]})이 다릅니다 (채점 칸이 stderr에 출력했을 수 있습니다).")
    errors = {name for cell in nb.cells if cell.cell_type == "code" for name in error_names(cell)}
    if "DeadKernelError" in errors:
        notes.append(f"{lesson.label}: 커널이 죽어 새 커널에서 앞 칸들을 다시 실행하고 이어서 채점했습니다.")
    if NOTEBOOK_TIMEOUT in errors:
        problem = f"노트북 전체의 제한 시간({settings.notebook_timeout}초)이 다 되어 뒤의 칸을 실행하지 못했습니다."
    if GRADING_STOPPED in errors:
        problem = "죽은 커널을 다시 살리지 못해 뒤의 칸을 실행하지 못했습니다."
    return results, notes, problem
