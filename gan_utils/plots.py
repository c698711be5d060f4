"""그림: 강의용 그림 모양(한글 글꼴, 프로젝터 크기), GAN 구조도, 이미지 격자, 손실 곡선, 1차원 밀도와 D(x) 그림.

한글 글꼴은 koreanize-matplotlib에 들어 있는 나눔고딕을 쓴다 (새 컴퓨터에서도 설치 없이 보임).
나눔고딕에 없는 글자(→, ², 그리스 문자 일부)는 matplotlib이 DejaVu Sans에서 빌려 그린다.
유니코드 마이너스(U+2212)는 쓰지 않도록 axes.unicode_minus를 끄고 '-'를 쓴다.
그림 모양은 ``use_lesson_style()``을 부를 때만 바뀐다 (import만으로는 바뀌지 않음).
"""
import math
from pathlib import Path
import warnings

import numpy as np
import torch

# 교실 뒤에서도 읽히는 그림: 모든 강의가 같은 모양을 쓰므로 칸마다 크기나 해상도를 정하지 않는다.
LESSON_STYLE = {
    "figure.dpi": 110, "savefig.dpi": 110,  # 프로젝터에서 흐리지 않게 (Jupyter 기본은 72~100)
    # 글자 크기는 font.size(12pt)에 대한 상대 크기: 칸에서 rc_context({"font.size": 15})로 키우면 모두 함께 커진다
    "font.size": 12, "axes.titlesize": "large", "axes.labelsize": "medium", "figure.titlesize": "large",
    "xtick.labelsize": "medium", "ytick.labelsize": "medium", "legend.fontsize": "medium",
    "legend.title_fontsize": "medium",
    "figure.constrained_layout.use": True,  # 제목, 축 이름, 범례가 잘리거나 겹치지 않게 자리를 맞춘다
    "axes.unicode_minus": False,
}
GIF_MIN_WIDTH = 800  # 프로젝터에서 숫자 하나하나가 보이는 애니메이션 너비 (픽셀)
FALLBACK_FONT = "DejaVu Sans"  # matplotlib에 늘 들어 있고 →, ², −, 그리스 문자를 모두 가진 글꼴


