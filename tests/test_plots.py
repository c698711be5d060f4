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
