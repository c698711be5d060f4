"""브라우저 끝-끝 테스트: 진짜 JupyterLab을 헤드리스 Chromium으로 열어 학생처럼 강의를 실행한다.

papermill과 nbval은 커널만 보므로, 그려지지 않는 위젯, 빠진 프런트엔드 확장, 네모(□)로 찍히는 한글을
알아채지 못한다. 이 파일은 다음을 확인한다.
- 모든 강의 노트북(notebooks/*.ipynb)을 CI 매개변수로 Run All 했을 때 페이지 어디에도 오류가 없다.
- 위젯이 위젯으로 그려진다 ("Loading widget..."이나 "FloatSlider(...)" 같은 글자 표현이 아니다).
- 슬라이더를 끌거나 퀴즈 답을 누르면 출력이 바뀐다 (0~2강과 3.5강은 강의별로, 그 밖은 첫 슬라이더로).
- 3.5강의 놀이터 위젯: 재생하면 그림이 바뀌고 학습 단계가 늘며, 재생 중에 생성자 학습률을 바꿔도 계속 학습하고,
  멈추면 단계가 더 늘지 않는다. 브라우저에서 잰 초당 그림 수와 학습 단계 수를 build/screenshots/playground_speed.txt에 남긴다.
- 1280픽셀 너비 창에서 위젯이 출력 칸 밖으로 나가거나 잘리지 않는다.
- 페이지의 한글(마크다운, 코드 주석)과 matplotlib 그림의 한글이 한글 글꼴로 그려진다. 출력의 ✅/❌도
  서로 다른 모양이다 (그림 문자 글꼴이 없으면 둘 다 같은 네모가 된다).

JupyterLab은 이 파이썬으로 127.0.0.1의 빈 포트에 토큰과 함께 띄우고, 설정은 임시 폴더에 두어 학생의
개인 설정이 끼어들지 않게 한다. 브라우저는 데비안의 chromium 패키지를 Playwright로 움직인다
(테스트 중에 브라우저를 내려받지 않는다). 실행 뒤의 화면은 build/screenshots/에 PNG로 남는다.
GAN_SKIP_BROWSER=1이면 건너뛴다. Chromium이나 playwright가 없으면 conftest.require_chromium의 규칙을 따른다:
CI(환경 변수 CI)에서는 설치 방법을 알려 주며 실패하고, 그 밖에서는 같은 안내와 함께 건너뛴다.
"""
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote

import nbformat
import numpy as np
import pytest

from course import lesson_id
from course.slides import ci_parameters

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
COPY_PREFIX = ".browser-"  # 숨김 사본을 원본 옆에 두어 노트북의 상대 경로와 작업 폴더가 그대로 통한다

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RUN_TIMEOUT_MS = 300_000  # 노트북 하나를 Run All 하는 데 기다리는 최대 시간
UI_TIMEOUT_MS = 60_000  # 페이지·커널 준비를 기다리는 최대 시간
CHANGE_TIMEOUT_MS = 30_000  # 위젯을 움직인 뒤 출력이 바뀌기를 기다리는 최대 시간
EXPECTED_WIDGETS = {"00": 1, "01": 2, "02": 2, "03b": 2, "05": 2}  # 강의 번호(course.lesson_id): 최소한 그려져야 하는 위젯 출력 수

KOREAN_FONT_HINT = ("한글 글꼴을 설치하세요: 데비안/우분투는 `sudo apt-get install fonts-nanum` "
                    "(또는 fonts-noto-cjk), 그다음 브라우저를 다시 여세요.")

# 페이지에서 오류로 보는 것: 파이썬 트레이스백, 예외 이름으로 시작하는 줄 (경고는 stderr여도 오류가 아니다)
ERROR_PATTERN = r"Traceback \(most recent call last\)|^\s*[A-Za-z_.]*(Error|Exception|Interrupt)(:|\s|$)"
# 프런트엔드가 위젯을 못 그리면 text/plain 표현이 대신 보인다: HBox(children=(...)), interactive(children=...
WIDGET_REPR_PATTERN = r"^\s*[A-Za-z]+\((children|value|description|options|layout)="

PAGE_REPORT_JS = """([errorPattern, reprPattern]) => {
  const errorRe = new RegExp(errorPattern, 'm'), reprRe = new RegExp(reprPattern, 'm');
  const text = e => (e.innerText || e.textContent || '').trim();
  const report = {errors: [], glyphWarnings: [], reprs: [], brokenWidgets: [], widgets: 0, dialogs: [],
                  prompts: [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(text)};
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    const t = text(out), mime = out.dataset.mimeType || '';
    if (mime.includes('stderr') || mime.includes('error')) {
      if (errorRe.test(t)) report.errors.push(t.slice(-2000));
      if (/missing from (current )?font/.test(t)) report.glyphWarnings.push(t.slice(0, 300));
    }
    if (mime === 'text/plain' && reprRe.test(t)) report.reprs.push(t.slice(0, 200));
    if (/^(Loading widget\\.\\.\\.|Error displaying widget)/.test(t)) report.brokenWidgets.push(t.slice(0, 200));
    else if (out.querySelector(':scope > .jupyter-widgets')) report.widgets += 1;
  }
  for (const d of document.querySelectorAll('.jp-Dialog, .Toastify__toast--error')) report.dialogs.push(text(d).slice(0, 500));
  return report;
}"""

