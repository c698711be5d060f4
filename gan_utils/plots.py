"""그림: 한글 글꼴 설정, 이미지 격자, 손실 곡선, 1차원 밀도와 D(x) 그림.

한글 글꼴은 koreanize-matplotlib에 들어 있는 나눔고딕을 쓴다 (새 컴퓨터에서도 설치 없이 보임).
나눔고딕에는 유니코드 마이너스(U+2212) 글자가 없으므로 axes.unicode_minus를 끄고 '-'를 쓴다.
글꼴은 ``setup_korean_font()``를 부를 때만 바뀐다 (import만으로는 바뀌지 않음).
"""
import math
import warnings

import numpy as np
import torch


def setup_korean_font():
    """matplotlib에서 한글이 네모(□)로 깨지지 않게 한다. 고른 글꼴 이름을 돌려준다."""
    import matplotlib
    from matplotlib import font_manager
    try:
        import koreanize_matplotlib  # noqa: F401  가져오기만 하면 나눔고딕을 등록하고 기본 글꼴로 삼는다
    except ImportError:
        for name in ("NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "AppleGothic"):
            if any(f.name == name for f in font_manager.fontManager.ttflist):
                matplotlib.rcParams["font.family"] = name
                break
        else:
            warnings.warn("한글 글꼴을 찾지 못했습니다. `pip install koreanize-matplotlib`로 설치하세요.")
    matplotlib.rcParams["axes.unicode_minus"] = False
    return matplotlib.rcParams["font.family"][0]


def to_image_grid(images, nrow=8, pad=2):
    """(N, 784) 또는 (N, 28, 28) 이미지([-1, 1])를 한 장의 격자 배열 (H, W), [0, 1] 범위로 만든다."""
    images = images.detach().cpu() if isinstance(images, torch.Tensor) else torch.as_tensor(images)
    n = images.shape[0]
    side = int(round(math.sqrt(images[0].numel())))
    if side * side != images[0].numel():
        raise ValueError(f"정사각형 이미지가 아닙니다 (한 장의 원소 수 {images[0].numel()}).")
    images = ((images.float().reshape(n, side, side) + 1) / 2).clamp(0, 1)
    ncol = min(nrow, n)
    nrows = math.ceil(n / ncol)
    grid = np.ones((nrows * (side + pad) + pad, ncol * (side + pad) + pad), dtype=np.float32)
    for i in range(n):
        r, c = divmod(i, ncol)
        top, left = pad + r * (side + pad), pad + c * (side + pad)
        grid[top:top + side, left:left + side] = images[i].numpy()
    return grid


def show_images(images, nrow=8, title=None, ax=None):
    """이미지 격자를 그린다."""
    import matplotlib.pyplot as plt
    ax = ax or plt.subplots(figsize=(nrow * 0.6 + 1, nrow * 0.6 + 1))[1]
    ax.imshow(to_image_grid(images, nrow), cmap="gray", vmin=0, vmax=1)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def save_image_grid(images, path, nrow=8):
    """이미지 격자를 PNG 파일로 저장한다."""
    import matplotlib.pyplot as plt
    plt.imsave(path, to_image_grid(images, nrow), cmap="gray", vmin=0, vmax=1)


def plot_losses(history, ax=None, title="손실 곡선"):
    """history의 loss_D, loss_G를 에폭에 따라 그린다."""
    import matplotlib.pyplot as plt
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    ax.plot(history["epoch"], history["loss_D"], label="판별자 손실 (loss_D)")
    ax.plot(history["epoch"], history["loss_G"], label="생성자 손실 (loss_G)")
    ax.set_xlabel("에폭")
    ax.set_ylabel("손실")
    ax.set_title(title)
    ax.legend()
    return ax


def plot_density_1d(real, fake, D=None, ax=None, bins=60, x_range=None, title="진짜 분포, 생성자 분포, D(x)"):
    """진짜 표본과 가짜 표본의 히스토그램 밀도, 그리고 (주면) 판별자의 출력 D(x)를 한 축에 그린다.

    Goodfellow et al. (2014) 그림 1과 같은 구성: 검은 점선(진짜), 초록 실선(생성자), 파란 점선(D).
    """
    import matplotlib.pyplot as plt
    real = _to_numpy(real)
    fake = _to_numpy(fake)
    lo, hi = x_range or (min(real.min(), fake.min()), max(real.max(), fake.max()))
    edges = np.linspace(lo, hi, bins + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    ax.plot(centers, np.histogram(real, edges, density=True)[0], "k--", label="진짜 데이터 밀도")
    ax.plot(centers, np.histogram(fake, edges, density=True)[0], "g-", label="생성자 밀도")
    if D is not None:
        xs = torch.linspace(lo, hi, 200).unsqueeze(1)
        param = next(D.parameters())
        was_training = D.training
        D.eval()
        with torch.no_grad():
            d_x = torch.sigmoid(D(xs.to(param.device))).cpu().squeeze(1).numpy()
        D.train(was_training)
        ax2 = ax.twinx()
        ax2.plot(xs.squeeze(1).numpy(), d_x, "b:", label="판별자 D(x)")
        ax2.set_ylim(0, 1)
        ax2.set_ylabel("D(x) = 진짜일 확률")
        ax2.legend(loc="upper right")
    ax.set_xlabel("x")
    ax.set_ylabel("밀도")
    ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


def _to_numpy(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=np.float64).reshape(-1)
