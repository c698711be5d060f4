"""강사용 안내서(docs/teachers_guide.md)의 실행 시간: 한 곳(표)에만, 저장된 노트북이 기록한 값 그대로.

표는 `python3 kit.py runtimes`가 notebooks/의 저장된(실행된) 노트북에서 만든다. 노트북을 다시 실행해 저장하고 이
명령을 잊으면 첫 테스트가 실패한다. 표 밖의 글에는 강의의 실행 시간 숫자를 적지 않는다 (두 숫자가 어긋나지 않도록).
"""
import re

import pytest

from course import LESSON_PATTERN, lesson_label, runtimes
from conftest import run_kit
from test_notebooks import NOTEBOOK_DIR, ROOT

GUIDE = ROOT / "docs" / "teachers_guide.md"

# '13초', '10~20초', '약 4.5분', '1,259초' ... ('3분의 1' 같은 분수는 시간이 아니다)
DURATION = re.compile(r"\d[\d,.]*(?:\s*[~-]\s*\d[\d,.]*)?\s*(초|분)(?!의)")
RUNNING = re.compile(r"실행|걸리|걸립|걸려")  # 실행 시간을 말하는 문장


def guide_text():
    return GUIDE.read_text(encoding="utf-8")


def outside_table(text):
    """표시 사이(만든 표)를 뺀 안내서 글."""
    head, rest = text.split(runtimes.RUN_TIMES_BEGIN)
    return head + rest.split(runtimes.RUN_TIMES_END)[1]