# 글자 몇 개를 요소의 실제 글꼴로 캔버스에 그려 모양을 비교한다. 그 글자를 가진 글꼴이 없으면 모두 같은
# '없는 글자' 네모(.notdef)로 그려져 모양이 하나뿐이다.
GLYPH_SHAPES_JS = """([selector, pattern, extra]) => {
  const el = [...document.querySelectorAll(selector)].find(e => new RegExp(pattern).test(e.textContent));
  if (!el) return {found: false};
  const style = getComputedStyle(el);
  const chars = [...new Set((el.textContent.match(new RegExp(pattern, 'g')) || []).concat([...extra]))].slice(0, 6);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const shape = ch => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = `${style.fontWeight} 40px ${style.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.fillText(ch, 8, 8);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  return {found: true, text: el.textContent.trim().slice(0, 40), fontFamily: style.fontFamily, chars: chars.join(''),
          distinct: new Set(chars.map(shape)).size};
}"""
HANGUL = ("[\\uAC00-\\uD7A3]", "가나다라")
CHECK_MARKS = ("[\\u2705\\u274C]", "\u2705\u274C")  # 0강의 ✅/❌: 둘이 같은 네모면 통과와 실패를 구별할 수 없다

# 위젯 출력마다 글자와 그림·단추가 출력 칸 안에 가로로 들어가는지 (tests/fit_check.js, 슬라이드 검사와 같은 잣대)
FIT_JS = (Path(__file__).with_name("fit_check.js")).read_text(encoding="utf-8")
WIDGET_FIT_JS = """(fit) => {
  const check = (0, eval)(fit), problems = [];
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    if (out.querySelector('.jupyter-widgets')) problems.push(...check([out, ['right', 'left'], 1]));
  }
  return problems;
}"""
LAB_VIEWPORT = {"width": 1280, "height": 900}  # 교실 프로젝터와 흔한 노트북 화면의 너비

# 위젯 출력의 '내용': 글자와 그림 주소 (슬라이더 자신의 숫자 표시는 뺀다)
OUTPUT_CONTENT_JS = """(out) => {
  const clone = out.cloneNode(true);
  clone.querySelectorAll('.widget-slider, .widget-readout').forEach(e => e.remove());
  return clone.textContent + ' | ' + [...out.querySelectorAll('img')].map(i => i.src).join(' ');
}"""


# ---------------------------------------------------------------- 준비: 브라우저, JupyterLab
@pytest.fixture(scope="module")
def browser(chromium_path):
    """헤드리스 Chromium (Playwright). 없으면 conftest.require_chromium의 규칙: CI에서는 실패, 그 밖에서는 건너뜀."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        # Playwright가 매번 새 사용자 프로필 폴더를 만든다 (학생의 브라우저 설정과 무관)
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Lab:
    """테스트용으로 띄운 JupyterLab 서버의 주소와 토큰."""

    def __init__(self, port, token, log_path):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token
        self.log_path = log_path

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def log_tail(self, n=3000):
        return self.log_path.read_text(errors="replace")[-n:]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_settings(settings_dir):
    # 인터넷이 없으므로 소식·업데이트 알림을 끄고, 모든 셀이 DOM에 있도록 가상 스크롤을 끈다
    files = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, value in files.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab(browser):
    """NOTEBOOK_DIR를 루트로 하는 JupyterLab (임시 설정 폴더). 끝나면 커널과 함께 반드시 끈다.

    browser를 받는 것은 순서 때문이다: 브라우저가 없어 건너뛰거나 실패하면 서버도 띄우지 않는다."""
    home = Path(tempfile.mkdtemp(prefix="gan-browser-"))
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # 정해져 있으면 노트북의 인라인 그림이 사라진다
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        env[var] = str(home / sub)
    write_settings(home / "settings")
    port, token = free_port(), secrets.token_hex(16)
    log_path = home / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={NOTEBOOK_DIR}",
           "--ServerApp.allow_root=True", "--ServerApp.terminals_enabled=False",
           "--ContentsManager.allow_hidden=True",  # 숨김 사본(.browser-*.ipynb)을 열 수 있게
           "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
           "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=NOTEBOOK_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Lab(port, token, log_path)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab이 시작하자마자 끝났습니다 (종료 코드 {proc.returncode}).\n"
                            f"{server.log_tail()}", pytrace=False)
            try:
                server.api("/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab이 120초 안에 응답하지 않았습니다.\n{server.log_tail()}", pytrace=False)
                time.sleep(0.5)
        yield server
    finally:
        try:
            server.shutdown_kernels()
        except OSError:
            pass
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(home, ignore_errors=True)


def ci_copy(path):
    """CI 매개변수를 넣고 출력을 지운 숨김 사본을 원본 옆에 쓴다 (실행 전 화면에 옛 출력이 없도록)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    nb = load_notebook_node(str(path))  # papermill의 방식으로 읽어야 셀마다 tags 메타데이터가 채워진다
    nb = parameterize_notebook(nb, ci_parameters(nb), kernel_name="python3")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    copy = path.with_name(COPY_PREFIX + path.name)
    nbformat.write(nb, copy)
    return copy


def remove_copy(copy):
    copy.unlink(missing_ok=True)
    checkpoints = copy.parent / ".ipynb_checkpoints"
    (checkpoints / f"{copy.stem}-checkpoint.ipynb").unlink(missing_ok=True)
    try:
        checkpoints.rmdir()  # 비어 있을 때만 지워진다
    except OSError:
        pass