def setup_korean_font():
    """matplotlib에서 한글이 네모(□)로 깨지지 않게 한다. 고른 한글 글꼴 이름을 돌려준다.

    글꼴 목록은 [한글 글꼴, DejaVu Sans]: 한글 글꼴에 없는 글자는 DejaVu Sans로 그린다.
    """
    import matplotlib
    from matplotlib import font_manager
    name = None
    try:
        import koreanize_matplotlib  # noqa: F401  처음 가져올 때 나눔고딕을 matplotlib에 등록한다
        # 두 번째 가져오기는 아무 일도 하지 않으므로, 설정이 초기화된 뒤에도 통하도록 글꼴을 직접 고른다.
        name = "NanumGothic"
    except ImportError:
        for candidate in ("NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "AppleGothic"):
            if any(f.name == candidate for f in font_manager.fontManager.ttflist):
                name = candidate
                break
        else:
            warnings.warn("한글 글꼴을 찾지 못했습니다. `pip install koreanize-matplotlib`로 설치하세요.")
    matplotlib.rcParams["font.family"] = [name, FALLBACK_FONT] if name else [FALLBACK_FONT]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return matplotlib.rcParams["font.family"][0]


def use_lesson_style():
    """강의 노트북 맨 위에서 한 번 부른다: 한글 글꼴과 프로젝터용 그림 모양(LESSON_STYLE). 글꼴 이름을 돌려준다."""
    import matplotlib
    font = setup_korean_font()
    matplotlib.rcParams.update(LESSON_STYLE)
    return font


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
    real, fake = _to_numpy(real), _to_numpy(fake)
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    lo, hi = _draw_densities(real, fake, ax, bins, x_range)
    if D is not None:
        ax2 = ax.twinx()
        ax2.plot(*discriminator_curve(D, lo, hi), "b:", label="판별자 D(x)")
        ax2.set_ylim(0, 1)
        ax2.set_ylabel("D(x) = 진짜일 확률")
        ax2.legend(loc="upper right")
    ax.set_xlabel("x")
    ax.set_ylabel("밀도")
    ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


def discriminator_curve(D, lo, hi, n=200):
    """구간 [lo, hi]의 n곳에서 판별자의 확률 D(x) = sigmoid(로짓)을 계산해 (xs, D(xs)) numpy 배열로 돌려준다."""
    xs = torch.linspace(lo, hi, n).unsqueeze(1)
    param = next(D.parameters())
    was_training = D.training
    D.eval()  # 드롭아웃이 있는 판별자도 그림에서는 늘 같은 곡선을 그리도록
    with torch.no_grad():
        d_x = torch.sigmoid(D(xs.to(param.device, param.dtype))).cpu().squeeze(1).numpy()
    D.train(was_training)
    return xs.squeeze(1).numpy(), d_x


def _draw_densities(real, fake, ax, bins, x_range):
    """진짜(검은 점선)와 생성자(초록 실선)의 히스토그램 밀도를 그리고 그린 구간 (lo, hi)를 돌려준다.

    칸 밖으로 나간 표본도 분모(전체 개수)에 남겨 두어, 구간을 좁게 잡아도 밀도가 부풀지 않는다.
    """
    lo, hi = x_range or (min(real.min(), fake.min()), max(real.max(), fake.max()))
    edges = np.linspace(lo, hi, bins + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    ax.plot(centers, np.histogram(real, edges)[0] / (real.size * np.diff(edges)), "k--", label="진짜 데이터 밀도")
    ax.plot(centers, np.histogram(fake, edges)[0] / (fake.size * np.diff(edges)), "g-", label="생성자 밀도")
    return lo, hi


def _to_numpy(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=np.float64).reshape(-1)


# ---------------------------------------------------------------- 3강: 학습의 순간들 (Goodfellow et al. 2014 그림 1)
def plot_gradient_arrows(D, points, ax, y=-0.06, scale=0.5, max_len=1.5, color="tab:red"):
    """가짜 표본 위치에 판별자가 미는 방향을 가로 화살표로 그리고 Quiver 객체를 돌려준다.

    화살표 길이는 scale × (d 로짓 / dx)이고 ±max_len에서 자른다 (모든 그림에서 같은 scale을 쓰면
    순간마다 힘의 크기를 비교할 수 있다). 오른쪽 화살표는 '오른쪽으로 가면 판별자가 더 진짜라고
    한다'는 뜻이고, 생성자는 경사 하강으로 표본을 그쪽으로 옮긴다.
    """
    from .metrics import discriminator_slope
    xs = _to_numpy(points)
    slope = discriminator_slope(D, xs)
    u = np.clip(scale * slope, -max_len, max_len)
    return ax.quiver(xs, np.full_like(xs, y), u, np.zeros_like(u), angles="xy", scale_units="xy", scale=1,
                     color=color, width=0.005, headwidth=4, headlength=4, headaxislength=3.5,
                     label="판별자가 미는 방향")


def plot_gan_moment(real, fake, D=None, ax=None, x_range=None, bins=60, y_max=1.05, title=None,
                    n_arrows=12, arrow_scale=0.5, legend=True):
    """학습의 한 순간: 진짜 밀도(검은 점선), 생성자 밀도(초록 실선), D(x)(파란 점선)를 한 축에 그린다.

    Goodfellow et al. (2014) 그림 1과 같은 구성이다. 밀도와 D(x)가 같은 세로축을 쓰므로 y_max로
    위쪽을 고정한다 (학습 초반에 뾰족한 생성자 밀도는 위가 잘려 보인다). D를 주면 가짜 표본의
    분위수 n_arrows곳에 판별자가 미는 방향(plot_gradient_arrows)을 x축 아래에 함께 그린다.
    """
    import matplotlib.pyplot as plt
    real, fake = _to_numpy(real), _to_numpy(fake)
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    lo, hi = _draw_densities(real, fake, ax, bins, x_range)
    if D is not None:
        ax.plot(*discriminator_curve(D, lo, hi), "b:", linewidth=2, label="판별자 D(x)")
        if n_arrows:
            inside = fake[(fake >= lo) & (fake <= hi)]
            if inside.size:
                points = np.quantile(inside, np.linspace(0.05, 0.95, n_arrows))
                plot_gradient_arrows(D, points, ax, y=-0.06, scale=arrow_scale)
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.12, y_max)
    ax.set_xlabel("x")
    ax.set_ylabel("밀도 / D(x)")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="upper right")
    return ax


