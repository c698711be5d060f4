"""수업용 슬라이드와 집에서 읽을 페이지: 강의 노트북 하나에서 둘을 만든다.

교사는 프로젝터에 슬라이드(Reveal.js)를 띄워 수업하고, 학생은 같은 내용을 출력(그림)까지 담은 HTML 페이지로
집에서 다시 읽는다. 둘 다 notebooks/의 강의 노트북에서 바로 만들므로 따로 고쳐야 할 사본이 없다.

    python3 kit.py slides               # 노트북에 저장된 출력으로 build/slides/에 만든다 (몇 초)
    python3 kit.py slides --execute     # 노트북을 수업용 기본값으로 다시 실행한 뒤 만든다
    python3 kit.py slides --ci          # CI의 빠른 매개변수로 실행한 뒤 만든다 (테스트용)

가상환경 안, 저장소 맨 위에서는 ``python -m course.slides``도 같은 명령이다 (``--help``로 모든 옵션).

- 슬라이드 나누기는 셀 메타데이터 ``slideshow.slide_type``(slide, subslide, fragment, skip, notes)을 따른다.
  JupyterLab의 오른쪽 '속성 검사기(Property Inspector)'에서 셀마다 고를 수 있다.
- 만든 파일은 인터넷 없이 열린다. reveal.js(``pyreveal`` 패키지에 들어 있음)와 MathJax 3(``django-static-mathjax``
  패키지)를 파일 안에 넣고, 글꼴은 컴퓨터에 있는 한글 글꼴을 쓴다. 파일 하나만 복사해 나눠 줘도 된다.
- 연습 문제의 정답은 기본으로 지운다 (학생에게 나눠 줄 페이지이므로). 강사용은 ``--solutions``.
"""
import argparse
import ast
import contextlib
import copy
import functools
import io
import re
import sys
import tempfile
from datetime import datetime
from importlib import resources
from pathlib import Path

import nbformat

from . import lesson_id
from .student import BEGIN, SOLUTION_DISCUSSION, clear_for_slides, lesson_notebooks

TEMPLATES = Path(__file__).with_name("templates")
SLIDE_SIZE = (1280, 720)  # 16:9 프로젝터. reveal.js가 화면 크기에 맞춰 통째로 늘이고 줄인다
SLIDE_CODE_LINES = 12  # 이보다 긴 코드 칸은 슬라이드에서 코드를 숨기고 출력만 크게 보인다 (페이지에는 모두 남는다)
SETUP_TAGS = {"parameters", "injected-parameters"}  # papermill이 넣은 매개변수 칸도 슬라이드에서 뺀다
# 본문의 주장을 확인하는 칸(claims.check_claim)은 읽기 페이지에만 남기고 슬라이드에서는 뺀다
HIDDEN_FROM_SLIDES = SETUP_TAGS | {"claim"}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<div class="gan-widget-note">🎛️ 이 자리에는 슬라이더·버튼(위젯)이 있습니다. '
               'JupyterLab에서 노트북을 실행하면 직접 움직여 볼 수 있습니다.</div>')
# 위젯의 글자 표현이 'VBox(children=...' 같은 상자면 조작하는 위젯이고, 아니면 tqdm 진행 막대다
WIDGET_REPR = re.compile(r"^\s*\w+\(children=")
# matplotlib 애니메이션(to_jshtml)은 재생 단추 아이콘을 CDN의 Font Awesome에서 가져온다: 빼고 CSS 글자로 대신한다
CDN_STYLESHEET = re.compile(r"<link[^>]*href=[\"']https?://[^>]*>", re.IGNORECASE)
ANIMATION = 'class="animation"'  # matplotlib 애니메이션(to_jshtml)의 HTML: 그림처럼 다룬다 (슬라이드에서 코드를 숨김)
MATH = re.compile(r"\$\$|\$[^$\n]+\$|\\\(|\\\[")
QUIZ_NOTE = "답은 JupyterLab에서 노트북의 퀴즈 위젯으로 골라 보면 바로 알려 줍니다."
# 정답을 지운 페이지에서, 정답으로 계산한 결과가 있던 자리에 두는 안내
STUDENT_RESULT_NOTE = ("학생용 페이지에는 이 칸의 결과를 싣지 않습니다. 위 연습 문제를 풀고 노트북에서 실행하면 "
                       "여러분의 답으로 계산한 결과가 여기에 나옵니다.")

MATHJAX_CONFIG = r"""window.MathJax = {
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
        processEscapes: true},
  svg: {fontCache: "global"},
  options: {enableMenu: false}  // 메뉴는 접근성 모듈을 인터넷에서 불러오려 하므로 끈다
};"""