# ---------------------------------------------------------------- 페이지 조작
def open_and_run_all(page, lab, copy):
    """노트북을 열고 커널이 준비되면 메뉴 Run → Run All Cells, 모든 셀이 끝나고 커널이 쉴 때까지 기다린다."""
    page.goto(f"{lab.base}/lab/tree/{quote(copy.name)}?reset&token={lab.token}")  # reset: 저장된 배치 무시
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=UI_TIMEOUT_MS)
    wait_kernel_idle(page, UI_TIMEOUT_MS)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    # 모든 셀에 실행 번호가 붙을 때까지 (오류로 멈추면 오류가 보일 때까지)
    page.wait_for_function("""(errorPattern) => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
        if (!prompts.length || prompts.some(t => t.includes('*'))) return false;
        if (!/\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')) return false;
        const errorRe = new RegExp(errorPattern, 'm');
        const failed = [...document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
            .some(e => errorRe.test(e.innerText));
        return failed || prompts.every(t => /\\[\\d+\\]/.test(t));
    }""", arg=ERROR_PATTERN, timeout=RUN_TIMEOUT_MS, polling=500)
    # 위젯 프런트엔드가 모델을 받아 모든 위젯 출력을 그리고(또는 그리기에 실패하고) 그림을 다 읽을 때까지 기다린다
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(WIDGETS_SETTLED_JS, timeout=15_000)
    except PlaywrightTimeout:
        pass  # 아래 검사가 그대로인 'Loading widget...'이나 그려지지 않은 위젯을 보고한다


# 위젯 출력(mime 형식 widget-view)이 모두 위젯으로 그려졌거나 그리기 실패를 알리고, 페이지의 그림을 모두 읽었다
WIDGETS_SETTLED_JS = """() => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const settled = out => out.querySelector(':scope > .jupyter-widgets')
      || /^Error displaying widget/.test(out.textContent.trim());
  return !outputs.some(e => e.textContent.trim() === 'Loading widget...')
      && outputs.filter(e => e.dataset.mimeType === 'application/vnd.jupyter.widget-view+json').every(settled)
      && [...document.images].every(img => img.complete);
}"""


def wait_kernel_idle(page, timeout=CHANGE_TIMEOUT_MS):
    page.wait_for_function("() => /\\| Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')",
                           timeout=timeout)


def screenshot(page, name):
    """노트북 전체가 한 장에 들어가도록 창을 잠시 세로로 늘려 찍는다 (왼쪽 파일 목록은 접는다)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count():
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
    height = page.evaluate("() => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')"
                           "?.scrollHeight || 1000")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": int(min(height + 150, 16000))})
    page.evaluate("() => { const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');"
                  " if (s) s.scrollTop = 0; }")
    # 창이 새 높이가 되고, 맨 위로 돌아갔고, 그림을 모두 읽은 뒤, 그 배치가 화면에 두 번 그려질 때까지
    page.wait_for_function("""(h) => {
        const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
        return window.innerHeight === h && (!s || s.scrollTop === 0) && [...document.images].every(i => i.complete);
    }""", arg=page.viewport_size["height"], timeout=UI_TIMEOUT_MS)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def drag_slider(page, slider, fraction):
    """슬라이더 손잡이를 마우스로 끌어 트랙의 fraction(0~1) 위치에 놓고, 새 값(문자열)을 돌려준다."""
    slider.scroll_into_view_if_needed()
    handle, track = slider.locator(".noUi-handle"), slider.locator(".noUi-base")
    h, t = handle.bounding_box(), track.bounding_box()
    page.mouse.move(h["x"] + h["width"] / 2, h["y"] + h["height"] / 2)
    page.mouse.down()
    page.mouse.move(t["x"] + fraction * t["width"], t["y"] + t["height"] / 2, steps=6)
    page.mouse.up()
    return handle.get_attribute("aria-valuenow")


def output_content(output):
    return output.evaluate(OUTPUT_CONTENT_JS)


INNER_TEXT_JS = "(e) => e.innerText"


def wait_for_change(page, locator, before, what, content_js=INNER_TEXT_JS):
    """locator 요소의 내용(content_js로 읽은 값, 기본은 innerText)이 before와 달라질 때까지 브라우저 안에서 기다린다."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("([el, before, js]) => (0, eval)(js)(el) !== before",
                               arg=[locator.element_handle(), before, content_js], timeout=CHANGE_TIMEOUT_MS)
        return locator.evaluate(content_js)
    except PlaywrightTimeout:
        pass
    pytest.fail(f"{what}: 위젯을 움직였는데 {CHANGE_TIMEOUT_MS // 1000}초 동안 출력이 바뀌지 않았습니다 "
                f"(그대로인 값: {str(before)[:200]!r}). 커널 쪽 콜백이 실패했는지 확인하세요.", pytrace=False)


# ---------------------------------------------------------------- 강의별 상호작용
def first_slider_changes_output(page):
    """어떤 노트북이든: 페이지의 첫 슬라이더를 끌면 그 위젯 출력의 글자나 그림이 바뀐다."""
    output = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)",
                          has=page.locator(".widget-slider")).first
    slider = output.locator(".widget-slider").first
    handle = slider.locator(".noUi-handle")
    low, value, high = (float(handle.get_attribute(f"aria-value{k}")) for k in ("min", "now", "max"))
    before = output_content(output)
    new_value = drag_slider(page, slider, 0.15 if value > (low + high) / 2 else 0.85)  # 먼 쪽 끝으로
    assert float(new_value) != value, f"첫 슬라이더를 끌었는데 값이 {value}에서 움직이지 않았습니다"
    wait_for_change(page, output, before, "첫 슬라이더", OUTPUT_CONTENT_JS)