def sentences(text):
    """코드 블록을 뺀 글을 문장으로 나눈다 (줄 바꿈을 이어 붙인 뒤 '.'에서)."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\n(?![-|#\n])\s*", " ", text)  # 목록 항목 안의 줄 바꿈은 이어 붙인다
    return [s.strip() for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]


def test_format_seconds_rounds_to_seconds_below_two_minutes_then_minutes():
    assert runtimes.format_seconds(0.4) == "0초"
    assert runtimes.format_seconds(9.5) == "10초"
    assert runtimes.format_seconds(46.9) == "47초"
    assert runtimes.format_seconds(119.4) == "119초"
    assert runtimes.format_seconds(119.6) == "2.0분"
    assert runtimes.format_seconds(378.0) == "6.3분"


def test_runtime_table_in_guide_matches_committed_notebooks():
    """안내서의 표 == 지금 저장된 노트북으로 `python3 kit.py runtimes`가 쓸 표."""
    text = guide_text()
    assert text.count(runtimes.RUN_TIMES_BEGIN) == 1 and text.count(runtimes.RUN_TIMES_END) == 1, \
        f"안내서에 {runtimes.RUN_TIMES_BEGIN} ... {runtimes.RUN_TIMES_END} 표시가 한 번씩 있어야 합니다."
    table = runtimes.runtimes_table(NOTEBOOK_DIR)
    assert runtimes.replace_runtimes(text, table) == text, (
        "docs/teachers_guide.md의 실행 시간 표가 저장된 노트북의 실행 기록과 다릅니다. 노트북을 다시 실행해 저장했다면 "
        "`python3 kit.py runtimes`로 표를 다시 만드세요.\n지금 노트북으로 만든 표:\n" + table)


def test_table_has_a_row_for_every_lesson():
    table = runtimes.runtimes_table(NOTEBOOK_DIR)
    lessons = sorted(NOTEBOOK_DIR.glob(LESSON_PATTERN))
    assert len(lessons) >= 6
    for path in lessons:
        label = re.escape(lesson_label(path))
        assert re.search(rf"^\| {label}\. .* \| \d[\d.]*(초|분) \|", table, flags=re.M), (path.name, table)


def test_no_other_lesson_run_time_outside_the_table():
    """표 밖에서 강의 실행 시간을 숫자로 말하지 않는다: '실행은 13초', '약 290초(5분 안팎)' 같은 글은 표와 어긋난다.

    - 강의별 안내(## 강의별 안내 아래)에는 'N초'가 하나도 없다 (수업 계획은 분으로만 적는다).
    - 안내서 어디서든 실행·걸리는 시간을 말하는 문장에는 'N초'도 'N분'도 없다 (대신 '위 표'를 가리킨다).
    """
    text = outside_table(guide_text())
    lessons_part = text[text.index("## 강의별 안내"):]
    seconds = [s for s in sentences(lessons_part) if any(m.group(1) == "초" for m in DURATION.finditer(s))]
    assert not seconds, ("강의별 안내에 표 밖의 실행 시간(초)이 있습니다. 숫자 대신 '실행 시간은 위 표'로 가리키세요:\n"
                         + "\n".join(seconds))
    running = [s for s in sentences(text) if RUNNING.search(s) and DURATION.search(s)]
    assert not running, ("안내서에 표 밖의 실행 시간 숫자가 있습니다. `python3 kit.py runtimes`가 만든 표만 실행 시간을 "
                         "말합니다:\n" + "\n".join(running))


def test_each_lesson_section_points_to_the_table():
    text = outside_table(guide_text())
    sections = re.split(r"^### ", text[text.index("## 강의별 안내"):], flags=re.M)[1:]
    assert [s.split()[0] for s in sections][:7] == ["0강.", "1강.", "2강.", "3강.", "3.5강.", "4강.", "5강."], sections
    for section in sections:
        assert "위 표" in section, section.splitlines()[0]


def test_rule_catches_hard_coded_run_times():
    """위 규칙이 실제로 잡아내는지: 이슈 #16의 글(섹션의 13초, 4강의 290초)을 넣으면 실패해야 한다."""
    for bad in ("- **수업 시간**: 50분 (비유 10 → 퀴즈 5). 실행은 13초.",
                "- **수업용 매개변수**: 실행은 약 5분 안팎이므로 수업 전에 실행해 두세요."):
        text = sentences(bad)
        assert any(RUNNING.search(s) and DURATION.search(s) for s in text), bad
    fine = "- **수업 시간**: 55분 (V 읽기 10 → BCE 10). 실행 시간은 위 표를 보세요. 학습 뒤쪽 3분의 1에서."
    assert not any(RUNNING.search(s) and DURATION.search(s) for s in sentences(fine))


def test_runtimes_command_is_idempotent_and_only_touches_the_table(tmp_path):
    guide = tmp_path / "guide.md"
    stale = ("# 안내\n\n앞 글.\n\n" + runtimes.RUN_TIMES_BEGIN + "\n| 강의 | 실행 시간 |\n| 1강 | 13초 |\n"
             + runtimes.RUN_TIMES_END + "\n\n뒤 글 (실행 시간은 위 표).\n")
    guide.write_text(stale, encoding="utf-8")
    args = ["--guide", str(guide), "--src", str(NOTEBOOK_DIR)]
    assert runtimes.main(args + ["--check"]) == 1 and guide.read_text(encoding="utf-8") == stale  # --check는 쓰지 않는다
    assert runtimes.main(args) == 0
    once = guide.read_text(encoding="utf-8")
    assert once.startswith("# 안내\n\n앞 글.\n\n" + runtimes.RUN_TIMES_BEGIN + "\n| 강의 | 실행한 매개변수 |")
    assert once.endswith(runtimes.RUN_TIMES_END + "\n\n뒤 글 (실행 시간은 위 표).\n") and "13초" not in once
    assert runtimes.main(args) == 0 and guide.read_text(encoding="utf-8") == once  # 두 번째 실행은 그대로
    assert runtimes.main(args + ["--check"]) == 0
    text = guide_text()
    assert runtimes.replace_runtimes(runtimes.replace_runtimes(text, "x\n"), runtimes.runtimes_table(NOTEBOOK_DIR)) \
        == runtimes.replace_runtimes(text, runtimes.runtimes_table(NOTEBOOK_DIR))


def test_kit_runtimes_command_runs_the_course_tool():
    """`python3 kit.py runtimes --check`는 course/runtimes.py를 실행한다 (키트의 가상환경 안이면 설치 확인 없이)."""
    result = run_kit("runtimes", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "이미 최신" in result.stdout and runtimes.RUN_TIMES_BEGIN not in result.stdout


@pytest.mark.parametrize("broken", ["표시가 없는 글\n", f"{runtimes.RUN_TIMES_END}\n{runtimes.RUN_TIMES_BEGIN}\n",
                                    f"{runtimes.RUN_TIMES_BEGIN}\n{runtimes.RUN_TIMES_BEGIN}\n{runtimes.RUN_TIMES_END}\n"])
def test_runtimes_refuses_a_guide_without_one_pair_of_markers(broken):
    with pytest.raises(ValueError, match="run-times:begin"):
        runtimes.replace_runtimes(broken, "| 표 |\n")


def test_run_parameters_reads_papermill_parameters():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("EPOCHS = 10")])
    assert runtimes.run_parameters(nb) == "노트북 기본값"
    nb.cells.append(nbformat.v4.new_code_cell("# Parameters\nEPOCHS = 1\nPRETRAINED = True\n",
                                              metadata={"tags": ["injected-parameters"]}))
    assert runtimes.run_parameters(nb) == "`EPOCHS = 1`, `PRETRAINED = True`"
    nb.metadata["papermill"] = {"parameters": {"EPOCHS": 1, "DATASET": "mnist"}}
    assert runtimes.run_parameters(nb) == "`DATASET = 'mnist'`, `EPOCHS = 1`, `PRETRAINED = True`"