# ---------------------------------------------------------------- 노트북 읽기
def lesson_title(nb):
    """노트북의 첫 제목 줄('# 1강. 위조지폐범과 경찰')에서 제목 글자를 돌려준다. 없으면 None."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def has_math(nb):
    return any(cell.cell_type == "markdown" and MATH.search(cell.source) for cell in nb.cells)


def _timestamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))  # 파이썬 3.10의 fromisoformat은 'Z'를 모른다


def cell_seconds(cell):
    """코드 칸 하나의 실행 시간(초). papermill이 잰 값, 없으면 Jupyter가 남긴 실행 시각으로. 기록이 없으면 0."""
    if cell.cell_type != "code":
        return 0.0
    duration = cell.metadata.get("papermill", {}).get("duration")
    times = cell.metadata.get("execution", {})
    if duration is not None:
        return duration
    if "iopub.execute_input" in times and "shell.execute_reply" in times:
        return (_timestamp(times["shell.execute_reply"]) - _timestamp(times["iopub.execute_input"])).total_seconds()
    return 0.0


def run_seconds(nb):
    """코드 칸들의 실행 시간 합(초)."""
    return sum(map(cell_seconds, nb.cells))


def run_lesson(path, parameters=None):
    """노트북을 papermill로 처음부터 끝까지 실행해 실행된 노트북을 돌려준다 (원본 파일은 바꾸지 않는다)."""
    import papermill as pm
    with tempfile.TemporaryDirectory(prefix="gan-slides-") as tmp:
        out = Path(tmp) / path.name
        # 노트북 폴더에서 실행해야 노트북 안의 상대 경로(outputs/ 등)가 그대로 통한다
        pm.execute_notebook(str(path), str(out), parameters=parameters or {}, cwd=str(path.parent),
                            kernel_name="python3", progress_bar=False, execution_timeout=600)
        return nbformat.read(out, as_version=4)


def ci_parameters(nb):
    return nb.metadata.get("gan_kit", {}).get("ci_parameters", {})


# ---------------------------------------------------------------- 수업용 사본
def classroom_copy(nb, *, slides, solutions=False):
    """내보내기 전에 고친 사본: 정답 지우기, 움직이지 않는 위젯 대신 안내, CDN 링크 빼기, (슬라이드) 긴 코드 숨기기.

    발표자 노트(slide_type "notes")는 슬라이드에서는 S 키의 발표자 화면에만 보이고, 페이지에는 강사용(solutions)일
    때만 남는다: 노트에는 질문의 답이 들어 있기도 하다.
    """
    nb = copy.deepcopy(nb)
    if not solutions:
        _show_student_results(nb)
        # 연습 문제를 푼 결과를 풀이하는 칸: 학생에게는 답을 미리 알려 주는 셈이고, 학생용 출력에는 그 결과도 없다
        nb.cells = [c for c in nb.cells if SOLUTION_DISCUSSION not in c.metadata.get("tags", [])]
    if not slides and not solutions:
        nb.cells = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") != "notes"]
    nb.cells = [new for cell in nb.cells for new in _quiz_as_text(cell, slides)]
    nb = clear_for_slides(nb, solutions)  # nbgrader의 숨은 테스트는 화면에 보일 까닭이 없고, 학생용이면 정답도 빈칸으로
    nb.metadata["title"] = lesson_title(nb) or nb.metadata.get("title", "")
    nb.metadata.pop("widgets", None)  # 위젯 상태는 인터넷의 위젯 관리자가 있어야 그려진다
    for cell in nb.cells:
        if HIDDEN_FROM_SLIDES & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
        if cell.cell_type != "code":
            continue
        cell.source = re.sub(r"^# NBVAL_CHECK_OUTPUT\n", "", cell.source)  # 테스트용 표시는 화면에 보일 까닭이 없다
        cell.outputs = _merge_streams([out for out in map(_static_output, cell.outputs) if out is not None])
        has_image = any(key.startswith("image/") or (key == "text/html" and ANIMATION in "".join(value))
                        for out in cell.outputs for key, value in out.get("data", {}).items())
        if slides and (has_image or len(cell.source.splitlines()) > SLIDE_CODE_LINES):
            cell.metadata["transient"] = {"remove_source": True}  # nbconvert가 코드 없이 출력만 그린다
    return nb


def _quiz_questions(source):
    """quiz_widget(...)를 부르는 칸이면 그 문제 목록(gan_utils.quizzes), 아니면 None."""
    from gan_utils import quizzes
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "quiz_widget":
            if not node.args:
                return quizzes.LESSON1_QUIZ
            return getattr(quizzes, getattr(node.args[0], "id", ""), None)
    return None


def _quiz_as_text(cell, slides):
    """퀴즈 위젯 칸을 글로 된 문제로 바꾼다 (정적인 파일에서는 위젯이 움직이지 않으므로). 답은 적지 않는다.

    슬라이드에서는 문제마다 한 장(첫 장은 원래 칸의 자리), 페이지에서는 한 칸에 모든 문제. 퀴즈가 아니면 그대로.
    """
    questions = _quiz_questions(cell.source) if cell.cell_type == "code" else None
    if not questions:
        return [cell]

    def text(number, item):
        choices = "\n".join(f"{i + 1}. {choice}" for i, choice in enumerate(item["choices"]))
        return f"**퀴즈 {number}/{len(questions)}.** {item['question']}\n\n{choices}"

    if not slides:
        return [nbformat.v4.new_markdown_cell("\n\n".join(text(n, q) for n, q in enumerate(questions, 1))
                                              + f"\n\n*{QUIZ_NOTE}*")]
    first_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
    return [nbformat.v4.new_markdown_cell(text(n, q), metadata={"slideshow": {
        "slide_type": first_type if n == 1 else "subslide"}}) for n, q in enumerate(questions, 1)]


def _top_level_names(tree):
    """모듈 수준에서 정하는 이름 (함수 안의 지역 변수는 빼고, 맨 바깥 if·for·with 안의 것은 넣는다)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.Try)):
            names |= _top_level_names(ast.Module(body=[n for field in ("body", "orelse", "finalbody")
                                                       for n in getattr(node, field, [])], type_ignores=[]))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.With)):
            names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names