def interact_lesson0(page):
    from playwright.sync_api import expect
    slider = page.locator(".widget-slider", has_text="D(x)").first
    label = page.locator(".widget-label", has_text="log D(x) =").first
    expect(label).to_have_text("log D(x) = -0.693")  # 처음 값 0.5
    for fraction in (0.9, 0.2):
        value = float(drag_slider(page, slider, fraction))
        expect(label).to_have_text(f"log D(x) = {math.log(max(value, 1e-6)):.3f}", timeout=CHANGE_TIMEOUT_MS)


def interact_lesson1(page):
    from playwright.sync_api import expect

    from gan_utils.quizzes import LESSON1_QUIZ
    # 시뮬레이션: '다음 라운드' 버튼, 라운드 슬라이더, 위조범 학습률 슬라이더
    sim = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)",
                       has=page.locator("button", has_text="다음 라운드")).first
    round_slider = sim.locator(".widget-slider", has_text="라운드").first
    lr_slider = sim.locator(".widget-slider", has_text="학습률").first
    summary = sim.locator(".widget-html", has_text="라운드").first
    image = sim.locator("img.widget-image")
    expect(summary).to_contain_text("라운드 0:")
    src = image.get_attribute("src")
    sim.locator("button", has_text="다음 라운드").click()
    expect(summary).to_contain_text("라운드 1:", timeout=CHANGE_TIMEOUT_MS)
    expect(round_slider.locator(".widget-readout")).to_have_text("1")
    expect(image).not_to_have_attribute("src", src, timeout=CHANGE_TIMEOUT_MS)
    last = drag_slider(page, round_slider, 1.0)
    expect(summary).to_contain_text(f"라운드 {int(float(last))}:", timeout=CHANGE_TIMEOUT_MS)
    wait_kernel_idle(page)
    before, src = summary.inner_text(), image.get_attribute("src")
    drag_slider(page, lr_slider, 0.2)  # 학습률을 바꾸면 같은 라운드의 위폐 분포가 달라진다
    wait_for_change(page, summary, before, "위조범 학습률 슬라이더의 요약")
    expect(image).not_to_have_attribute("src", src, timeout=CHANGE_TIMEOUT_MS)

    # 퀴즈: 1번 문제에서 고르지 않고 확인 → 안내, 오답 → 힌트, 정답 → 칭찬과 점수
    quiz = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)", has=page.locator(".widget-radio")).first
    item = LESSON1_QUIZ[0]
    radio = quiz.locator(".widget-radio").first
    button = quiz.locator("button", has_text="확인").first
    feedback = button.locator("xpath=following-sibling::*[1]")
    score = quiz.locator(".widget-html", has_text="맞힌 문제")
    expect(score).to_have_text(f"맞힌 문제: 0 / {len(LESSON1_QUIZ)}")
    button.click()
    expect(feedback).to_have_text("먼저 보기 하나를 고르세요.", timeout=CHANGE_TIMEOUT_MS)
    wrong = next(i for i in range(len(item["choices"])) if i != item["answer"])
    radio.get_by_label(item["choices"][wrong], exact=True).check()
    button.click()
    expect(feedback).to_contain_text("아쉽지만", timeout=CHANGE_TIMEOUT_MS)
    expect(feedback).to_contain_text(item["hint"])
    radio.get_by_label(item["choices"][item["answer"]], exact=True).check()
    button.click()
    expect(feedback).to_contain_text("정답입니다!", timeout=CHANGE_TIMEOUT_MS)
    expect(score).to_have_text(f"맞힌 문제: 1 / {len(LESSON1_QUIZ)}", timeout=CHANGE_TIMEOUT_MS)


def interact_lesson2(page):
    from playwright.sync_api import expect
    # minimax_sliders: 생성자 평균을 옮기면 그림과 손실 숫자가 다시 계산된다
    minimax = page.locator(".widget-interact", has=page.locator(".widget-slider", has_text="생성자 평균")).first
    out = minimax.locator(".widget-output")
    expect(out.locator("img")).to_have_count(1)
    expect(out).to_contain_text("판별자 손실")
    text, src = out.inner_text(), out.locator("img").get_attribute("src")
    drag_slider(page, minimax.locator(".widget-slider", has_text="생성자 평균"), 0.55)
    wait_for_change(page, out, text, "minimax_sliders의 손실 숫자")
    expect(out.locator("img")).not_to_have_attribute("src", src, timeout=CHANGE_TIMEOUT_MS)
    wait_kernel_idle(page)
    # loss_sliders: D(x)를 옮기면 V와 손실 막대그래프가 다시 그려진다
    losses = page.locator(".widget-interact", has=page.locator(".widget-slider", has_text="D(G(z))")).first
    image = losses.locator(".widget-output img")
    expect(image).to_have_count(1)
    src = image.get_attribute("src")
    drag_slider(page, losses.locator(".widget-slider", has_text="D(x)").first, 0.3)
    expect(image).not_to_have_attribute("src", src, timeout=CHANGE_TIMEOUT_MS)
    expect(image).to_have_count(1)  # 그림이 겹쳐 쌓이지 않고 바뀐다
    wait_kernel_idle(page)


