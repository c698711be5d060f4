"""0~4강 설명 칸(마크다운)이 프로젝터에서 제대로 보이는지: 굵은 글씨가 별표로 새지 않는지, 한 칸이 한 슬라이드에 들어가는지.

CommonMark에서는 닫는 `**`가 문장 부호(`]`, `)`, 백틱, `.`) 바로 뒤에 오고 바로 다음이 글자(한글 조사 등)이면 닫는 표시가
되지 못한다. 그래서 `**[-1, 1]**로`는 JupyterLab, nbconvert(슬라이드와 읽기 페이지), 코드 호스팅 화면에서 별표가 그대로 보인다.
여기서는 실제 CommonMark 파서(markdown-it-py)로 칸을 그려 보고, 코드 밖의 글자에 강조 표시가 남았는지 찾는다.
"""
import re
from html.parser import HTMLParser

import nbformat
import pytest
from markdown_it import MarkdownIt
from nbformat import v4

from test_notebooks import LESSON_NAMES, NOTEBOOK_DIR

LESSONS = sorted(NOTEBOOK_DIR.glob("0[0-9]*_*.ipynb"))
MAX_MARKDOWN_CHARS = 700  # 이보다 긴 설명 칸은 1280x720 슬라이드 한 장에 들어가지 않는다: 문단이나 목록 경계에서 나눈다

# JupyterLab처럼 표와 취소선까지 켠 CommonMark
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# 코드 스팬(백틱)은 그대로 두고, 수식($$...$$, $...$)만 자리표시로 바꾼다: LaTeX 안의 `*`, `_`(D^*, p_g)는 강조 표시가 아니다.
# 자리표시 @@n@@은 JupyterLab이 마크다운을 그리기 전에 수식을 빼 두는 방식과 같고, `$`처럼 양끝이 문장 부호다.
PROTECTED = re.compile(r"(?P<code>(?P<ticks>`+)[\s\S]*?(?P=ticks))"
                       r"|(?P<math>\$\$[\s\S]+?\$\$|(?<![\\$])\$(?!\$)[^$\n]+?(?<!\\)\$)")
# 일부러 글자 그대로 쓴 별표·밑줄(`D\*`)은 같은 성질(문장 부호)의 전각 문자로 바꿔 짝 찾기에서 뺀다
ESCAPED = {"\\*": "\uff0a", "\\_": "\uff3f"}
BOUNDARY = "\x00"  # 태그가 있던 자리: 강조 표시의 짝이 그 너머로 이어지지 않게
CODE = "\x01"  # 코드 스팬의 글자 대신 (코드 속 별표는 세지 않는다)
LEFTOVERS = [
    re.compile(r"\*\*|__"),  # 닫히지 못한 굵은 글씨
    # 짝이 맞지 않아 글자로 남은 *기울임*: 여는 별표는 낱말 앞, 닫는 별표는 낱말 뒤 (D*(x)나 5 * 3은 아님)
    re.compile(r"(?<![\w*])\*(?=[^\s*\x00])[^*\n\x00]*?(?<=[^\s*\x00])\*(?!\*)"),
    # 같은 꼴의 _기울임_ (p_data 같은 이름 속 밑줄은 여는 표시가 낱말 중간이라 걸리지 않는다)
    re.compile(r"(?<![\w_])_(?=[^\s_\x00])[^_\n\x00]*?(?<=[^\s_\x00])_(?!_)"),
]


def protect(source):
    """수식을 자리표시로, 이스케이프한 별표·밑줄을 전각 문자로 바꾼다 (코드 스팬 안은 그대로)."""
    count = 0

    def replace(match):
        nonlocal count
        if match.group("code"):
            return match.group(0)
        count += 1
        return f"@@{count}@@"

    source = PROTECTED.sub(replace, source)
    for escaped, literal in ESCAPED.items():
        source = source.replace(escaped, literal)
    return source