def _names(source):
    """코드 칸이 (읽는 이름, 정하는 이름). 파이썬으로 읽히지 않는 칸(매직 명령)은 글자에서 이름을 뽑는다."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"[A-Za-z_]\w*", source)), set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}, _top_level_names(tree)


def _stub_check_output(source, exercise_names):
    """채점 칸이면 채점기에 빈 답(NotImplementedError)을 넣었을 때 학생이 보게 될 출력을, 아니면 None을 돌려준다."""
    from gan_utils import checks
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id.startswith("check_") and len(node.args) == 1
             and isinstance(node.args[0], ast.Name) and node.args[0].id in exercise_names]
    if not calls:
        return None

    if any(not hasattr(checks, call.func.id) for call in calls):
        return None
    return nbformat.v4.new_output("stream", name="stdout",
                                  text="".join(_empty_answer_report(call.func.id) for call in calls))


@functools.cache
def _empty_answer_report(checker_name):
    """채점기 checker_name에 빈 답(NotImplementedError를 내는 함수)을 넣었을 때 출력하는 글. 슬라이드와 페이지가 함께 쓴다."""
    from gan_utils import checks
    def empty_answer(*args, **kwargs):
        raise NotImplementedError

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        getattr(checks, checker_name)(empty_answer)
    return printed.getvalue()


def _show_student_results(nb):
    """정답을 지운 사본의 출력을 정답이 없는 노트북과 맞춘다 (빈칸 옆에 '정답입니다!'가 보이지 않게).

    연습 문제 칸이 정한 이름(학생 함수)을 읽는 칸은, 채점 칸이면 빈 답을 채점한 실제 출력('아직 아닙니다')으로,
    그 밖의 칸(학생 함수로 계산한 결과)이면 STUDENT_RESULT_NOTE로 바꾼다. 그 칸들이 정한 이름도 이어서 따라간다.
    """
    exercise_names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        used, defined = _names(cell.source)
        if BEGIN in cell.source:
            exercise_names |= defined
            cell.outputs = []
        elif used & exercise_names:
            exercise_names |= defined
            stub = _stub_check_output(cell.source, exercise_names)
            cell.outputs = [stub or nbformat.v4.new_output("display_data", data={
                "text/html": f'<div class="gan-student-note">{STUDENT_RESULT_NOTE}</div>',
                "text/plain": STUDENT_RESULT_NOTE})]


def _merge_streams(outputs):
    """이어진 같은 stream 출력(에폭마다 찍은 줄 등)을 하나로 합친다: 줄마다 따로 그려지면 사이가 벌어진다."""
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1] = nbformat.v4.new_output("stream", name=out["name"], text=merged[-1]["text"] + out["text"])
        else:
            merged.append(out)
    return merged


def _static_output(out):
    """출력 하나를 정적인 HTML에 맞게 고친다 (None이면 뺀다)."""
    data = out.get("data", {})
    if WIDGET_MIME in data:
        if not WIDGET_REPR.match(data.get("text/plain", "")):
            return None  # tqdm 진행 막대: 저장된 글자는 시작할 때의 0%라 오해를 부른다
        out = copy.deepcopy(out)
        out["data"] = {"text/html": WIDGET_NOTE}
    elif "text/html" in data and CDN_STYLESHEET.search(data["text/html"]):
        out = copy.deepcopy(out)
        out["data"]["text/html"] = CDN_STYLESHEET.sub("", data["text/html"])
    elif "image/gif" in data:
        # nbconvert는 GIF를 그리지 않고 <IPython...Image object> 글자만 남긴다: 같은 그림을 <img>로 넣는다
        out = copy.deepcopy(out)
        gif = "".join(data["image/gif"]).replace("\n", "")
        out["data"] = {"text/html": f'<img src="data:image/gif;base64,{gif}" alt="학습 진행 GIF">'}
    return out


# ---------------------------------------------------------------- HTML로 내보내기
def _package_text(package, path, install_hint):
    try:
        return resources.files(package).joinpath(path).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise ModuleNotFoundError(f"슬라이드를 만들려면 {install_hint} 패키지가 필요합니다 ({error}). "
                                  "`python3 kit.py slides`로 실행하면 강의 준비 도구(course 추가 패키지)를 설치합니다. "
                                  "가상환경을 직접 관리한다면 `pip install -e \".[course]\"`를 실행하세요.") from error


def _inline_script(code):
    # 스크립트 안의 '</script'가 HTML의 <script> 태그를 일찍 닫지 않도록 (자바스크립트에서는 같은 글자)
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


@functools.cache
def _assets():
    reveal = "revealjs/dist/"
    return {
        "reveal_js": _inline_script(_package_text("pyreveal", reveal + "reveal.js", "pyreveal(reveal.js)")),
        "reveal_css": _package_text("pyreveal", reveal + "reveal.css", "pyreveal(reveal.js)"),
        "notes_js": _inline_script(_package_text("pyreveal", reveal + "plugin/notes.js", "pyreveal(reveal.js)")),
        "mathjax_js": _inline_script(_package_text("mathjax", "static/mathjax/es5/tex-svg-full.js",
                                                   "django-static-mathjax(MathJax 3)")),
        "lesson_css": (TEMPLATES / "lesson.css").read_text(encoding="utf-8"),
        "slides_css": (TEMPLATES / "slides.css").read_text(encoding="utf-8"),
    }


def render(nb, *, slides):
    """수업용 사본(classroom_copy)을 HTML 문자열 하나로 만든다: 슬라이드(slides=True) 또는 페이지."""
    from nbconvert import HTMLExporter, SlidesExporter
    assets = _assets()
    exporter = (SlidesExporter if slides else HTMLExporter)(
        template_file=str(TEMPLATES / ("slides.html.j2" if slides else "page.html.j2")),
        embed_images=True,  # 마크다운의 그림도 파일 안에 (data: 주소)
        language_code="ko",  # 브라우저가 한글 글꼴을 고르도록
        exclude_input_prompt=slides, exclude_output_prompt=slides)  # 슬라이드에서는 In [3]: 자리를 그림에 준다
    mathjax = ""
    if has_math(nb):  # 수식이 없는 강의에는 2 MB짜리 MathJax를 넣지 않는다
        mathjax = f"<script>\n{MATHJAX_CONFIG}\n</script>\n<script>\n{assets['mathjax_js']}\n</script>"
    css = assets["lesson_css"] + (assets["slides_css"] if slides else "")
    gan = {"css": css, "mathjax": mathjax, "reveal_js": assets["reveal_js"], "reveal_css": assets["reveal_css"],
           "notes_js": assets["notes_js"], "width": SLIDE_SIZE[0], "height": SLIDE_SIZE[1]}
    body, _ = exporter.from_notebook_node(nb, resources={"gan": gan})
    return body


# ---------------------------------------------------------------- 모두 만들기
def build_lessons(src="notebooks", out="build/slides", execute=False, parameters=None, solutions=False,
                  lessons=None, log=print):
    """강의마다 슬라이드 <이름>.slides.html과 페이지 <이름>.html을 out에 쓰고, 쓴 파일 경로 목록을 돌려준다.

    Parameters
    ----------
    execute : False면 노트북에 저장된 출력을 쓰고, True면 papermill로 다시 실행한 출력을 쓴다.
    parameters : 실행할 때 넣을 매개변수 dict (모든 강의에 같이), 또는 "ci"(강의마다 노트북 메타데이터
        gan_kit.ci_parameters의 빠른 값). None이면 노트북의 기본값(수업용)으로 실행한다.
    solutions : True면 연습 문제의 정답을 남긴다 (강사용).
    lessons : 만들 강의 번호 목록 (예: ["01", "02"]). None이면 모두.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written, index = [], []
    for path in lesson_notebooks(src):
        if lessons and lesson_id(path) not in lessons:
            continue
        nb = nbformat.read(path, as_version=4)
        if execute:
            params = ci_parameters(nb) if parameters == "ci" else parameters
            log(f"[slides] 실행 중: {path.name} (매개변수 {params or '노트북 기본값'})")
            nb = run_lesson(path, params)
        title = lesson_title(nb) or path.stem
        log(f"[slides] {title}: 코드 칸 실행 시간 {run_seconds(nb):.0f}초 ({'방금 실행' if execute else '저장된 출력'})")
        for suffix, slides in ((".slides.html", True), (".html", False)):
            target = out / f"{path.stem}{suffix}"
            target.write_text(render(classroom_copy(nb, slides=slides, solutions=solutions), slides=slides),
                              encoding="utf-8")
            written.append(target)
        index.append((path.stem, title))
    if index:
        target = out / "index.html"
        target.write_text(_index_page(index), encoding="utf-8")
        written.append(target)
    return written