# 놀이터의 재생 속도를 브라우저에서 잰다: 그림(img)의 src가 바뀐 횟수와, 상태 줄의 학습 단계·그림 수를 창 처음과 끝에 읽는다
PLAYGROUND_WINDOW_S = 5.0  # 재는 시간
# 목표: 2코어 CPU에서도 초당 5번 이상 다시 그린다. 은닉층 너비 64의 기본 설정을 이 2코어 컴퓨터에서 잰 값은
# 부하 평균 1~1.5에서 초당 10~11장(200단계 남짓)이었다 (브라우저, JupyterLab, 커널이 2코어를 나눠 쓰는 채로).
PLAYGROUND_MIN_FPS = 5.0
PLAYGROUND_MIN_STEPS_PER_FRAME = 20  # 그림 한 장마다 학습 단계 수 (위젯 기본값)
PLAYGROUND_SPEED_FILE = SCREENSHOTS / "playground_speed.txt"
PLAYGROUND_SPEED_JS = """([image, status, seconds]) => new Promise(done => {
  const read = () => status.innerText;
  let changes = 0;
  const observer = new MutationObserver(records => { changes += records.filter(r => r.attributeName === 'src').length; });
  const start = {t: performance.now(), status: read(), src: image.src};
  observer.observe(image, {attributes: true, attributeFilter: ['src']});
  setTimeout(() => {
    observer.disconnect();
    done({seconds: (performance.now() - start.t) / 1000, changes, before: start.status, after: read(),
          srcChanged: image.src !== start.src});
  }, seconds * 1000);
})"""


def playground_numbers(status_text):
    """놀이터 상태 줄 '123단계 | KL ... | 그림 17장 | ...'에서 (학습 단계 수, 그림 수)."""
    steps = re.match(r"\s*([\d,]+)단계", status_text)
    frames = re.search(r"그림 ([\d,]+)장", status_text)
    assert steps and frames, f"놀이터 상태 줄을 읽지 못했습니다: {status_text!r}"
    return int(steps.group(1).replace(",", "")), int(frames.group(1).replace(",", ""))


def interact_lesson3b(page):
    """놀이터: 재생 → 그림과 단계가 움직이는지, 속도 재기 → 재생 중에 생성자 학습률 바꾸기 → 멈춤 → 더 늘지 않는지."""
    from playwright.sync_api import expect
    box = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)",
                       has=page.locator("button", has_text="한 단계")).first
    play = box.locator("button", has_text=re.compile("재생|멈춤")).first
    status = box.locator(".widget-html", has_text=re.compile(r"\d+단계")).first
    image = box.locator("img.widget-image")
    lr_g = box.locator(".widget-slider", has_text="생성자 학습률").first
    expect(image).to_have_count(1)
    expect(play).to_have_text(re.compile("재생"))
    box.scroll_into_view_if_needed()
    steps0, _ = playground_numbers(status.inner_text())
    src0 = image.get_attribute("src")

    # (가) 재생: 그림이 바뀌고 단계가 늘어난다
    play.click()
    expect(play).to_have_text(re.compile("멈춤"), timeout=CHANGE_TIMEOUT_MS)
    expect(image).not_to_have_attribute("src", src0, timeout=CHANGE_TIMEOUT_MS)
    page.wait_for_function("([el, s]) => parseInt(el.innerText.replace(/,/g, '')) > s && el.innerText.includes('초당')",
                           arg=[status.element_handle(), steps0], timeout=CHANGE_TIMEOUT_MS)
    page.wait_for_timeout(1000)  # 첫 그림들(스레드 시작)은 빼고 잰다

    # (나) 속도: 브라우저가 받은 그림 수와, 그동안 커널이 학습한 단계 수
    m = page.evaluate(PLAYGROUND_SPEED_JS, [image.element_handle(), status.element_handle(), PLAYGROUND_WINDOW_S])
    (s1, f1), (s2, f2) = playground_numbers(m["before"]), playground_numbers(m["after"])
    fps = m["changes"] / m["seconds"]
    sps = (s2 - s1) / m["seconds"]
    steps_per_frame = (s2 - s1) / max(f2 - f1, 1)
    kernel_speed = re.search(r"초당 그림 .*", m["after"])
    report = (f"playground_browser_fps: {fps:.1f}\n"
              f"playground_browser_steps_per_second: {sps:.0f}\n"
              f"playground_steps_per_frame: {steps_per_frame:.1f}\n"
              f"playground_window_seconds: {m['seconds']:.2f} (그림 {m['changes']}장, {s1}→{s2}단계, "
              f"커널의 그림 {f1}→{f2}장)\n"
              f"playground_kernel_status: {kernel_speed.group(0) if kernel_speed else '-'}\n"
              f"cpu_count: {os.cpu_count()}, load_average: {os.getloadavg()[0]:.1f}\n")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    PLAYGROUND_SPEED_FILE.write_text(report, encoding="utf-8")
    where = f"놀이터 재생 속도 ({PLAYGROUND_SPEED_FILE.relative_to(ROOT)}):\n{report}"
    assert m["changes"] > 0 and m["srcChanged"], f"재생 중인데 그림이 바뀌지 않았습니다. {where}"
    assert s2 > s1, f"재생 중인데 학습 단계가 늘지 않았습니다. {where}"
    box.screenshot(path=str(SCREENSHOTS / "03b_playground_playing.png"))  # 재생 중인 놀이터

    # (다) 재생 중에 생성자 학습률을 키보드로 두 칸(10^0.5배) 올린다: 표시가 바뀌고 학습은 계속된다
    readout = lr_g.locator(".widget-readout")
    lr_before = float(readout.inner_text())
    lr_g.locator(".noUi-handle").focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("([el, before]) => parseFloat(el.innerText) > before * 3",
                           arg=[readout.element_handle(), lr_before], timeout=CHANGE_TIMEOUT_MS)
    lr_after = float(readout.inner_text())
    assert math.isclose(lr_after / lr_before, 10 ** 0.5, rel_tol=0.05), (lr_before, lr_after)
    steps_at_change, _ = playground_numbers(status.inner_text())
    page.wait_for_function("([el, s]) => parseInt(el.innerText.replace(/,/g, '')) >= s + 2 * %d" % PLAYGROUND_MIN_STEPS_PER_FRAME,
                           arg=[status.element_handle(), steps_at_change], timeout=CHANGE_TIMEOUT_MS)

    # (라) 멈춤: 마지막 그림까지 받은 뒤에는 1초가 지나도 단계와 그림이 그대로다
    play.click()
    expect(play).to_have_text(re.compile("재생"), timeout=CHANGE_TIMEOUT_MS)
    wait_kernel_idle(page)  # 멈춤 콜백(학습 스레드를 기다린 뒤 마지막 그림)이 끝났다
    expect(status).not_to_contain_text("초당", timeout=CHANGE_TIMEOUT_MS)
    # 학습 스레드의 마지막 그림과 멈춤 콜백의 그림이 차례로 올 수 있으니, 상태 줄이 0.5초 그대로일 때까지 기다린다
    page.wait_for_function("""(el) => {
        const text = el.innerText, now = performance.now();
        if (!el.lastSeen || el.lastSeen.text !== text) el.lastSeen = {text, since: now};
        return now - el.lastSeen.since >= 500;
    }""", arg=status.element_handle(), polling=100, timeout=CHANGE_TIMEOUT_MS)
    paused, paused_src = status.inner_text(), image.get_attribute("src")
    page.wait_for_timeout(1000)
    assert status.inner_text() == paused, f"멈춘 뒤에도 학습 단계가 늘어납니다: {paused!r} → {status.inner_text()!r}"
    assert image.get_attribute("src") == paused_src, "멈춘 뒤에도 그림이 바뀝니다"
    assert playground_numbers(paused)[0] > steps_at_change

    # (마) 속도의 기준은 기능을 모두 본 뒤에 (느린 컴퓨터에서도 위의 검사 결과는 먼저 알 수 있도록)
    assert steps_per_frame >= PLAYGROUND_MIN_STEPS_PER_FRAME, \
        f"그림 한 장마다 학습 단계가 {PLAYGROUND_MIN_STEPS_PER_FRAME}단계 이상이어야 합니다. {where}"
    assert fps >= PLAYGROUND_MIN_FPS, f"그림이 초당 {PLAYGROUND_MIN_FPS:g}번 이상 다시 그려져야 합니다. {where}"
    return report


