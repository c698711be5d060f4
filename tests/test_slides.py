"""수업용 슬라이드와 읽기 페이지 (course.slides, `python3 kit.py slides`): 강의마다 하나씩, 한글 제목과 그림이 들어 있고, 인터넷 없이 열린다.

- 모든 강의는 저장된 출력으로 만들고(빠름), 1강은 CI 매개변수로 다시 실행해서도 만든다 (실행 경로 확인).
- '인터넷 없이'는 두 번 본다: HTML에 바깥 주소를 부르는 src/href/@import/url(...)이 없고, 파일을 읽어 오는
  <script src>나 <link rel=stylesheet>도 없다(파일 하나로 완결). Chromium이 있으면 실제로 열어 바깥 요청이 하나도
  없고 reveal.js와 MathJax가 돌았는지 확인한다.
"""
import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import has_hangul
from course.slides import STUDENT_RESULT_NOTE, build_lessons, classroom_copy, lesson_title
from course.student import BEGIN, END, SOLUTION_DISCUSSION, lesson_notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
LESSONS = lesson_notebooks(NOTEBOOK_DIR)

EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?\s*)(?:https?:)?//""",
                      re.IGNORECASE)
SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.IGNORECASE | re.DOTALL)
EMBEDDED_IMAGE = re.compile(r"data:image/(png|gif|jpeg|svg\+xml);base64,|<svg\b")


@pytest.fixture(scope="module")
def built(saved_lesson_build):
    """저장된 출력으로 만든 모든 강의의 파일 (경로 목록, conftest의 한 번 만든 것)."""
    return saved_lesson_build


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """1강을 CI 매개변수로 다시 실행해서 만든 파일."""
    return build_lessons(NOTEBOOK_DIR, tmp_path_factory.mktemp("slides-ci"), execute=True, parameters="ci",
                         lessons=["01"], log=lambda *_: None)


def outputs_of(paths, path):
    """강의 노트북 path에서 만든 (슬라이드, 페이지)의 HTML."""
    by_name = {p.name: p for p in paths}
    deck, page = by_name[f"{path.stem}.slides.html"], by_name[f"{path.stem}.html"]
    return deck.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def without_scripts(text):
    return SCRIPT_BODY.sub(r"\1\2", text)  # 스크립트 안의 글자(주석, 도움말 문자열)는 주소를 부르지 않는다