def _index_page(lessons):
    rows = "\n".join(f'<li><b>{title}</b>: <a href="{stem}.slides.html">슬라이드</a> · <a href="{stem}.html">읽기 페이지</a></li>'
                     for stem, title in lessons)
    css = _assets()["lesson_css"]
    return (f'<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n<title>GAN 강의: 슬라이드와 읽기 페이지</title>\n'
            f'<style>\n{css}\nbody {{ max-width: 48em; margin: 3em auto; font-size: 20px; line-height: 1.7; }}\n</style>\n'
            f'</head>\n<body>\n<h1>GAN 강의</h1>\n<ul>\n{rows}\n</ul>\n'
            '<p>슬라이드: → / ← 로 넘기고, F 전체 화면, S 발표자 노트, Esc 전체 보기.</p>\n</body>\n</html>\n')


def _parameter(text):
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"매개변수는 이름=값 형식이어야 합니다 (받은 값: {text!r}, 예: EPOCHS=1).")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value  # 따옴표 없는 글자는 문자열로 (예: DATASET=fashion-mnist)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 kit.py slides",
        description="강의 노트북마다 수업용 슬라이드(Reveal.js)와 집에서 읽을 HTML 페이지를 만든다. "
                    "인터넷 없이 열리는 파일 하나씩이다.")
    parser.add_argument("--src", default="notebooks", help="강의 노트북 폴더 (기본 notebooks)")
    parser.add_argument("--out", default="build/slides", help="만든 파일을 둘 폴더 (기본 build/slides)")
    parser.add_argument("--execute", action="store_true",
                        help="저장된 출력 대신 노트북을 papermill로 다시 실행해서 만든다 (강의 4는 몇 분)")
    parser.add_argument("--ci", action="store_true",
                        help="--execute와 같되 노트북마다 CI용 빠른 매개변수(gan_kit.ci_parameters)로 실행한다")
    parser.add_argument("-p", "--parameter", action="append", type=_parameter, default=[], metavar="이름=값",
                        help="실행할 때 모든 강의에 넣을 매개변수 (여러 번 쓸 수 있음, 예: -p EPOCHS=1). --execute를 뜻한다")
    parser.add_argument("--only", nargs="+", metavar="번호", help="이 번호의 강의만 만든다 (예: --only 01 02)")
    parser.add_argument("--solutions", action="store_true", help="연습 문제의 정답을 지우지 않는다 (강사용)")
    args = parser.parse_args(argv)
    if args.ci and args.parameter:
        parser.error("--ci와 -p는 함께 쓸 수 없습니다: --ci는 노트북마다 정해진 CI 매개변수를 씁니다.")
    parameters = "ci" if args.ci else dict(args.parameter) or None
    written = build_lessons(args.src, args.out, execute=args.execute or args.ci or bool(args.parameter),
                            parameters=parameters, solutions=args.solutions, lessons=args.only)
    for path in written:
        print(f"{path}  {path.stat().st_size / 1024:,.0f} KB")
    index = Path(args.out) / "index.html"
    print(f"\n브라우저로 여세요: {index.resolve().as_uri()}")
    print("슬라이드에서: → / ← 넘기기, F 전체 화면, S 발표자 노트, Esc 전체 보기")
    return 0


if __name__ == "__main__":
    sys.exit(main())