def animate_gan_moments(real, moments, x_range, figsize=(9, 3.8), dpi=None, interval=250, **kwargs):
    """학습의 순간들을 이어 붙인 matplotlib 애니메이션(FuncAnimation)을 만든다.

    moments: [(제목, 가짜 표본, 판별자 D), ...]. 프레임마다 plot_gan_moment로 다시 그린다
    (kwargs는 그대로 넘긴다). 노트북에서는 ``HTML(anim.to_jshtml())``로 보여 주고,
    ``anim.save("파일.gif", writer=PillowWriter(fps=4))``로 GIF를 저장한다.
    정적인 그림이 한 번 더 나오지 않도록 그림(figure)은 닫아서 돌려준다. dpi를 주지 않으면 그림 모양의
    figure.dpi(강의용 110)를 써서 프레임이 990픽셀 너비가 된다.
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation
    if not moments:
        raise ValueError("moments가 비어 있습니다. (제목, 가짜 표본, 판별자) 묶음을 하나 이상 넘기세요.")
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)

    def draw(i):
        title, fake, D = moments[i]
        ax.clear()
        plot_gan_moment(real, fake, D, ax=ax, x_range=x_range, title=title, **kwargs)
        return []

    anim = FuncAnimation(fig, draw, frames=len(moments), interval=interval, blit=False)
    plt.close(fig)
    return anim


def plot_divergence_curves(history, names, floor=None, ax=None, labels=None, title="학습 중 발산 값"):
    """history에 쌓인 지표들(KL, JS 등)을 에폭에 따라 로그 눈금으로 그린다.

    floor: 추정의 바닥값. 숫자 하나 또는 {이름: 값}. 회색 가로선으로 그려 '여기까지 내려오면
    추정으로는 더 구분할 수 없다'는 선을 보여 준다. labels: {지표 이름: 범례 글자}.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter
    ax = ax or plt.subplots(figsize=(7, 3.8))[1]
    labels = labels or {}
    for name in names:
        ax.plot(history["epoch"], history[name], marker=".", label=labels.get(name, name))
    if floor is not None:
        floors = floor if isinstance(floor, dict) else {"바닥값": floor}
        for (label, value), style in zip(floors.items(), ("--", ":", "-.")):
            ax.axhline(value, color="gray", linestyle=style, label=f"{label} ({value:.3f})")
    ax.set_yscale("log")
    # 로그 눈금의 기본 글자(10^-2)는 수식 글꼴의 유니코드 마이너스를 써서 나눔고딕에서 깨지므로 0.01처럼 쓴다.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("에폭")
    ax.set_ylabel("발산 (nat, 로그 눈금)")
    ax.set_title(title)
    ax.legend()
    return ax