INTERACTIONS = {"00": interact_lesson0, "01": interact_lesson1, "02": interact_lesson2, "03b": interact_lesson3b}


def widget_callback_errors(page):
    """위젯 콜백(커널 쪽)에서 난 예외는 JupyterLab의 로그 콘솔로 간다: 알림이 있으면 열어서 트레이스백을 읽는다."""
    item = page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)")
    if not item.count():
        return ""
    item.click()
    panel = page.locator(".jp-LogConsolePanel")
    panel.locator(".jp-OutputArea-output").first.wait_for()  # 알림이 센 로그 항목이 그려질 때까지
    text = panel.inner_text()
    return text if re.search(ERROR_PATTERN, text, re.MULTILINE) else ""


def check_glyphs(page, selector, where, kind=HANGUL, required=True):
    """selector 요소의 글꼴로 그린 글자들이 서로 다른 모양인지 (네모가 아닌지) 본다."""
    result = page.evaluate(GLYPH_SHAPES_JS, [selector, *kind])
    if not result["found"]:
        assert not required, f"{where}에서 검사할 글자({kind[1]})가 든 요소({selector})를 찾지 못했습니다"
        return
    if result["distinct"] == len(result["chars"]):
        return
    if kind is CHECK_MARKS:
        pytest.fail(f"브라우저가 {where}의 ✅/❌ 표시를 같은 네모(□)로 그립니다 ('{result['text']}', 글꼴 "
                    f"{result['fontFamily']}): 통과와 실패를 구별할 수 없습니다. 그림 문자 글꼴을 설치하세요: "
                    "데비안/우분투는 `sudo apt-get install fonts-noto-color-emoji`.", pytrace=False)
    fonts = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True,
                           check=False).stdout if shutil.which("fc-list") else "(fc-list 없음)"
    pytest.fail(f"브라우저가 {where}의 한글을 네모(□)로 그립니다: '{result['text']}'의 글꼴 "
                f"{result['fontFamily']}에서 한글 {len(result['chars'])}자({result['chars']})가 "
                f"{result['distinct']}가지 모양으로만 그려졌습니다. {KOREAN_FONT_HINT}\n"
                f"fc-list :lang=ko 결과: {fonts.strip() or '(한글 글꼴 없음)'}", pytrace=False)