class _VisibleText(HTMLParser):
    """그린 HTML에서 <code>, <pre> 밖의 글자만 모은다. 태그 자리에는 BOUNDARY, 코드의 글자 대신 CODE를 넣는다."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.in_code = [], 0

    def handle_starttag(self, tag, attrs):
        self.in_code += tag in ("code", "pre")
        if tag != "code":  # 코드 스팬은 CODE 글자가 대신한다
            self.parts.append(BOUNDARY)

    def handle_endtag(self, tag):
        if tag in ("code", "pre") and self.in_code:
            self.in_code -= 1
        if tag != "code":
            self.parts.append(BOUNDARY)

    def handle_data(self, data):
        self.parts.append(CODE if self.in_code else data)


def visible_text(source):
    """마크다운 칸을 CommonMark로 그렸을 때 코드 밖에 보이는 글자."""
    parser = _VisibleText()
    parser.feed(RENDERER.render(protect(source)))
    parser.close()
    return "".join(parser.parts)


def leftover_emphasis(source):
    """그린 뒤에도 글자로 남은 강조 표시(`**`, `__`, 짝 맞은 `*…*`, `_…_`)를 앞뒤 글자와 함께 돌려준다."""
    text = visible_text(source)
    spans = sorted(m.span() for pattern in LEFTOVERS for m in pattern.finditer(text))
    merged = []  # 가까운 표시(한 굵은 글씨의 여닫는 `**`)는 한 조각으로
    for start, end in spans:
        if merged and start <= merged[-1][1] + 20:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [_readable(text[max(0, start - 20):end + 20]) for start, end in merged]


def _readable(snippet):
    """실패 메시지용: 자리표시를 원래 모양에 가깝게 (태그 → 빈칸, 코드 → `…`, 수식 → $…$)."""
    snippet = re.sub(CODE + "+", "`…`", re.sub(BOUNDARY + "+", " ", snippet))
    return re.sub(r"@@\d+@@", "$…$", snippet).strip()


def emphasis_problems(nb, name):
    return [f"{name} 칸 {i}: {snippet!r}" for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
            for snippet in leftover_emphasis(cell.source)]


def long_markdown_cells(nb, name):
    return [f"{name} 칸 {i}: {len(cell.source)}자 (최대 {MAX_MARKDOWN_CHARS}자)" for i, cell in enumerate(nb.cells)
            if cell.cell_type == "markdown" and len(cell.source) > MAX_MARKDOWN_CHARS]


# ---------------------------------------------------------------- 검사기 자체
BROKEN_AND_FIXED = [
    ("값을 **[-1, 1]**로 맞춥니다.", "값을 **[-1, 1] 범위**로 맞춥니다."),
    ("이 값이 **바닥값(noise floor)**이고", "이 값이 **바닥값**(noise floor)이고"),
    ("판별자에는 **`fake.detach()`**의 로짓을", "판별자에는 **`fake.detach()` 출력**의 로짓을"),
    ("가짜 분포 **$p_g$**가 움직입니다.", "가짜 분포 $p_g$가 **움직입니다**."),
    ("범위는 *[-1, 1]*로 둡니다.", "범위는 *[-1, 1] 구간*으로 둡니다."),
    ("이 값이 __바닥값(noise floor)__이고", "이 값이 __바닥값__(noise floor)이고"),
    ("이 값이 _바닥값(noise floor)_이고", "이 값이 _바닥값_(noise floor)이고"),
]


@pytest.mark.parametrize("broken,fixed", BROKEN_AND_FIXED, ids=[b for b, _ in BROKEN_AND_FIXED])
def test_detector_flags_unclosed_emphasis_and_passes_the_fix(broken, fixed):
    assert leftover_emphasis(broken), f"잡아내야 합니다: {broken}"
    assert leftover_emphasis(fixed) == [], f"고친 글은 통과해야 합니다: {fixed}"


@pytest.mark.parametrize("source", [
    "최적 판별자 $D^*(x)$와 $p_{\\text{data}}$, 그리고 $$a * b * c$$",  # 수식 속 별표·밑줄
    "`x ** 2`와 `__init__`, `**kwargs`",  # 코드 속 별표·밑줄
    "학습 중인 판별자는 D\\*에 다가갈 뿐, 늘 D\\*와 같지는 않습니다.",  # 일부러 글자 그대로 쓴 별표
    "2강의 D*(x) = 0.9 · p_data(x) / (p_data(x) + p_g(x)), 그리고 5 * 3 = 15",  # 강조가 될 수 없는 별표와 이름 속 밑줄
    "**생성자**(Generator, G)와 **판별자**: 그리고 *기울임*과 _밑줄 기울임_",  # 제대로 닫힌 강조
])
def test_detector_ignores_math_code_and_literal_asterisks(source):
    assert leftover_emphasis(source) == []


def test_checks_name_the_cell_and_can_fail():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# 시험"), v4.new_code_cell("x = '**[1]**로'"),
                                v4.new_markdown_cell("값을 **[-1, 1]**로"), v4.new_markdown_cell("가" * 701)])
    (problem,) = emphasis_problems(nb, "시험.ipynb")
    assert problem.startswith("시험.ipynb 칸 2:") and "**[-1, 1]**로" in problem
    assert long_markdown_cells(nb, "시험.ipynb") == ["시험.ipynb 칸 3: 701자 (최대 700자)"]


# ---------------------------------------------------------------- 강의 노트북
def test_every_lesson_is_checked():
    assert [p.name for p in LESSONS] == LESSON_NAMES  # 이 파일의 glob이 강의를 빠짐없이 고른다


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_bold_and_italic_render_in_every_markdown_cell(path):
    problems = emphasis_problems(nbformat.read(path, as_version=4), path.name)
    assert not problems, ("강조 표시가 글자로 남습니다. 문장 부호나 코드를 굵은 글씨 밖으로 빼거나 안에 낱말을 넣으세요:\n"
                          + "\n".join(problems))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_markdown_cell_fits_one_slide(path):
    too_long = long_markdown_cells(nbformat.read(path, as_version=4), path.name)
    assert not too_long, "문단이나 목록 경계에서 칸을 나누세요 (다음 칸은 fragment나 subslide):\n" + "\n".join(too_long)
