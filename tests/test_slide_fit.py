"""프로젝터 화면에 맞는 슬라이드: 모든 강의의 슬라이드를 1280×720에서 한 장씩 넘기며 잘리는 것이 없는지 본다.

Reveal.js는 슬라이드 안을 스크롤하지 않으므로, 아래로 넘친 줄과 오른쪽으로 잘린 코드는 교실에서 보이지 않는다.
저장소의 강의 노트북(저장된 출력)으로 슬라이드를 만들고, 헤드리스 Chromium에서 → 키를 누르듯 Reveal.next()로
모든 가로·세로 슬라이드와 조각(fragment) 단계를 지나며, 보이는 글자 하나하나와 그림·단추 상자가 슬라이드 안에
들어가는지 tests/fit_check.js로 잰다.

화면은 build/screenshots/slides/에 남는다 (CI 산출물): 이슈에 적힌 가장 심하게 잘렸던 슬라이드 넷의
고치기 전 화면(docs/screenshots/slides_before/, 2026-11-23 판으로 찍음)과 지금 화면을 나란히, 그리고
잘린 슬라이드가 있으면 그 화면도.
"""
import shutil
from pathlib import Path

import nbformat
import pytest

from course.slides import classroom_copy, render

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots" / "slides"
BEFORE = ROOT / "docs" / "screenshots" / "slides_before"
FIT_JS = (Path(__file__).with_name("fit_check.js")).read_text(encoding="utf-8")
VIEWPORT = {"width": 1280, "height": 720}
SIDES = ["right", "bottom", "left", "top"]
# 이슈 #16에서 가장 심하게 잘렸던 슬라이드: (강의 번호, 그 내용이 지금 있는 슬라이드를 찾는 표시, 화면 파일 이름).
# 표시는 제목의 앞부분, 'text:'로 시작하면 슬라이드 글자의 일부, 'css:'로 시작하면 CSS 선택자다.
WORST = [("02", "3. 최적 판별자 D*", "02_최적_판별자"), ("04", "text:x_train, epochs=EPOCHS", "04_학습"),
         ("04", "5.3 파첸 창", "04_파첸"), ("03", "css:.animation", "03_애니메이션")]