# ---------------------------------------------------------------- 테스트
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_in_browser(path, browser, lab, capsys):
    copy = ci_copy(path)
    (SCREENSHOTS / f"{path.stem}-failed.png").unlink(missing_ok=True)
    context = browser.new_context(viewport=LAB_VIEWPORT)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        started = time.monotonic()
        open_and_run_all(page, lab, copy)
        run_seconds = time.monotonic() - started
        shot = screenshot(page, path.stem)
        report = page.evaluate(PAGE_REPORT_JS, [ERROR_PATTERN, WIDGET_REPR_PATTERN])
        where = f"{path.name} (화면: {shot.relative_to(ROOT)})"

        # (1) 오류 없이 끝까지 실행되었다
        assert not report["errors"], f"{where}: 오류 출력이 있습니다:\n" + "\n---\n".join(report["errors"])
        assert not report["dialogs"], f"{where}: 오류 대화상자/알림이 떴습니다: {report['dialogs']}"
        not_run = [i for i, p in enumerate(report["prompts"]) if not re.search(r"\[\d+\]", p)]
        assert not not_run, f"{where}: 실행되지 않은 코드 셀이 있습니다 (순서 {not_run}, 표시 {report['prompts']})"
        assert not page_errors, f"{where}: 페이지 자바스크립트 오류: {page_errors}"
        # (2) 위젯이 위젯으로 그려졌다
        assert not report["brokenWidgets"], f"{where}: 그려지지 않은 위젯: {report['brokenWidgets']}"
        assert not report["reprs"], (f"{where}: 위젯이 글자 표현으로만 보입니다 (JupyterLab의 위젯 확장 "
                                     f"jupyterlab_widgets가 없거나 깨짐): {report['reprs']}")
        lesson = lesson_id(path)
        expected = EXPECTED_WIDGETS.get(lesson, 0)
        assert report["widgets"] >= expected, f"{where}: 위젯 {expected}개를 기대했는데 {report['widgets']}개만 그려졌습니다"
        # (2') 1280픽셀 너비 창에서 위젯(슬라이더, 단추, 그림)이 출력 칸 밖으로 나가거나 잘리지 않는다
        cut = page.evaluate(WIDGET_FIT_JS, FIT_JS)
        assert not cut, f"{where}: {LAB_VIEWPORT['width']}px 너비에서 위젯이 잘립니다: {cut[:5]}"
        # (3) matplotlib 그림의 한글: 글리프가 없으면 matplotlib이 stderr에 경고를 남긴다
        assert not report["glyphWarnings"], (f"{where}: matplotlib 그림에서 한글 글리프가 빠졌습니다 "
                                             f"(setup_korean_font 확인): {report['glyphWarnings']}")
        # (4) 위젯을 움직이면 출력이 바뀐다. 콜백의 예외는 셀이 아니라 로그 콘솔에 남으므로 함께 본다.
        try:
            if lesson in INTERACTIONS:
                measured = INTERACTIONS[lesson](page)
                if measured:  # 놀이터의 재생 속도: -s 없이도 pytest 출력에 보이게
                    with capsys.disabled():
                        print(f"\n{path.name}:\n{measured}", end="")
            if page.locator(".jp-OutputArea-output .widget-slider").count():
                first_slider_changes_output(page)
                wait_kernel_idle(page)
        finally:
            callback_errors = widget_callback_errors(page)
            if callback_errors:
                pytest.fail(f"{where}: 위젯을 움직였더니 커널 쪽 콜백에서 예외가 났습니다 "
                            f"(JupyterLab 로그 콘솔):\n...{callback_errors[-1500:]}", pytrace=False)
        report = page.evaluate(PAGE_REPORT_JS, [ERROR_PATTERN, WIDGET_REPR_PATTERN])
        assert not report["errors"], f"{where}: 위젯을 움직인 뒤 오류 출력:\n" + "\n---\n".join(report["errors"])
        # (5) 페이지의 한글 (마크다운과 코드 주석)이 한글 글꼴로 그려진다
        check_glyphs(page, ".jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2, .jp-RenderedMarkdown p", where)
        check_glyphs(page, ".jp-CodeCell .cm-line", where)
        check_glyphs(page, ".jp-OutputArea-output", where, kind=CHECK_MARKS)  # 모든 강의가 ✅를 출력한다
        print(f"{path.name}: Run All {run_seconds:.1f}초, 위젯 {report['widgets']}개, 화면 {shot.relative_to(ROOT)}")
    except BaseException:
        from playwright.sync_api import Error as PlaywrightError
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-failed.png"))  # 실패한 순간의 화면
        except PlaywrightError:
            pass  # 화면을 못 찍어도 원래의 실패를 보고한다
        raise
    finally:
        context.close()
        lab.shutdown_kernels()
        remove_copy(copy)


