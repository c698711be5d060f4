import matplotlib
import numpy as np
import pytest
import torch

from gan_utils import plots


def test_korean_font_is_set_again_after_rc_reset():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        assert plots.setup_korean_font() == "NanumGothic"
        assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_image_grid_layout_and_range():
    images = torch.linspace(-1, 1, 5 * 784).reshape(5, 784)
    grid = plots.to_image_grid(images, nrow=3, pad=2)
    assert grid.shape == (2 * 30 + 2, 3 * 30 + 2)
    assert grid.min() >= 0 and grid.max() <= 1
    assert grid[2, 2] == pytest.approx(0.0) and grid[-3, -3] == 1.0  # 빈 칸은 흰색
    with pytest.raises(ValueError, match="정사각형"):
        plots.to_image_grid(torch.zeros(2, 10))


def test_loss_and_density_plots_label_in_korean():
    history = {"epoch": [1, 2], "loss_D": [1.3, 1.2], "loss_G": [0.8, 0.9]}
    ax = plots.plot_losses(history)
    assert ax.get_xlabel() == "에폭" and len(ax.lines) == 2
    rng = np.random.default_rng(0)
    ax = plots.plot_density_1d(rng.normal(4, 1, 1000), rng.normal(3, 1, 1000), title="밀도")
    assert ax.get_title() == "밀도" and len(ax.lines) == 2


def test_lesson_style_is_projector_sized_and_has_a_fallback_font():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        assert plots.use_lesson_style() == "NanumGothic"
        rc = matplotlib.rcParams
        from matplotlib.font_manager import FontProperties
        points = {key: FontProperties(size=rc[key]).get_size_in_points()  # "medium" 같은 상대 크기를 pt로
                  for key in ("legend.fontsize", "xtick.labelsize", "axes.labelsize", "axes.titlesize")}
        assert rc["figure.dpi"] >= 110 and rc["font.size"] >= 12 and min(points.values()) >= 11, points
        with matplotlib.rc_context({"font.size": 15}):  # 칸에서 글자를 키우면 범례도 함께 커진다
            assert FontProperties(size=matplotlib.rcParams["legend.fontsize"]).get_size_in_points() == 15
        assert rc["figure.constrained_layout.use"] and rc["axes.unicode_minus"] is False
        assert list(rc["font.family"]) == ["NanumGothic", plots.FALLBACK_FONT]


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # 일부러 없는 글자(✅)를 그린다
def test_figure_audit_finds_missing_glyphs_small_text_low_dpi_and_clipped_labels(tmp_path, monkeypatch):
    """tests/figure_audit.py(노트북 실행 중 그려진 모든 글자를 살피는 도구)가 문제를 정말 찾아내는지."""
    import json
    from pathlib import Path
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    import figure_audit
    report = tmp_path / "audit.jsonl"
    monkeypatch.setenv("GAN_FIGURE_AUDIT", str(report))

    def problems(build, dpi=110):
        report.unlink(missing_ok=True)
        with matplotlib.rc_context():
            plots.use_lesson_style()
            fig = Figure(figsize=(4, 3), dpi=dpi)
            build(fig.add_subplot())
            uninstall = figure_audit.install()
            try:
                FigureCanvasAgg(fig).draw()
            finally:
                uninstall()
        lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        assert lines, "검사 도구가 그림을 보지 못했습니다"
        return [line["problem"] for line in lines if line["problem"]]

    # 나눔고딕에 없는 →, ²도 대체 글꼴(DejaVu Sans)로 그려지므로 문제가 아니다. 눈금 밖의 숫자도 세지 않는다
    assert problems(lambda ax: (ax.set_title("학습 → 끝, σ²"), ax.plot([0, 1], label="판별자"), ax.legend())) == []
    missing = problems(lambda ax: ax.set_title("통과 \u2705"))  # ✅: 두 글꼴 모두에 없다
    assert len(missing) == 1 and "글꼴에 없는 글자" in missing[0] and "\u2705" in missing[0]
    assert any("글자 크기" in p for p in problems(lambda ax: ax.set_xlabel("작은 글자", fontsize=7)))
    small_legend = problems(lambda ax: (ax.plot([0, 1], label="선"), ax.legend(fontsize=9)))
    assert len(small_legend) == 1 and "최소 11" in small_legend[0]
    assert any("해상도 72" in p for p in problems(lambda ax: None, dpi=72))
    outside = problems(lambda ax: ax.text(1.6, 0.5, "잘리는 설명", transform=ax.transAxes))
    assert any("그림 밖으로" in p for p in outside)
    assert problems(lambda ax: ax.set_title(r"$\sigma^2$ 수식")) == []  # 수식은 수식 글꼴이 그린다