STEP_JS = """(fit) => {
  const slide = Reveal.getCurrentSlide(), i = Reveal.getIndices();
  const heading = slide.querySelector('h1, h2, h3');
  const title = (heading ? heading.textContent : slide.textContent).trim().replace(/¶$/, '').slice(0, 50);
  return {at: [i.h, i.v, i.f === undefined ? null : i.f], title,
          problems: (0, eval)(fit)([slide, %s, Reveal.getScale() || 1]),
          last: Reveal.isLastSlide() && !Reveal.availableFragments().next};
}""" % str(SIDES).replace("'", '"')
# 잴 때는 전환 효과를 끈다: 슬라이드의 fade(0.5초)와 조각이 나타나는 CSS 전환(0.2초)이 없으면 Reveal.next()나
# Reveal.slide() 바로 뒤의 배치가 곧 마지막 모습이다 (전환은 불투명도만 바꾸므로 재는 상자의 크기와 자리는 같다).
NO_TRANSITIONS_JS = """() => {
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});
  const style = document.createElement('style');
  style.textContent = '.reveal .slides section, .reveal .fragment { transition: none !important; }';
  document.head.appendChild(style);
}"""
# 지금 단계가 다 그려졌는가: 지금 슬라이드가 present이고, 그 슬라이드와 나타난 조각이 모두 불투명하고 보인다
SETTLED_JS = """() => {
  const slide = Reveal.getCurrentSlide();
  if (!slide || !slide.classList.contains('present')) return false;
  return [slide, ...slide.querySelectorAll('.fragment.visible')].every(e => {
    const s = getComputedStyle(e);
    return s.opacity === '1' && s.visibility === 'visible';
  });
}"""
TWO_FRAMES_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def page(chromium_path):
    """1280×720 창의 헤드리스 Chromium 페이지 (Chromium이 없으면 conftest.require_chromium의 규칙: CI에서는 실패, 그 밖에서는 건너뜀)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser.new_page(viewport=VIEWPORT)
        finally:
            browser.close()


@pytest.fixture(scope="module")
def decks(saved_lesson_build):
    return sorted(p for p in saved_lesson_build if p.name.endswith(".slides.html"))


def open_deck(page, deck, where=""):
    page.goto(deck.as_uri() + where)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    # 수식(MathJax)과 글꼴이 다 그려진 뒤에 잰다: 그 전에는 글자 상자의 크기가 다르다
    page.wait_for_function("() => [...document.querySelectorAll('mjx-container')].every(m => m.querySelector('svg'))",
                           timeout=30_000)
    page.evaluate("document.fonts.ready.then(() => true)")
    # 템플릿의 '한 화면에 맞추기'(넘치는 슬라이드의 그림과 글자를 조금 줄임)가 끝난 뒤에 잰다
    page.wait_for_function("() => document.body.dataset.ganFit === 'done'", timeout=30_000)
    page.evaluate(NO_TRANSITIONS_JS)


def settle(page, painted=False):
    """지금 단계가 다 그려질 때까지 기다린다 (전환을 껐으므로 보통 바로). painted=True면 화면을 찍을 수 있도록
    화면이 두 번 새로 그려지기(requestAnimationFrame 두 번)까지 기다린다."""
    if painted:
        page.evaluate(TWO_FRAMES_JS)
    page.wait_for_function(SETTLED_JS, timeout=10_000)


def walk(page, deck):
    """덱의 모든 단계를 지나며 [{at, title, problems}]를 돌려준다 (문제가 있는 단계만)."""
    open_deck(page, deck)
    page.evaluate("Reveal.slide(0, 0)")
    bad, steps = [], 0
    while True:
        settle(page)  # 재는 글자·그림 상자는 스타일과 배치만 있으면 된다 (getBoundingClientRect가 바로 계산한다)
        step = page.evaluate(STEP_JS, FIT_JS)
        steps += 1
        if step["problems"]:
            bad.append(step)
        if step["last"] or steps > 2000:
            return bad, steps
        page.evaluate("Reveal.next()")


def describe(bad):
    lines = []
    for step in bad:
        problems = "; ".join(f"{p['side']}으로 {p['px']}px: {p['what']!r}" for p in step["problems"][:3])
        lines.append(f"  슬라이드 {step['at']} '{step['title']}': {len(step['problems'])}곳 ({problems})")
    return "\n".join(lines)


def test_every_slide_of_every_lesson_fits_1280x720(page, decks):
    assert len(decks) >= 5, decks
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("cut_*.png"):
        old.unlink()
    report, total_steps = [], 0
    for deck in decks:
        bad, steps = walk(page, deck)
        total_steps += steps
        if bad:
            report.append(f"{deck.name}: {len({tuple(s['at'][:2]) for s in bad})}장이 잘립니다\n{describe(bad)}")
            for step in bad[:5]:  # 잘린 모습을 산출물로 남긴다
                h, v, f = step["at"]
                page.evaluate(f"Reveal.slide({h}, {v}, {-1 if f is None else f})")
                settle(page, painted=True)
                page.screenshot(path=str(SHOTS / f"cut_{deck.name[:2]}_{h}_{v}.png"))
    assert total_steps > 150, total_steps  # 정말 모든 단계를 지났는지 (강의 다섯 개의 슬라이드 수)
    assert not report, ("1280×720 슬라이드에서 잘리는 내용이 있습니다 (build/screenshots/slides/cut_*.png). "
                        "슬라이드를 나누거나(slide_type subslide), 긴 출력을 fragment나 읽기 페이지로 옮기세요.\n"
                        + "\n".join(report))


def test_before_and_after_screenshots_of_the_worst_slides(page, decks):
    """가장 심하게 잘렸던 슬라이드 넷을 지금 판으로 찍어 고치기 전 화면 옆에 둔다 (CI 산출물)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lesson, heading, name in WORST:
        deck = next(d for d in decks if d.name.startswith(lesson))
        open_deck(page, deck)
        found = page.evaluate("""(marker) => {
          const matches = s => {
            if (marker.startsWith('css:')) return s.querySelector(marker.slice(4)) !== null;
            if (marker.startsWith('text:')) return s.textContent.includes(marker.slice(5));
            const t = s.querySelector('h1, h2, h3');
            return t !== null && t.textContent.trim().startsWith(marker);
          };
          for (const [h, column] of [...document.querySelectorAll('.reveal .slides > section')].entries()) {
            const slides = column.querySelectorAll(':scope > section');
            for (const [v, s] of [...(slides.length ? slides : [column])].entries()) if (matches(s)) return [h, v];
          }
          return null;
        }""", heading)
        assert found, f"{deck.name}에서 '{heading}' 슬라이드를 찾지 못했습니다"
        page.evaluate(f"Reveal.slide({found[0]}, {found[1]})")
        settle(page, painted=True)
        page.screenshot(path=str(SHOTS / f"{name}_after.png"))
        shutil.copyfile(BEFORE / f"{name}.png", SHOTS / f"{name}_before.png")
        step = page.evaluate(STEP_JS, FIT_JS)
        assert not step["problems"], f"{deck.name} '{heading}': {step['problems'][:3]}"


def test_the_fit_check_catches_cut_content(page, tmp_path):
    """검사가 정말 잘린 것을 찾는지: 긴 목록(아래로 넘침)과 긴 코드 줄(오른쪽으로 넘침)을 가진 작은 덱."""
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# 시험 덱", metadata={"slideshow": {"slide_type": "slide"}}),
        v4.new_markdown_cell("## 너무 긴 슬라이드\n\n" + "\n".join(f"- 항목 {i}" for i in range(40)),
                             metadata={"slideshow": {"slide_type": "slide"}}),
        v4.new_markdown_cell("## 넓은 표\n\n| " + " | ".join(f"열{i}_아주_긴_이름" for i in range(30)) + " |\n|"
                             + "---|" * 30, metadata={"slideshow": {"slide_type": "slide"}}),
        v4.new_markdown_cell("## 맞는 슬라이드\n\n짧은 글.", metadata={"slideshow": {"slide_type": "slide"}}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    deck = tmp_path / "test.slides.html"
    deck.write_text(render(classroom_copy(nb, slides=True), slides=True), encoding="utf-8")
    bad, steps = walk(page, deck)
    assert steps == 4
    by_slide = {step["at"][0]: {p["side"] for p in step["problems"]} for step in bad}
    assert set(by_slide) == {1, 2}, describe(bad)
    assert "bottom" in by_slide[1] and "right" in by_slide[2]