def draw_gan_diagram(ax=None):
    """잠재 벡터 z → 생성자 G → 가짜 G(z) → 판별자 D → 진짜일 확률, 그리고 진짜 데이터 x → D를 그린다.

    상자마다 기호, 강의 용어, 비유(위조지폐범과 경찰 · 위작 화가와 감정 탐정)를 함께 적는다.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        ax = plt.subplots(figsize=(11, 4.4))[1]
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.axis("off")
    width, height = 0.16, 0.28
    boxes = {  # 이름: (가운데 x, 가운데 y, 글, 색)
        "z": (0.09, 0.64, "z\n잠재 벡터\n(무작위 재료)", "#eeeeee"),
        "G": (0.29, 0.64, "G\n생성자\n위조지폐범 · 위작 화가", "#c8e6c9"),
        "Gz": (0.49, 0.64, "G(z)\n가짜 표본\n위조지폐 · 가짜 모나리자", "#fff9c4"),
        "x": (0.49, 0.16, "x\n진짜 데이터\n진짜 지폐 · 진품 모나리자", "#ffe0b2"),
        "D": (0.70, 0.40, "D\n판별자\n경찰 · 감정 탐정", "#bbdefb"),
        "P": (0.90, 0.40, "D의 출력\n진짜일 확률\n0 = 가짜, 1 = 진짜", "#e1bee7"),
    }
    for cx, cy, text, color in boxes.values():
        ax.add_patch(FancyBboxPatch((cx - width / 2, cy - height / 2), width, height,
                                    boxstyle="round,pad=0.01", facecolor=color, edgecolor="black"))
        ax.text(cx, cy, text, ha="center", va="center", fontsize=14, linespacing=1.35)

    def arrow(start, end, **kw):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, color="black",
                                     shrinkA=0, shrinkB=0, **kw))

    half, (gx, gy), (dx, dy) = width / 2, boxes["G"][:2], boxes["D"][:2]
    arrow((0.09 + half + 0.01, 0.64), (gx - half - 0.01, 0.64))
    arrow((gx + half + 0.01, 0.64), (0.49 - half - 0.01, 0.64))
    arrow((0.49 + half + 0.01, 0.60), (dx - half - 0.01, dy + 0.06))
    arrow((0.49 + half + 0.01, 0.20), (dx - half - 0.01, dy - 0.06))
    arrow((dx + half + 0.01, dy), (0.90 - half - 0.01, dy))
    # 판정 결과가 기울기가 되어 생성자에게 돌아간다 (생성자 단계)
    arrow((dx, dy + height / 2 + 0.01), (gx + 0.03, gy + height / 2 + 0.01), linestyle="--", alpha=0.6,
          connectionstyle="arc3,rad=0.4")
    ax.text(0.52, 1.03, "판정 결과가 기울기가 되어 생성자에게 돌아간다 (생성자 단계)", ha="center",
            va="center", fontsize=12, color="dimgray")
    ax.set_title("GAN의 구조: 위조지폐범(생성자)과 경찰(판별자)")
    return ax


# ---------------------------------------------------------------- 4강: 이미지 GAN
def show_snapshots(history, nrow=8, n=16, title="같은 잠재 벡터로 본 에폭별 표본", panel=2.3):
    """history의 스냅샷(고정된 잠재 벡터로 만든 표본)을 에폭 순서대로 한 줄에 늘어놓는다. panel: 칸 하나의 너비(인치)."""
    import matplotlib.pyplot as plt
    epochs, shots = history["snapshot_epoch"], history["snapshots"]
    if not shots:
        raise ValueError("history에 스냅샷이 없습니다. train_gan(snapshot_epochs=(1, 5, ...))으로 학습하세요.")
    side = max(1, int(math.sqrt(n)))
    # 칸이 하나뿐이어도 제목이 그림 안에 들어가도록 너비의 바닥을 둔다
    fig, axes = plt.subplots(1, len(shots), figsize=(max(panel * len(shots), 5.5), panel + 0.3), squeeze=False)
    for ax, epoch, images in zip(axes[0], epochs, shots):
        show_images(images[:side * side], nrow=side, title=f"{epoch}에폭", ax=ax)
    fig.suptitle(title)
    return fig


def _label_font(size):
    """PIL로 프레임에 한글을 쓸 글꼴: matplotlib에 등록된 한글 글꼴(나눔고딕), 없으면 PIL 기본 글꼴."""
    from matplotlib import font_manager
    from PIL import ImageFont
    setup_korean_font()  # 나눔고딕을 matplotlib에 등록한다
    try:
        path = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
        return ImageFont.truetype(path, size), True
    except (ValueError, OSError):
        return ImageFont.load_default(), False


def _labelled_grid(images, label, nrow, scale, font):
    """이미지 격자를 scale배로 키우고 아래 띠에 label을 적은 PIL 그림 한 장."""
    from PIL import Image, ImageDraw
    band = 14 * scale  # 글자 띠 높이
    grid = (to_image_grid(images, nrow) * 255).astype(np.uint8)
    img = Image.fromarray(grid, mode="L")
    img = img.resize((img.width * scale, img.height * scale), Image.NEAREST)
    frame = Image.new("L", (img.width, img.height + band), color=255)
    frame.paste(img, (0, 0))
    ImageDraw.Draw(frame).text((frame.width // 2, img.height + band // 2), label, fill=0, font=font, anchor="mm")
    return frame


def _scale_for(images, nrow):
    """격자가 GIF_MIN_WIDTH(800픽셀) 이상이 되는 가장 작은 정수 배."""
    return math.ceil(GIF_MIN_WIDTH / to_image_grid(images, nrow).shape[1])


def save_image_grid(images, path, label, nrow=8, scale=None):
    """이미지 격자를 아래 띠에 label을 적어 PNG로 저장하고 경로를 돌려준다 (matplotlib 없이, 명령줄용).

    label에 한글 글꼴이 없으면 한글 대신 'samples'라고 적는다. scale: None이면 너비 800픽셀 이상이 되는 배수.
    """
    scale = scale or _scale_for(images, nrow)
    font, korean = _label_font(10 * scale)
    frame = _labelled_grid(images, label if korean else "samples", nrow, scale, font)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.save(path)
    return path


def save_progress_gif(history, path, n=64, nrow=8, scale=None, ms_per_frame=600):
    """스냅샷들을 이어 진행 과정 GIF로 저장하고 경로를 돌려준다. 프레임마다 아래 띠에 'N에폭'을 적는다.

    scale: 픽셀을 몇 배로 키울지. None이면 프레임이 GIF_MIN_WIDTH(800픽셀) 이상이 되는 가장 작은 정수 배.
    """
    if not history["snapshots"]:
        raise ValueError("history에 스냅샷이 없어 GIF를 만들 수 없습니다.")
    scale = scale or _scale_for(history["snapshots"][0][:n], nrow)
    font, korean = _label_font(10 * scale)
    epochs = history.get("snapshot_epoch") or list(range(1, len(history["snapshots"]) + 1))
    frames = [_labelled_grid(images[:n], f"{epoch}에폭" if korean else f"epoch {epoch}", nrow, scale, font)
              for epoch, images in zip(epochs, history["snapshots"])]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # 마지막 프레임은 세 배 오래 보여 준다: 결과를 볼 시간을 준다
    durations = [ms_per_frame] * (len(frames) - 1) + [ms_per_frame * 3]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return path


def show_strip(images, labels=None, title=None, ax=None):
    """이미지 여러 장을 한 줄로 그리고, 주면 각 그림 아래에 레이블을 적는다 (잠재 공간 탐색용)."""
    import matplotlib.pyplot as plt
    n = len(images)
    ax = ax or plt.subplots(figsize=(min(1.1 * n, 14), 2.1))[1]
    ax.imshow(to_image_grid(images, nrow=n), cmap="gray", vmin=0, vmax=1)
    ax.set_yticks([])
    if labels is not None:
        ax.set_xticks([2 + 30 * i + 14 for i in range(n)], [str(v) for v in labels])
    else:
        ax.set_xticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    if title:
        ax.set_title(title)
    return ax


def plot_class_histogram(fractions, class_names=None, ax=None, title="생성된 표본의 클래스 분포", min_fraction=0.02):
    """분류기가 읽은 클래스별 비율 막대그래프. 균등(1/10) 선과 '덮었다'고 보는 기준선을 함께 그린다."""
    import matplotlib.pyplot as plt
    fractions = np.asarray(fractions, dtype=float)
    names = class_names or [str(i) for i in range(len(fractions))]
    ax = ax or plt.subplots(figsize=(7, 3))[1]
    colors = ["tab:blue" if f >= min_fraction else "tab:red" for f in fractions]
    ax.bar(range(len(fractions)), fractions, color=colors)
    ax.axhline(1 / len(fractions), color="gray", linestyle="--", linewidth=1, label="균등 분포 (1/10)")
    ax.axhline(min_fraction, color="tab:red", linestyle=":", linewidth=1, label=f"클래스로 세는 기준 ({min_fraction:.0%})")
    ax.set_xticks(range(len(fractions)), names)
    ax.set_ylabel("비율")
    ax.set_title(title)
    ax.set_ylim(0, max(fractions.max(), 1 / len(fractions)) * 1.35)  # 범례가 막대를 가리지 않도록 위에 여백
    ax.legend(loc="upper left", ncol=2)
    return ax


def plot_class_heatmap(fractions_by_epoch, epochs, class_names=None, ax=None, title="에폭별 숫자 분포"):
    """에폭(행) × 클래스(열) 비율을 색과 숫자로 그린다. 모드 사이를 오가는 모습(가장 많은 클래스가 바뀜)이 보인다."""
    import matplotlib.pyplot as plt
    table = np.asarray(fractions_by_epoch, dtype=float)
    if table.ndim != 2 or len(table) != len(epochs):
        raise ValueError(f"fractions_by_epoch는 (에폭 수, 클래스 수) 표여야 합니다 (받은 모양: {table.shape}, 에폭 {len(epochs)}개).")
    names = class_names or [str(i) for i in range(table.shape[1])]
    ax = ax or plt.subplots(figsize=(9, 0.5 * len(epochs) + 1.4))[1]
    _draw_fraction_table(ax, table, vmax=max(0.3, table.max()))
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(epochs)), [f"{e}에폭" for e in epochs])
    ax.set_xlabel("분류기가 읽은 클래스")
    ax.set_title(title)
    return ax


def plot_confusion_matrix(confusion, class_names=None, ax=None, title="요청한 숫자 → 분류기가 읽은 숫자"):
    """조건부 생성자의 혼동 행렬 (행: 요청한 클래스, 열: 분류기가 읽은 클래스, 칸: 비율). 대각선이 진할수록 요청대로 그린다."""
    import matplotlib.pyplot as plt
    table = np.asarray(confusion, dtype=float)
    if table.ndim != 2 or table.shape[0] != table.shape[1]:
        raise ValueError(f"confusion은 (클래스 수, 클래스 수) 정사각형 표여야 합니다 (받은 모양: {table.shape}).")
    names = class_names or [str(i) for i in range(table.shape[1])]
    ax = ax or plt.subplots(figsize=(8, 7))[1]
    _draw_fraction_table(ax, table, vmax=1.0)
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("분류기가 읽은 클래스")
    ax.set_ylabel("요청한 클래스")
    ax.set_title(title)
    return ax


def _draw_fraction_table(ax, table, vmax):
    """비율 표를 파란 칸과 백분율 글자로 그린다. 행마다 가장 큰 칸은 굵게."""
    ax.imshow(table, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
    for row in range(table.shape[0]):
        top = int(table[row].argmax())
        for col in range(table.shape[1]):
            value = table[row, col]
            dark = value > 0.6 * vmax  # 진한 칸에만 흰 글자: 옅은 파랑 위의 흰 글자는 읽히지 않는다
            ax.text(col, row, f"{value:.0%}", ha="center", va="center", fontsize=10,
                    color="white" if dark else "black", fontweight="bold" if col == top else "normal")


def plot_class_rows(G, n_z=8, seed=0, class_names=None, title="같은 잠재 벡터, 다른 클래스"):
    """조건부 생성자의 격자: 행마다 한 클래스, 열마다 한 잠재 벡터 z (모든 행이 같은 z들을 쓴다).

    같은 열에서는 '쓰는 방식'(굵기, 기울기)이 이어지고 행이 바뀌면 숫자만 바뀌는지 본다.
    """
    import matplotlib.pyplot as plt
    from .data import sample_noise
    from .train import generate
    num_classes = getattr(G, "num_classes", 0)
    if not num_classes:
        raise ValueError("plot_class_rows에는 조건부 생성자(num_classes가 있는 생성자)를 주세요.")
    z = sample_noise(n_z, G.z_dim, G.noise, generator=torch.Generator().manual_seed(seed))
    images = generate(G, z=z.repeat(num_classes, 1), labels=torch.arange(num_classes).repeat_interleave(n_z))
    names = class_names or [str(i) for i in range(num_classes)]
    fig, ax = plt.subplots(figsize=(0.62 * n_z + 1.6, 0.62 * num_classes + 0.9))
    grid = to_image_grid(images, nrow=n_z)
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1)
    row_step, col_step = grid.shape[0] / num_classes, grid.shape[1] / n_z
    ax.set_yticks([row_step * (k + 0.5) for k in range(num_classes)], names)
    ax.set_xticks([col_step * (j + 0.5) for j in range(n_z)], [f"z{j + 1}" for j in range(n_z)])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_ylabel("요청한 클래스")
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------- 2차원 놀이터
ARROW_COLOR = "purple"  # 생성자가 받는 기울기: 열지도의 빨강(가짜)·파랑(진짜)과 겹치지 않는 색


class PlaygroundFigure:
    """2차원 놀이터의 그림 한 장: 왼쪽은 평면(D(x) 열지도, 진짜·가짜 표본, 생성자가 받는 기울기 화살표,
    잠재 격자의 상), 오른쪽은 손실, D(x)·D(G(z)), 2차원 KL과 바닥값의 곡선.

    위젯이 초당 여러 번 다시 그리므로 그림 요소는 처음 한 번만 만들고 ``update``는 값만 바꾼다. 곡선(축 눈금이
    바뀌는 쪽)은 curves=True일 때만 그림 전체를 다시 그리고, 그 사이에는 평면의 움직이는 요소만 미리 그려 둔
    배경 위에 덧그린다(blitting). pyplot을 거치지 않는 Figure라서 노트북에 따로 찍히지 않는다.
    """

    def __init__(self, extent, centers=None, figsize=(10, 4.8), dpi=110):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, NullFormatter
        setup_korean_font()
        self.fig = fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(fig)
        left, right = fig.subfigures(1, 2, width_ratios=[1.05, 1])
        ax = self.ax = left.add_subplot()
        artists = draw_playground_map(ax, None, extent, centers)
        self.heat, self.grid, self.real, self.fake = (artists[k] for k in ("heat", "grid", "real", "fake"))
        self.centers = artists.get("centers")  # 열지도 위에 다시 그려야 보인다
        self.left = left
        left.colorbar(self.heat, ax=ax, shrink=0.8, pad=0.02).set_label("판별자의 판정 D(x) (1 = 진짜)")
        self.arrows = self._quiver(1)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=11, markerscale=2)
        # 평면 위의 제목 자리에 상태 두 줄 (단계, 덮은 봉우리 / KL). 자리는 두 줄짜리 글로 미리 잡아 둔다
        self.label = left.suptitle("평면: 판별자의 판정과\n생성자의 움직임", fontsize=12)

        self.curve_axes = axes = right.subplots(3, 1, sharex=True)
        self.lines = {}
        for ax_, keys, ylabel in ((axes[0], (("loss_D", "판별자 손실"), ("loss_G", "생성자 손실")), "손실"),
                                  (axes[1], (("D_x", "D(x)"), ("D_G_z", "D(G(z))")), "판정 평균"),
                                  (axes[2], (("kl", "2차원 KL"),), "KL (nat)")):
            for key, label in keys:
                self.lines[key], = ax_.plot([], [], label=label, lw=1.5)
            ax_.set_ylabel(ylabel)
        right.suptitle("학습 곡선")
        axes[1].set_ylim(-0.02, 1.02)
        axes[2].set_yscale("log")
        # 로그 눈금의 기본 글자(10^-2)는 유니코드 마이너스를 써서 나눔고딕에서 깨지므로 0.01처럼 쓴다
        axes[2].yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        axes[2].yaxis.set_minor_formatter(NullFormatter())
        self.floor = axes[2].axhline(1, color="gray", ls="--", label="바닥값")
        for ax_ in axes:
            ax_.legend(loc="best", fontsize=11)
        axes[2].set_xlabel("학습 단계")
        # 자리는 지금 한 번만 맞춘다 (매번 맞추면 느리다). 눈금 글자가 넓을 때(오른쪽 끝에 다섯 자리 단계)를 기준으로 맞춰야
        # 학습이 길어져도 글자가 그림 밖으로 나가지 않는다
        axes[0].set_xlim(0, 10_000)  # 끝 눈금 "10000"이 오른쪽 끝에 온다
        self.canvas.draw()
        fig.set_layout_engine("none")
        self.background = None

    def _quiver(self, n):
        # 화살표 수는 만들 때 정해지므로, 수가 바뀌면(PacGAN의 묶음 수) 새로 만든다
        quiver = self.ax.quiver(np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), color=ARROW_COLOR, angles="xy",
                                scale_units="xy", scale=1, width=0.004, label="생성자가 받는 기울기")
        quiver.set_animated(True)
        return quiver

    @property
    def _moving(self):
        return tuple(a for a in (self.heat, self.grid, self.real, self.fake, self.arrows, self.centers, self.label)
                     if a is not None)

    def update(self, snap, history, floor=None, label=None, curves=True):
        """snapshot(Playground.snapshot)과 기록으로 값을 바꾸고 다시 그린다. curves=False면 평면만 덧그린다."""
        self.heat.set_data(snap["heat"])
        self.real.set_offsets(snap["real"])
        self.fake.set_offsets(snap["fake"])
        warped = snap["warped"]  # (2, 줄 수, 점 수, 2)
        self.grid.set_segments(list(warped.reshape(-1, *warped.shape[2:])))
        at, arrows = snap["arrows_at"], _arrow_lengths(snap)
        if len(at) != self.arrows.N:
            self.arrows.remove()
            self.arrows = self._quiver(len(at))
        self.arrows.set_offsets(at)
        self.arrows.set_UVC(*arrows.T)
        self.label.set_text(_two_lines(label or f"{snap['steps']:,}단계"))
        if curves or self.background is None:
            self._update_curves(history, floor)
            for artist in self._moving:
                artist.set_animated(True)
            self.canvas.draw()  # 움직이는 요소를 뺀 그림 전체
            self.background = self.canvas.copy_from_bbox(self.left.bbox)  # 평면과 그 위의 상태 글 자리
        else:
            self.canvas.restore_region(self.background)
        for artist in self._moving:
            self.fig.draw_artist(artist)
        return self

    def _update_curves(self, history, floor):
        steps = history["step"]
        for key, line in self.lines.items():
            line.set_data(steps, history[key])
        if floor is not None:
            self.floor.set_ydata([floor, floor])
            self.floor.set_label(f"바닥값 ({floor:.3f})")
            self.curve_axes[2].legend(loc="best", fontsize=11)
        for ax in self.curve_axes:
            ax.relim()
            ax.autoscale_view()
        self.curve_axes[1].set_ylim(-0.02, 1.02)
        self.curve_axes[0].set_xlim(0, max(steps[-1] if steps else 1, 1))

    def rgb(self):
        """지금 그림을 (높이, 너비, 3) uint8 배열로."""
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def png(self):
        """지금 그림을 PNG 바이트로 (빨리 만들도록 압축은 가볍게)."""
        return self._encode("PNG", compress_level=1)

    def jpeg(self, quality=85):
        """지금 그림을 JPEG 바이트로: PNG보다 몇 배 빨리 만들어져 위젯이 초당 여러 번 다시 그릴 때 쓴다."""
        return self._encode("JPEG", quality=quality)

    def _encode(self, fmt, **options):
        import io
        from PIL import Image
        buffer = io.BytesIO()
        Image.fromarray(self.rgb()).save(buffer, format=fmt, **options)
        return buffer.getvalue()


def _two_lines(text):
    # "A | B | C | D" → "A | B" 와 "C | D" 두 줄 (구분이 둘 이하면 그대로)
    parts = text.split(" | ")
    half = (len(parts) + 1) // 2
    return " | ".join(parts[:half]) + ("\n" + " | ".join(parts[half:]) if len(parts) > 2 else "")


def _arrow_lengths(snap):
    # 기울기의 크기는 단계마다 크게 달라서, 방향이 보이도록 가운데 값이 평면 너비의 약 6%가 되게 늘인다
    arrows, extent = snap["arrows"], snap["extent"]
    scale = 0.12 * extent / max(float(np.median(np.linalg.norm(arrows, axis=1))), 1e-12)
    return np.clip(arrows * scale, -0.3 * extent, 0.3 * extent)


def draw_playground_map(ax, snap, extent, centers=None, arrows=False):
    """평면 하나: D(x) 열지도(빨강 = 가짜, 파랑 = 진짜), 잠재 격자의 상(초록 선), 진짜(검정)·가짜(주황) 표본,
    봉우리 중심(×), arrows=True면 생성자가 받는 기울기(빨간 화살표). snap이 None이면 빈 그림 요소만 만든다.
    만든 그림 요소를 dict로 돌려준다 (PlaygroundFigure가 값만 바꿔 다시 쓴다)."""
    from matplotlib.collections import LineCollection
    e = extent
    heat = np.full((2, 2), 0.5) if snap is None else snap["heat"]
    out = {"heat": ax.imshow(heat, extent=(-e, e, -e, e), origin="lower", cmap="RdBu", vmin=0, vmax=1,
                             interpolation="bilinear", alpha=0.75)}
    segments = [] if snap is None else list(snap["warped"].reshape(-1, *snap["warped"].shape[2:]))
    out["grid"] = ax.add_collection(LineCollection(segments, colors="tab:green", linewidths=0.8, alpha=0.6,
                                                   label="잠재 격자의 상 G(z)"))
    empty = np.zeros((0, 2))
    out["real"] = ax.scatter(*(empty if snap is None else snap["real"]).T, s=6, c="black", alpha=0.5, label="진짜 표본")
    out["fake"] = ax.scatter(*(empty if snap is None else snap["fake"]).T, s=6, c="tab:orange", alpha=0.8,
                             label="가짜 표본 G(z)")
    if arrows and snap is not None:
        out["arrows"] = ax.quiver(*snap["arrows_at"].T, *_arrow_lengths(snap).T, color=ARROW_COLOR, angles="xy",
                                  scale_units="xy", scale=1, width=0.005, label="생성자가 받는 기울기")
    if centers is not None:  # 검은 진짜 점 위에서도, 옅은 열지도 위에서도 보이는 색
        out["centers"] = ax.scatter(centers[:, 0], centers[:, 1], marker="x", s=45, c="gold", linewidths=2, zorder=5,
                                    label="봉우리 중심")
    ax.set(xlim=(-e, e), ylim=(-e, e), aspect="equal", xlabel="x1", ylabel="x2")
    return out


def plot_playground_frames(frames, extent, centers=None, ncols=4, arrows=True, titles=None):
    """놀이터의 장면 여러 개(Playground.run의 결과)를 한 그림에. 장면 제목은 단계 수와 덮은 봉우리 수."""
    import matplotlib.pyplot as plt
    nrows = math.ceil(len(frames) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols + 1, 3.8 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(frames):
            ax.axis("off")
            continue
        snap = frames[i]
        heat = draw_playground_map(ax, snap, extent, centers, arrows=arrows)["heat"]
        ax.set_title(titles[i] if titles else frame_title(snap))
        if i % ncols:
            ax.set_ylabel("")
    spare = [ax for ax in axes.flat[len(frames):]]
    if spare:  # 빈 칸이 있으면 그 안에 색 막대를 (그림 오른쪽 멀리 떨어지지 않게)
        cax = spare[0].inset_axes([0.1, 0.1, 0.08, 0.8])
        fig.colorbar(heat, cax=cax, label="판별자의 판정 D(x) (1 = 진짜)")
    else:
        fig.colorbar(heat, ax=axes, shrink=0.6, label="판별자의 판정 D(x) (1 = 진짜)")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), markerscale=2)
    return fig


def frame_title(snap, quality=False):
    """장면 한 장의 이름: '1,500단계: 덮은 봉우리 2개' (quality면 ' | 고품질 표본 3%'까지, 혼합 분포가 아니면 단계만)."""
    row, title = snap["row"], f"{snap['steps']:,}단계"
    if row.get("modes") == row.get("modes"):  # nan이 아니면 (혼합 분포)
        title += f": 덮은 봉우리 {row['modes']}개"
        if quality:
            title += f" | 고품질 표본 {100 * row['high_quality']:.0f}%"
    return title


def save_playground_gif(frames, history, path, extent, centers=None, floor=None, ms_per_frame=700, dpi=110):
    """놀이터의 장면들을 위젯과 같은 그림(PlaygroundFigure)으로 그려 GIF 애니메이션으로 저장한다 (슬라이드용).
    장면마다 곡선은 그 장면의 단계까지만 그린다. 저장한 경로를 돌려준다."""
    from PIL import Image
    figure = PlaygroundFigure(extent, centers, dpi=dpi)
    images = []
    for snap in frames:
        upto = sum(step <= snap["steps"] for step in history["step"])
        partial = {key: values[:upto] for key, values in history.items()}
        images.append(Image.fromarray(figure.update(snap, partial, floor, frame_title(snap, quality=True)).rgb()))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=ms_per_frame, loop=0)
    return path
