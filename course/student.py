"""학생용 사본: 강사용 노트북(정답 포함)에서 정답을 지운 노트북을 만든다.

강사용 노트북의 연습 문제 정답은 nbgrader와 같은 표시 ``### BEGIN SOLUTION`` ~ ``### END SOLUTION`` 사이에
있다. 학생용 사본에서는 그 부분이 한국어 안내와 ``raise NotImplementedError``로 바뀌고, 출력은 모두 지워진다.
채점 칸의 ``# NBVAL_CHECK_OUTPUT`` 표시도 뺀다 (학생이 아직 풀지 않았으면 채점 결과가 강사용과 다르므로).
슬라이드의 발표자 노트 칸(slide_type ``notes``)과, 연습 문제를 푼 결과를 풀이하는 칸(태그 ``solution-discussion``)도
뺀다 (학생이 직접 풀고 설명해 볼 내용이다).

    python3 kit.py student          # notebooks/ → notebooks/student/ (0강부터 모든 강의)
    python -m course.student --help # 가상환경 안, 저장소 맨 위에서 같은 명령 (--src, --out)

학생용 사본은 늘 이 명령으로 만든다. 손으로 고치면 다음에 만들 때 사라지고, 테스트가 '낡았다'고 알린다.
"""
import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"  # 00_환경_점검 ~ 04_MNIST_GAN
SOLUTION_DISCUSSION = "solution-discussion"  # 연습 문제를 푼 결과를 풀이하는 칸의 태그 (학생용 사본과 페이지에서 뺀다)
PROMPT = "# 여기에 코드를 쓰세요 (YOUR CODE HERE)"
STUB = 'raise NotImplementedError("연습 문제: 이 부분을 직접 채운 뒤 칸을 다시 실행하세요.")'
MADE_BY = "> 이 파일은 `python3 kit.py student`가 강사용 노트북에서 만든 것입니다."
HEADER = ("> **학생용 사본**: 연습 문제의 정답 자리가 비어 있습니다. 빈칸을 채우고 바로 아래 채점 칸을 실행하세요.\n"
          + MADE_BY)
# 연습 문제가 없는 강의(0강 환경 점검)의 사본: 출력만 지워져 있으므로 위에서부터 실행하면 된다
HEADER_NO_EXERCISES = ("> **학생용 사본**: 이 강의에는 연습 문제가 없습니다. 출력이 지워져 있으니 위에서부터 끝까지 실행하세요.\n"
                       + MADE_BY)


def strip_solutions(source):
    """코드 한 칸에서 정답 구간을 안내와 NotImplementedError로 바꾼다. (새 코드, 구간이 맨 바깥 수준에 있었는지)."""
    lines, out, inside, top_level = source.splitlines(), [], False, False
    for number, line in enumerate(lines, 1):
        if line.strip() == BEGIN:
            if inside:
                raise ValueError(f"{BEGIN}가 {END} 없이 두 번 나옵니다 ({number}번째 줄).")
            inside = True
            indent = line[:len(line) - len(line.lstrip())]
            top_level = top_level or indent == ""
            out += [indent + PROMPT, indent + STUB]
        elif line.strip() == END:
            if not inside:
                raise ValueError(f"{END} 앞에 {BEGIN}가 없습니다 ({number}번째 줄).")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN} 뒤에 {END}가 없습니다.")
    return "\n".join(out), top_level


def make_student_copy(nb):
    """강사용 노트북(nbformat 객체)에서 학생용 사본을 만들어 돌려준다 (원본은 바꾸지 않는다)."""
    header = HEADER if has_exercises(nb) else HEADER_NO_EXERCISES
    nb = copy.deepcopy(nb)
    # 발표자 노트(slide_type "notes")는 강사에게만: 질문의 답이 들어 있을 수 있다. 연습 문제의 결과를 풀이하는 칸
    # (태그 solution-discussion)도 뺀다: 학생이 직접 풀고 설명해 볼 내용이다.
    nb.cells = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "notes"
                and SOLUTION_DISCUSSION not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if BEGIN in cell.source:
            cell.source, top_level = strip_solutions(cell.source)
            tags = cell.metadata.setdefault("tags", [])
            if top_level and "raises-exception" not in tags:
                tags.append("raises-exception")  # 이 칸은 실행하면 곧바로 NotImplementedError: papermill과 nbval에 알린다
        cell.source = re.sub(r"^# NBVAL_CHECK_OUTPUT\n", "", cell.source)
    nb.metadata.pop("widgets", None)  # 지운 출력의 위젯 상태
    nb.metadata.setdefault("gan_kit", {})["student_copy"] = True
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(header))
    nb.cells[0].pop("id", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # 만들 때마다 같은 파일이 나오도록 고정된 id
    return nb


def has_exercises(nb):
    return any(c.cell_type == "code" and BEGIN in c.source for c in nb.cells)


def lesson_notebooks(src_dir="notebooks"):
    """src_dir의 강의 노트북(두 자리 숫자로 시작하는 .ipynb, 00_환경_점검 ~ 04_MNIST_GAN)을 번호 순서로 돌려준다.

    student/ 폴더는 보지 않는다. 하나도 없으면 어느 폴더를 찾았는지 말하는 FileNotFoundError.
    """
    paths = sorted(Path(src_dir).glob(LESSON_PATTERN))
    if not paths:
        raise FileNotFoundError(f"{Path(src_dir).resolve()}에 강의 노트북(예: 01_위조지폐범과_경찰.ipynb)이 없습니다. "
                                "notebooks 폴더를 알려 주세요 (명령줄에서는 --src).")
    return paths


def write_student_notebooks(src_dir="notebooks", out_dir=None):
    """src_dir의 강의 노트북마다 학생용 사본을 out_dir(기본: src_dir/student)에 쓰고 경로 목록을 돌려준다.

    연습 문제가 없는 강의(0강 환경 점검)도 사본을 만든다: 학생은 student/ 폴더 하나만 받아 0강부터 차례로 연다.
    """
    src_dir = Path(src_dir)
    out_dir = Path(out_dir) if out_dir else src_dir / "student"
    sources = lesson_notebooks(src_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        nb = nbformat.read(path, as_version=4)
        target = out_dir / path.name
        nbformat.write(make_student_copy(nb), target)
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
