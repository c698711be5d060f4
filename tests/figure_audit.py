"""테스트 전용: 강의 노트북의 커널 안에서 그려지는 matplotlib 그림을 모두 살핀다.

test_notebooks.py가 IPython 시작 파일로 이 파일을 불러온다 (노트북 자체는 바꾸지 않는다). 그림이 그려질
때마다(Figure.draw) 그 안의 글자를 하나씩 보고, 프로젝터에서 문제가 될 것을 환경 변수 GAN_FIGURE_AUDIT의
파일에 JSON 한 줄씩 적는다.
- 글꼴 목록(한글 글꼴 + DejaVu Sans)의 어느 글꼴에도 없는 글자: 화면에 빈칸이나 네모로 나온다.
- 너무 작은 글자 (MIN_TEXT_PT 미만, 범례는 MIN_LEGEND_PT 미만)와 낮은 해상도 (MIN_DPI 미만).
- 그림 밖으로 나간 글자: 저장된 그림이나 애니메이션 프레임에서 잘린다.
"""
import json
import os

from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

MIN_DPI = 110
MIN_TEXT_PT = 10
MIN_LEGEND_PT = 11
OUTSIDE_TOLERANCE_PX = 2
_charmaps = {}


def _charmap(path):
    if path not in _charmaps:
        _charmaps[path] = set(ft2font.FT2Font(str(path)).get_charmap())
    return _charmaps[path]


def _font_paths(prop):
    """글자를 그릴 때 matplotlib이 차례로 쓰는 글꼴 파일들 (대체 글꼴 포함)."""
    try:
        return list(font_manager.fontManager._find_fonts_by_props(prop))
    except AttributeError:  # 옛 matplotlib: 첫 글꼴만
        return [font_manager.findfont(prop)]


def _is_mathtext(text):
    unescaped = text.replace(r"\$", "")
    return unescaped.count("$") >= 2


def _figure_name(fig):
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return titles[0] if titles else f"제목 없는 그림 ({len(fig.axes)}칸)"


def audit(fig, renderer, drawn=None):
    """그림 하나의 문제 목록. drawn: 이번에 실제로 그려진 Text들 (None이면 그림의 모든 Text, 눈금 밖의 것도)."""
    problems = []
    dpi = getattr(renderer, "dpi", fig.dpi)
    if dpi < MIN_DPI:
        problems.append(f"해상도 {dpi:g} dpi (최소 {MIN_DPI})")
    legend_texts = {id(t) for legend in fig.findobj(Legend) for t in legend.get_texts()}
    width, height = fig.bbox.width, fig.bbox.height
    for text in fig.findobj(Text) if drawn is None else drawn:
        content = text.get_text()
        if not text.get_visible() or not content.strip():
            continue
        if not _is_mathtext(content) and not text.get_usetex():
            fonts = [_charmap(p) for p in _font_paths(text.get_fontproperties())]
            missing = sorted({ch for ch in content if not ch.isspace() and not any(ord(ch) in f for f in fonts)})
            if missing:
                problems.append(f"글꼴에 없는 글자 {''.join(missing)!r}: {content[:40]!r}")
        size = text.get_fontsize()
        smallest = MIN_LEGEND_PT if id(text) in legend_texts else MIN_TEXT_PT
        if size < smallest - 0.01:
            problems.append(f"글자 크기 {size:.1f}pt (최소 {smallest}): {content[:40]!r}")
        box = text.get_window_extent(renderer)
        if (box.x0 < -OUTSIDE_TOLERANCE_PX or box.y0 < -OUTSIDE_TOLERANCE_PX
                or box.x1 > width + OUTSIDE_TOLERANCE_PX or box.y1 > height + OUTSIDE_TOLERANCE_PX):
            problems.append(f"그림 밖으로 나간 글자: {content[:40]!r}")
    return problems


def _record(fig, problems):
    """문제마다 한 줄, 문제가 없으면 '살펴봄' 한 줄 (검사 도구가 정말 돌았는지 테스트가 셀 수 있도록)."""
    with open(os.environ["GAN_FIGURE_AUDIT"], "a", encoding="utf-8") as f:
        for problem in problems or [None]:
            f.write(json.dumps({"figure": _figure_name(fig), "problem": problem}, ensure_ascii=False) + "\n")


def install():
    """Figure.draw와 Text.draw를 감싼다: 그림을 그리는 동안 실제로 그려진 글자만 모아 살핀다."""
    original_figure_draw, original_text_draw = Figure.draw, Text.draw
    drawing = []  # 그리는 중인 그림마다 그려진 Text 목록 (그림 안에 그림이 있을 수 있어 쌓는다)

    def text_draw(self, renderer):
        if drawing and self.get_visible():
            drawing[-1].append(self)
        return original_text_draw(self, renderer)

    def draw(self, renderer):
        drawing.append([])
        try:
            result = original_figure_draw(self, renderer)
        finally:
            drawn = drawing.pop()
        try:
            problems = audit(self, renderer, drawn)
        except Exception as error:  # 검사 도구 자신의 오류도 숨기지 않고 보고한다
            problems = [f"검사 중 오류: {error!r}"]
        _record(self, problems)
        return result

    Figure.draw, Text.draw = draw, text_draw

    def uninstall():
        Figure.draw, Text.draw = original_figure_draw, original_text_draw
    return uninstall


if os.environ.get("GAN_FIGURE_AUDIT"):
    install()
