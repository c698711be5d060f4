// 화면에 맞는지 보는 검사 (슬라이드 테스트와 JupyterLab 테스트가 함께 쓴다).
// root 안의 보이는 글자(글자 하나하나의 실제 상자)와 그림·위젯 상자가, root의 상자와 넘침을 자르는
// 조상들의 상자 안에 들어가는지 본다. 들어가지 않으면 화면에서 잘리거나 밖으로 밀려 보이지 않는다.
// sides: 검사할 방향 (슬라이드는 ['right', 'bottom', 'left', 'top'], 노트북 출력은 ['right', 'left']).
([root, sides, scale]) => {
  const shown = e => {
    for (let a = e; a && a !== root.parentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      if (a.classList.contains('fragment') && !a.classList.contains('visible')) return false;
      if (a.tagName === 'ASIDE' && a.classList.contains('notes')) return false;
    }
    return true;
  };
  // 보이는 영역: root의 상자 ∩ 넘침을 자르는 조상들의 상자. root 바깥 조상은 가로로만 자른다 (세로는 페이지가 스크롤된다)
  const clipBox = e => {
    const b = root.getBoundingClientRect();
    const box = {left: b.left, right: b.right, top: b.top, bottom: b.bottom};
    for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (a === root) continue;
      const s = getComputedStyle(a), r = a.getBoundingClientRect(), inside = root.contains(a);
      if (s.overflowX !== 'visible') { box.left = Math.max(box.left, r.left); box.right = Math.min(box.right, r.right); }
      if (inside && s.overflowY !== 'visible') { box.top = Math.max(box.top, r.top); box.bottom = Math.min(box.bottom, r.bottom); }
    }
    return box;
  };
  const problems = [];
  const check = (rect, e, what) => {
    if (rect.width < 1 || rect.height < 1) return;
    const box = clipBox(e);
    const over = {right: rect.right - box.right, bottom: rect.bottom - box.bottom,
                  left: box.left - rect.left, top: box.top - rect.top};
    for (const side of sides) {
      const px = over[side] / scale;
      if (px > 2) { problems.push({side, px: Math.round(px), what}); return; }
    }
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const parent = n.parentElement;
    if (!text || !parent || parent.closest('script, style, mjx-assistive-mml, option') || !shown(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) check(r, parent, text.slice(0, 60));
  }
  for (const e of root.querySelectorAll('img, svg, canvas, video, button, input, select, .widget-slider')) {
    if (e.parentElement.closest('svg') || !shown(e)) continue;
    const label = e.getAttribute('alt') || e.getAttribute('title') || e.textContent || '';
    check(e.getBoundingClientRect(), e, `<${e.tagName.toLowerCase()}> ${label.trim().slice(0, 40)}`);
  }
  return problems;
}