def test_matplotlib_draws_korean_with_korean_font():
    """키트가 고른 한글 글꼴을 찾고, 그 글꼴로 그린 한글이 서로 다른 모양이다 (네모가 아니다)."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font

    from gan_utils.plots import setup_korean_font

    def draw(text):
        fig = Figure(figsize=(1, 1), dpi=50)
        fig.text(0.1, 0.3, text, fontsize=30)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., 0].copy()

    with matplotlib.rc_context():
        name = setup_korean_font()
        font_file = font_manager.findfont(name, fallback_to_default=False)
        missing = [ch for ch in "생성자판별자" if FT2Font(font_file).get_char_index(ord(ch)) == 0]
        assert not missing, f"글꼴 {name} ({font_file})에 한글 {missing}이(가) 없습니다"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            shapes = [draw(ch) for ch in "가나다"]
        glyph_warnings = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        assert not glyph_warnings, glyph_warnings
        assert all((s < 255).any() for s in shapes), "한글이 그려지지 않았습니다 (빈 그림)"
        assert not np.array_equal(shapes[0], shapes[1]) and not np.array_equal(shapes[1], shapes[2]), \
            f"서로 다른 한글이 같은 모양(네모)으로 그려졌습니다 (글꼴 {name})"


# ---------------------------------------------------------------- 반 전체 채점 (kit.py grade)의 보고서와 nbgrader 확장
def sample_grade_report():
    """course.report.report_html에 정해 둔 채점 결과를 넣은 보고서(다섯 가지 결과가 모두 있다)와 결과의 기호를 정한 course.marks."""
    from course import marks, report
    feedback = {"pass": "정답입니다! 모양과 값이 모두 맞습니다.", "fail": "아직 아닙니다. 부호를 확인하세요.",
                "missing": "아직 아닙니다. 함수가 아직 비어 있습니다.", "error": "답 칸에서 오류가 났습니다: NameError",
                "timeout": "제한 시간을 넘어 멈췄습니다 (칸 하나 120초, 노트북 전체 600초)."}
    exercises = [{"id": f"l1_{status}_exercise", "lesson": "lesson01", "notebook": "01.ipynb"} for status in feedback]
    results = {ex["id"]: {"status": status, "feedback": feedback[status], "nbgrader_points": None}
               for ex, status in zip(exercises, feedback)}
    data = {"kit_version": "0.1.0", "graded_at": "2025-03-02T10:00:00+09:00", "submissions": "/수업/제출물",
            "settings": {"cell_timeout_s": 120, "notebook_timeout_s": 600, "memory_gb": 4.0, "jobs": 2,
                         "parameters": "ci", "run_as": "nobody"},
            "exercises": exercises, "problems": [{"student": "빈폴더", "file": None, "message": "폴더가 비어 있습니다."}],
            "all_graded": False, "elapsed_s": 61.0,
            "students": [{"student": "김하나", "total": 1, "notes": [], "seconds": {"lesson01": 12.0}, "results": results},
                         {"student": "빈폴더", "total": 0, "notes": ["폴더가 비어 있습니다."], "seconds": {},
                          "results": {ex["id"]: {"status": "missing", "feedback": "1강 노트북을 내지 않았습니다.",
                                                 "nbgrader_points": None} for ex in exercises}}]}
    return report.report_html(data), marks


def test_grade_report_opens_offline_and_expands_feedback(browser, tmp_path):
    """채점 보고서(report.html)가 인터넷 없이 열리고, 표의 칸마다 기호가 보이며, 누르면 채점기의 한국어 안내가 펼쳐진다."""
    html, marks = sample_grade_report()
    report = tmp_path / "report.html"
    report.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport=LAB_VIEWPORT)
    requested = []

    def only_the_file(route):
        requested.append(route.request.url)
        route.continue_() if route.request.url.startswith("file:") else route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        rows = page.locator("table#grades tbody tr")
        assert rows.count() == 2 and rows.nth(0).locator("th").inner_text() == "김하나"
        assert page.locator("table#grades thead th", has_text="1강").count() == 1
        for status in marks.STATUSES:  # 결과마다 기호 하나, 펼치기 전에는 안내가 숨어 있다
            cell = page.locator(f"table#grades tbody tr:first-child td.status.{status}")
            assert cell.locator("summary").inner_text() == marks.SYMBOLS[status]
            assert not cell.locator("pre").is_visible()
        fail = page.locator("table#grades tbody tr:first-child td.status.fail")
        fail.locator("summary").click()
        assert fail.locator("pre").is_visible() and fail.locator("pre").inner_text() == "아직 아닙니다. 부호를 확인하세요."
        assert "폴더가 비어 있습니다" in page.locator("#problems").inner_text()
        check_glyphs(page, "td.status summary", "채점 보고서", kind=CHECK_MARKS)  # ✅와 ❌가 다른 모양
        check_glyphs(page, "#problems", "채점 보고서")  # 한글이 네모가 아니다
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "grade_report.png"), full_page=True)
        assert requested and all(url.startswith("file:") for url in requested), requested  # 바깥 주소를 부르지 않는다
    finally:
        context.close()


def test_nbgrader_extension_works_in_the_kits_jupyterlab(browser, lab):
    """nbgrader의 JupyterLab 확장(@jupyter/nbgrader)이 키트의 JupyterLab에서 켜지고, Nbgrader 메뉴로 formgrader가 열린다."""
    import jupyterlab
    listing = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True,
                             check=False)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr).splitlines()
    line = next((l.strip() for l in lines if "@jupyter/nbgrader" in l), "")
    assert re.fullmatch(r"@jupyter/nbgrader v\S+ enabled OK", line), \
        f"JupyterLab {jupyterlab.__version__}에서 nbgrader 확장이 켜지지 않았습니다: {line or lines}"
    context = browser.new_context(viewport=LAB_VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    try:
        page.goto(f"{lab.base}/lab?reset&token={lab.token}")
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$")).click()
        commands = page.evaluate("() => [...document.querySelectorAll('.lm-Menu-item')].map(e => e.dataset.command)")
        assert {"nbgrader:open-formgrader", "nbgrader:open-assignment-list"} <= set(commands), commands
        page.locator(".lm-Menu-item[data-command='nbgrader:open-formgrader']").click()
        page.wait_for_function("() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('/formgrader'))")
        frame = next(f for f in page.frames if "/formgrader" in f.url)
        frame.wait_for_selector("text=Manage Assignments")
        assert "Manual Grading" in frame.inner_text("body")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "nbgrader_formgrader.png"))
    finally:
        context.close()
    assert not (NOTEBOOK_DIR / "gradebook.db").exists(), "formgrader를 열기만 해도 강의 폴더에 채점 기록부가 생겼습니다"
