"""강사용 안내서(docs/teachers_guide.md)의 강의별 실행 시간 표를 저장된 노트북의 실행 기록에서 만든다.

    python3 kit.py runtimes            # 표를 다시 써서 안내서를 고친다
    python3 kit.py runtimes --check    # 고치지 않고 표가 최신인지만 본다 (CI용)

노트북을 다시 실행하지 않는다: 저장소에 저장된(실행된) 노트북이 기록한 셀별 실행 시간을 읽을 뿐이다. 노트북을 다시
실행해 저장했으면 이 명령으로 안내서의 표를 고친다. 안내서의 강의별 실행 시간은 이 표 하나뿐이다
(테스트 tests/test_guide.py가 확인).
"""
import argparse
import sys
from pathlib import Path

from .slides import cell_seconds, lesson_title, run_seconds
from .student import lesson_notebooks

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teachers_guide.md"
NOTEBOOK_DIR = ROOT / "notebooks"
RUN_TIMES_BEGIN = "<!-- run-times:begin -->"
RUN_TIMES_END = "<!-- run-times:end -->"
SLOW_SECTION = (20.0, 0.2)  # 이 초 이상이고 강의 실행 시간의 이 몫 이상인 절은 표에 따로 적는다


def format_seconds(seconds: float) -> str:
    """120초 아래는 가장 가까운 초('9초'), 그 위는 분 단위 소수 한 자리('6.3분')."""
    rounded = int(seconds + 0.5)
    return f"{rounded}초" if rounded < 120 else f"{seconds / 60:.1f}분"


def run_parameters(nb) -> str:
    """노트북을 어떤 매개변수로 실행했는지: papermill이 넣은 값이 있으면 그 값, 없으면 '노트북 기본값'."""
    given = {name: repr(value) for name, value in (nb.metadata.get("papermill", {}).get("parameters") or {}).items()}
    for cell in nb.cells:  # papermill이 넣은 매개변수 칸 (메타데이터가 지워졌어도 칸은 남는다)
        if cell.cell_type == "code" and "injected-parameters" in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                name, sep, value = line.partition("=")
                if sep and name.strip().isidentifier():
                    given.setdefault(name.strip(), value.strip())
    if not given:
        return "노트북 기본값"
    return ", ".join(f"`{name} = {value}`" for name, value in sorted(given.items()))


def slow_sections(nb, total: float) -> list[str]:
    """실행 시간의 큰 몫을 차지하는 절('## 7. 흔한 실패와 고치는 법')을 '7절 흔한 실패와 고치는 법 (2.8분)'으로."""
    sections, name = {}, None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    number, dot, title = line[3:].strip().partition(". ")
                    title = (title if dot and number.isdigit() else line[3:].strip()).split(":")[0].strip()
                    name = f"{number}절 {title}" if dot and number.isdigit() else title
        elif name:
            sections[name] = sections.get(name, 0.0) + cell_seconds(cell)
    least, share = SLOW_SECTION
    return [f"{name} ({format_seconds(seconds)})" for name, seconds in sections.items()
            if seconds >= least and seconds >= share * total]


def runtimes_table(notebook_dir=NOTEBOOK_DIR) -> str:
    """강의마다 저장된 노트북의 실행 시간 표(마크다운). 안내서의 표시 사이에 들어갈 글 그대로."""
    import nbformat
    rows, grand = [], 0.0
    for path in lesson_notebooks(notebook_dir):
        nb = nbformat.read(path, as_version=4)
        seconds = run_seconds(nb)
        grand += seconds
        title = (lesson_title(nb) or path.stem).split(":")[0]
        rows.append(f"| {title} | {run_parameters(nb)} | {format_seconds(seconds)} | "
                    f"{', '.join(slow_sections(nb, seconds)) or '-'} |")
    return "\n".join([
        "| 강의 | 실행한 매개변수 | 실행 시간 | 시간이 많이 드는 절 |",
        "|---|---|---|---|",
        *rows,
        f"| 합계 | | {format_seconds(grand)} | |",
        "",
        "이 표는 `python3 kit.py runtimes`가 저장소의 노트북(`notebooks/NN_*.ipynb`)에 저장된 셀별 실행 기록에서 만듭니다.",
        "손으로 고치지 마세요: 노트북을 다시 실행해 저장했으면 이 명령을 다시 실행합니다 (테스트 `tests/test_guide.py`가 확인).",
    ]) + "\n"


def replace_runtimes(text: str, table: str) -> str:
    """안내서 글에서 실행 시간 표시 사이만 table로 바꾼 글을 돌려준다 (여러 번 해도 같다)."""
    if text.count(RUN_TIMES_BEGIN) != 1 or text.count(RUN_TIMES_END) != 1 \
            or text.index(RUN_TIMES_BEGIN) > text.index(RUN_TIMES_END):
        raise ValueError(f"안내서에 실행 시간 표를 넣을 자리 {RUN_TIMES_BEGIN} ... {RUN_TIMES_END}가 "
                         "차례대로 한 번씩 있어야 합니다.")
    head, rest = text.split(RUN_TIMES_BEGIN)
    _, tail = rest.split(RUN_TIMES_END)
    return f"{head}{RUN_TIMES_BEGIN}\n{table}{RUN_TIMES_END}{tail}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 kit.py runtimes",
                                     description="저장된 강의 노트북의 실행 시간 표를 강사용 안내서에 다시 쓴다.")
    parser.add_argument("--check", action="store_true", help="고치지 않고, 표가 노트북과 다르면 실패한다 (CI용)")
    parser.add_argument("--guide", type=Path, default=GUIDE, help="안내서 파일 (기본 docs/teachers_guide.md)")
    parser.add_argument("--src", type=Path, default=NOTEBOOK_DIR, help="강의 노트북 폴더 (기본 notebooks)")
    args = parser.parse_args(argv)
    table = runtimes_table(args.src)
    old = args.guide.read_text(encoding="utf-8")
    new = replace_runtimes(old, table)
    print(table)
    if new == old:
        print(f"[runtimes] {args.guide.name}의 실행 시간 표는 이미 최신입니다.")
        return 0
    if args.check:
        print(f"[runtimes] {args.guide.name}의 실행 시간 표가 노트북과 다릅니다. `python3 kit.py runtimes`로 다시 만드세요.")
        return 1
    args.guide.write_text(new, encoding="utf-8")
    print(f"[runtimes] {args.guide.name}의 실행 시간 표를 고쳤습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