def visible_text(text):
    """태그와 스크립트·스타일을 뺀 글자 (코드의 색칠 태그도 빠져 원래 코드 글자가 된다)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def test_one_deck_and_one_page_per_lesson(built):
    names = sorted(p.name for p in built)
    expected = sorted([f"{p.stem}.slides.html" for p in LESSONS] + [f"{p.stem}.html" for p in LESSONS] + ["index.html"])
    assert names == expected
    assert len(LESSONS) >= 5, [p.name for p in LESSONS]
    index = (built[0].parent / "index.html").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f'href="{path.stem}.slides.html"' in index


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_output_has_korean_title_and_an_embedded_image(built, path):
    title = lesson_title(nbformat.read(path, as_version=4))
    assert title and has_hangul(title), title
    for text in outputs_of(built, path):
        assert f"<title>{html.escape(title, quote=False)}</title>" in text
        assert title in visible_text(text)
        assert '<meta charset="utf-8"' in text
        assert EMBEDDED_IMAGE.search(text), "그림이 파일 안에 들어 있지 않습니다"
        assert "NanumGothic" in text and "Malgun Gothic" in text  # 한글 글꼴을 차례로 찾는 font-family


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_outputs_work_offline_as_single_files(built, path):
    for text in outputs_of(built, path):
        code = without_scripts(text)
        assert not EXTERNAL.findall(code), [m for m in re.findall(r".{60}(?://).{60}", code) if EXTERNAL.search(m)][:3]
        assert not re.search(r"<script\b[^>]*\bsrc=", code), "스크립트를 다른 파일에서 읽으면 파일 하나로 완결되지 않습니다"
        assert not re.search(r"<link\b[^>]*stylesheet", code, re.IGNORECASE)
    deck, _ = outputs_of(built, path)
    assert "Reveal.initialize" in deck and "RevealNotes" in deck


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_setup_cells_are_skipped_on_slides_but_kept_on_the_page(built, path):
    nb = nbformat.read(path, as_version=4)
    # 풀이 글(solution-discussion)의 칸은 학생용 페이지에 없다: 그 규칙은 test_quizzes_become_text_and_solution_...에서
    skipped = [c for c in nb.cells if c.cell_type == "code" and slide_type(c) == "skip"
               and SOLUTION_DISCUSSION not in c.metadata.get("tags", [])]
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert params and all(slide_type(c) == "skip" for c in params), "parameters 칸은 슬라이드에서 빼야 합니다"
    deck, page = map(visible_text, outputs_of(built, path))
    shown = [c.source for c in nb.cells if slide_type(c) != "skip"]
    for cell in skipped:
        # 보이는 칸에도 있는 흔한 줄(예: with torch.no_grad():)이 아니라 이 칸에만 있는 줄로 찾는다
        line = next(line for line in cell.source.splitlines() if line.strip() and not line.startswith(("#", "%"))
                    and not any(line in source for source in shown))
        assert line not in deck, f"건너뛰어야 할 칸이 슬라이드에 있습니다: {line}"
        assert line in page  # 같은 검사가 페이지에서는 찾아낸다: 검사 자체가 글자를 찾을 수 있다는 뜻


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_slides_follow_the_metadata(built, path):
    # 슬라이드는 수업용 사본에서 만든다 (퀴즈는 문제마다 한 장, 연습 결과 풀이 칸은 빠짐)
    nb = classroom_copy(nbformat.read(path, as_version=4), slides=True)
    deck, page = outputs_of(built, path)
    # 'slide'는 가로 슬라이드와 그 첫 세로 슬라이드로 <section> 둘, 'subslide'는 하나. 첫 칸은 언제나 'slide'
    slides = sum(slide_type(c) == "slide" for c in nb.cells[1:]) + 1
    subslides = sum(slide_type(c) == "subslide" for c in nb.cells[1:])
    assert slides >= 4, "제목마다 슬라이드를 나누세요 (slideshow.slide_type)"
    assert without_scripts(deck).count("<section") == 2 * slides + subslides
    notes = [c for c in nb.cells if slide_type(c) == "notes"]
    assert deck.count('<aside class="notes">') == len(notes)
    for cell in notes:  # 발표자 노트는 학생에게 줄 페이지에 없다
        assert cell.source.splitlines()[-1] not in visible_text(page)


EXERCISES = [p for p in LESSONS if BEGIN in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def teacher_build(tmp_path_factory):
    """강사용(--solutions)으로 만든 연습 문제 강의들: 학생용과 견주어 정답이 실제로 빠졌는지 본다."""
    return build_lessons(NOTEBOOK_DIR, tmp_path_factory.mktemp("slides-teacher"), solutions=True,
                         lessons=[p.name[:2] for p in EXERCISES], log=lambda *_: None)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_solutions_are_removed_unless_asked(built, teacher_build, path):
    teacher = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    solutions = re.findall(rf"{BEGIN}\n(.*?)\n\s*{END}", teacher, flags=re.DOTALL)
    assert solutions
    deck, page = map(visible_text, outputs_of(built, path))
    teacher_page = visible_text(outputs_of(teacher_build, path)[1])
    assert page.count("raise NotImplementedError(") == len(solutions)  # 출력의 힌트 글자는 괄호 없이 나온다
    for block in solutions:
        # 정답 줄 가운데 강사용 페이지에만 보이는 줄이 있어야 하고(검사가 정답을 알아볼 수 있다는 뜻),
        # 그 줄들은 학생용 페이지에도 슬라이드에도 없다 (슬라이드는 긴 코드를 숨기므로 강사용과 견주지 않는다)
        lines = [line.strip() for line in block.splitlines() if len(line.strip()) > 8]
        answers = [line for line in lines if line in teacher_page and line not in page]
        assert answers, block
        assert not [line for line in answers if line in deck]
    for text in (deck, page, teacher_page):  # nbgrader의 숨은 채점 줄은 어느 화면에도 보이지 않는다
        assert "HIDDEN TESTS" not in text and ".require()" not in text


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_pages_never_mix_an_empty_exercise_with_the_solutions_results(path):
    """학생용(정답 없는) 사본: 빈칸 뒤에는 빈 답을 채점한 '아직 아닙니다'만, 강사용: 정답 뒤에 '정답입니다!'."""
    nb = nbformat.read(path, as_version=4)
    # 슬라이드 사본: 발표자 노트 칸이 둘 다에 남아 칸 번호가 원본과 같다
    student, teacher = classroom_copy(nb, slides=True), classroom_copy(nb, slides=True, solutions=True)

    def after_first_exercise(copy):
        start = next(i for i, c in enumerate(nb.cells) if BEGIN in c.source)
        return ["".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in c.outputs)
                for c in copy.cells[start:] if c.cell_type == "code"]

    student_texts, teacher_texts = after_first_exercise(student), after_first_exercise(teacher)
    stubs = [t for t in student_texts if "NotImplementedError" in t]
    passes = [t for t in teacher_texts if t.startswith("정답입니다!")]
    assert passes and len(stubs) == len(passes), (len(stubs), len(passes))
    assert all(t.startswith("아직 아닙니다.") for t in stubs)
    assert not [t for t in student_texts if t.startswith("정답입니다!")]
    # 학생 함수로 계산한 결과(통과했을 때만 나오는 칸)는 안내로 바뀌고, 강사용에는 그대로 있다
    notes = [i for i, t in enumerate(student_texts) if STUDENT_RESULT_NOTE in t]
    assert all(STUDENT_RESULT_NOTE not in teacher_texts[i] and teacher_texts[i] for i in notes)


def test_executed_lesson_on_ci_parameters(executed):
    path = next(p for p in LESSONS if p.name.startswith("01"))
    assert sorted(p.name for p in executed) == sorted([f"{path.stem}.slides.html", f"{path.stem}.html", "index.html"])
    title = lesson_title(nbformat.read(path, as_version=4))
    for text in outputs_of(executed, path):
        assert title in visible_text(text) and EMBEDDED_IMAGE.search(text)
        assert not EXTERNAL.findall(without_scripts(text))


def test_classroom_copy_rules():
    """정적인 파일에 맞게 고치는 규칙을 작은 노트북으로: 매개변수 칸, 위젯, CDN 링크, 긴 코드, 정답, 노트."""
    v4 = nbformat.v4
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# 9강. 시험"),
        v4.new_code_cell("# Parameters\nEPOCHS = 1", metadata={"tags": ["injected-parameters"]}),
        v4.new_code_cell("slider()", outputs=[v4.new_output("display_data", data={
            **widget, "text/plain": "VBox(children=(FloatSlider(value=0.5),))"})]),
        v4.new_code_cell("train()", outputs=[v4.new_output("display_data", data={
            **widget, "text/plain": "GAN 학습:   0%|          | 0/40"})]),
        v4.new_code_cell("anim()", outputs=[v4.new_output("display_data", data={
            "text/html": '<link rel="stylesheet"\nhref="https://cdn.example/fa.css"><div>ok</div>'})]),
        v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(20))),
        v4.new_code_cell(f"def f():\n    {BEGIN}\n    return 42\n    {END}"),
        v4.new_markdown_cell("답: 42", metadata={"slideshow": {"slide_type": "notes"}}),
        v4.new_code_cell('check_claim(True, "주장")', metadata={"tags": ["claim"]}),
        v4.new_code_cell("# NBVAL_CHECK_OUTPUT\ncheck()"),
        v4.new_code_cell("display(Image(gif))", outputs=[v4.new_output("display_data", data={
            "image/gif": "R0lGODlhAQABAAAAACw=\n", "text/plain": "<IPython.core.display.Image object>"})]),
    ])
    slides = classroom_copy(nb, slides=True)
    page = classroom_copy(nb, slides=False)
    teacher = classroom_copy(nb, slides=False, solutions=True)
    assert slides.metadata.title == "9강. 시험"
    assert slide_type(slides.cells[1]) == "skip"
    assert "슬라이더" in slides.cells[2].outputs[0]["data"]["text/html"]  # 움직이지 않는 위젯 대신 안내
    assert slides.cells[3].outputs == []  # tqdm 진행 막대의 0%는 뺀다
    assert slides.cells[4].outputs[0]["data"]["text/html"] == "<div>ok</div>"
    assert slides.cells[5].metadata.get("transient") == {"remove_source": True}  # 슬라이드에서만 긴 코드를 숨긴다
    assert "transient" not in page.cells[5].metadata
    assert "return 42" not in page.cells[6].source and "return 42" in teacher.cells[6].source
    assert [c.source for c in page.cells if c.source == "답: 42"] == []  # 발표자 노트는 학생용 페이지에 없다
    assert any(c.source == "답: 42" for c in slides.cells) and any(c.source == "답: 42" for c in teacher.cells)
    assert slide_type(slides.cells[8]) == "skip" and slide_type(page.cells[7]) == "skip"  # 주장 확인 칸은 슬라이드에서 뺀다
    assert slides.cells[9].source == page.cells[8].source == "check()"  # 테스트용 표시는 보이지 않는다
    gif = page.cells[9].outputs[0]["data"]  # GIF는 글자 대신 그림으로
    assert list(gif) == ["text/html"] and gif["text/html"].startswith('<img src="data:image/gif;base64,R0lGOD')
    assert "return 42" in nb.cells[6].source and nb.cells[2].outputs[0]["data"].keys() >= widget.keys()  # 원본 그대로


def test_quizzes_become_text_and_solution_discussions_leave_student_copies():
    """정적인 파일의 퀴즈는 글로 된 문제(슬라이드는 문제마다 한 장, 답 없음), 결과 풀이 칸은 강사용에만."""
    from gan_utils.quizzes import LESSON2_QUIZ
    from course.student import SOLUTION_DISCUSSION, make_student_copy
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# 9강. 시험"),
        v4.new_code_cell("quiz_widget(LESSON2_QUIZ)", metadata={"slideshow": {"slide_type": "slide"}}),
        v4.new_markdown_cell("정확도는 70% 근처에서 멈춥니다.", metadata={"tags": [SOLUTION_DISCUSSION]}),
    ])
    slides, page = classroom_copy(nb, slides=True), classroom_copy(nb, slides=False)
    teacher = classroom_copy(nb, slides=False, solutions=True)
    quiz_slides = [c for c in slides.cells if c.source.startswith("**퀴즈")]
    assert len(quiz_slides) == len(LESSON2_QUIZ) and all(c.cell_type == "markdown" for c in quiz_slides)
    assert [slide_type(c) for c in quiz_slides] == ["slide"] + ["subslide"] * (len(LESSON2_QUIZ) - 1)
    for cell, item in zip(quiz_slides, LESSON2_QUIZ):
        assert item["question"] in cell.source and all(choice in cell.source for choice in item["choices"])
        assert item["explanation"] not in cell.source  # 답의 설명은 보이지 않는다
    assert all(q["question"] in page.cells[1].source for q in LESSON2_QUIZ)
    assert not any("70%" in c.source for c in slides.cells + page.cells)
    assert any("70%" in c.source for c in teacher.cells) and any("70%" in c.source for c in nb.cells)
    assert not any("70%" in c.source for c in make_student_copy(nb).cells)


def test_command_line_help_is_korean():
    result = subprocess.run([sys.executable, "-m", "course.slides", "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "슬라이드" in result.stdout and "--execute" in result.stdout


def test_deck_opens_offline_in_chromium(chromium_path, built):
    """실제 브라우저에서 바깥 요청 없이 열리고, reveal.js가 슬라이드를 세고, MathJax가 수식을 그린다 (2강)."""
    from playwright.sync_api import sync_playwright
    path = next(p for p in LESSONS if p.name.startswith("02"))
    nb = classroom_copy(nbformat.read(path, as_version=4), slides=True)
    expected = sum(slide_type(c) in ("slide", "subslide") for c in nb.cells[1:]) + 1
    deck = next(p for p in built if p.name == f"{path.stem}.slides.html")
    page_file = next(p for p in built if p.name == f"{path.stem}.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            for target, is_deck in ((deck, True), (page_file, False)):
                page = browser.new_page()
                outside, errors = [], []
                page.route("**/*", lambda route, outside=outside: route.continue_()
                           if route.request.url.startswith(("file:", "data:"))
                           else (outside.append(route.request.url), route.abort()))
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.goto(target.as_uri())
                page.wait_for_function("() => document.querySelectorAll('mjx-container svg').length > 0", timeout=30_000)
                if is_deck:
                    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
                    assert page.evaluate("Reveal.getTotalSlides()") == expected
                assert not outside and not errors, (outside, errors)
                page.close()
        finally:
            browser.close()
