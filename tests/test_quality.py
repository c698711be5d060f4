"""4강 품질 측정: 분류기(classifier.py)와 이미지 지표(metrics.py의 4강 부분)."""
import math

import numpy as np
import pytest
import torch

from gan_utils import classifier, metrics
from gan_utils.data import load_mnist
from gan_utils.train import generate


@pytest.fixture(scope="module")
def mnist_test():
    """MNIST 테스트 이미지 10,000장과 라벨."""
    return load_mnist("mnist", train=False)


@pytest.fixture(scope="module")
def mnist_clf():
    return classifier.load_classifier("mnist")


# ---------------------------------------------------------------- 키트에 들어 있는 분류기
def test_shipped_mnist_classifier_accuracy(mnist_test, mnist_clf):
    x, y = mnist_test
    assert len(x) == 10_000
    assert not mnist_clf.training
    assert mnist_clf.config == {"n_classes": 10, "feature_dim": 128}
    assert classifier.accuracy(mnist_clf, x, y) >= 0.99


def test_shipped_fashion_classifier_accuracy():
    path = classifier.PRETRAINED_DIR / classifier.CLASSIFIER_FILES["fashion-mnist"]
    if not path.is_file():
        pytest.skip(f"{path.name}이 아직 없습니다 ('python -m gan_utils train-classifier fashion-mnist'로 만든다)")
    x, y = load_mnist("fashion-mnist", train=False)
    assert classifier.accuracy(classifier.load_classifier("fashion-mnist"), x, y) >= 0.88


def test_predict_proba_and_features_shapes(mnist_test, mnist_clf):
    x, _ = mnist_test
    probs = classifier.predict_proba(mnist_clf, x[:300], batch_size=128)  # 배치 경계가 나누어떨어지지 않게
    assert probs.shape == (300, 10)
    assert torch.allclose(probs.sum(1), torch.ones(300), atol=1e-5) and (probs >= 0).all()
    feats = classifier.extract_features(mnist_clf, x[:300], batch_size=128)
    assert feats.shape == (300, 128) and (feats >= 0).all()  # ReLU 뒤의 특징
    # 배치 크기를 바꿔도 같은 결과 (배치를 나누는 방식이 결과에 섞이지 않는다)
    assert torch.allclose(feats, classifier.extract_features(mnist_clf, x[:300]), atol=1e-5)
    # 특징에 head를 얹으면 로짓이 된다: predict_proba와 맞아야 한다
    with torch.no_grad():
        again = torch.softmax(mnist_clf.head(feats), dim=1)
    assert torch.allclose(again, probs, atol=1e-5)


def test_train_classifier_tiny_run_and_save_load_roundtrip(tmp_path, monkeypatch):
    small_test = {}

    def load_small(dataset="mnist", train=True, **kwargs):
        x, y = load_mnist(dataset, train=train, **kwargs)
        if not train:  # 테스트 세트 1만 장 평가는 느리므로 1,000장만 쓴다
            x, y = x[:1000], y[:1000]
            small_test["xy"] = (x, y)
        return x, y

    monkeypatch.setattr(classifier, "load_mnist", load_small)
    model, acc, seconds = classifier.train_classifier("mnist", epochs=3, limit=1024, progress=False)
    assert isinstance(acc, float) and 0.0 <= acc <= 1.0
    assert isinstance(seconds, float) and seconds > 0
    assert not model.training
    x, y = small_test["xy"]
    assert acc == pytest.approx(classifier.accuracy(model, x, y))
    assert acc > 0.3  # 24단계만 배워도 찍기(0.1)보다 훨씬 낫다 (시드 0, 1, 2에서 약 0.6)

    path = tmp_path / "sub" / "clf.pt"
    classifier.save_classifier(model, path, meta={"dataset": "mnist", "test_accuracy": acc})
    assert path.is_file() and not path.with_name("clf.pt.tmp").exists()
    state = torch.load(path, weights_only=True)
    assert state["meta"]["test_accuracy"] == acc
    assert all(v.dtype == torch.float16 for v in state["weights"].values())
    loaded = classifier.load_classifier(path=path)
    assert not loaded.training
    p_orig = classifier.predict_proba(model, x[:500])
    p_load = classifier.predict_proba(loaded, x[:500])
    assert torch.allclose(p_orig, p_load, atol=1e-2)
    assert (p_orig.argmax(1) == p_load.argmax(1)).float().mean() >= 0.98


def test_load_classifier_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-classifier"):
        classifier.load_classifier(path=tmp_path / "missing.pt")
    with pytest.raises(ValueError, match="dataset"):
        classifier.load_classifier("cifar10")


# ---------------------------------------------------------------- check_images
def test_check_images_explains_pixel_range_and_parameter_name():
    pixels = torch.randint(0, 256, (4, 784)).float()
    with pytest.raises(ValueError, match=r"fake_images.*\[-1, 1\]") as info:
        metrics.check_images(pixels, "fake_images")
    assert "/ 127.5 - 1" in str(info.value)
    # 범위를 조금 벗어난 경우([0, 1.2])에는 0~255 안내를 하지 않는다
    with pytest.raises(ValueError, match="범위") as info:
        metrics.check_images(torch.full((2, 784), 1.2))
    assert "127.5" not in str(info.value)
    # 다른 함수를 거쳐도 그 함수의 인자 이름을 말한다
    with pytest.raises(ValueError, match="real_images"):
        metrics.fid_classifier(pixels, torch.zeros(4, 784), classifier=None)


def test_check_images_accepts_image_shapes_and_arrays():
    x = torch.linspace(-1, 1, 3 * 784).reshape(3, 28, 28)
    flat = metrics.check_images(x)
    assert flat.shape == (3, 784) and flat.dtype == torch.float32
    assert torch.equal(flat, x.reshape(3, 784))
    assert metrics.check_images(x.reshape(3, 1, 28, 28)).shape == (3, 784)
    from_numpy = metrics.check_images(x.numpy().astype(np.float64))
    assert from_numpy.dtype == torch.float32 and torch.equal(from_numpy, flat)


@pytest.mark.parametrize("bad,needle", [
    (torch.full((2, 784), float("nan")), "NaN"),
    (torch.full((2, 784), float("inf")), "NaN"),
    (torch.zeros(2, 783), "784"),
    (torch.zeros(784), "784"),
    (torch.zeros(0, 784), "한 장도"),
])
def test_check_images_rejects(bad, needle):
    with pytest.raises(ValueError, match=needle):
        metrics.check_images(bad)


# ---------------------------------------------------------------- class_coverage
def test_class_coverage_of_real_test_images(mnist_test, mnist_clf):
    x, _ = mnist_test
    cov = metrics.class_coverage(x[:3000], mnist_clf)
    assert cov["fractions"].shape == (10,)
    assert cov["fractions"].sum() == pytest.approx(1.0)
    assert cov["classes_covered"] == 10
    assert cov["kl_class_uniform"] < 0.01
    assert cov["mean_confidence"] > 0.95


def test_class_coverage_of_one_digit_is_collapsed(mnist_test, mnist_clf):
    x, y = mnist_test
    cov = metrics.class_coverage(x[y == 3], mnist_clf)
    assert cov["fractions"].sum() == pytest.approx(1.0)
    assert int(np.argmax(cov["fractions"])) == 3 and cov["fractions"][3] > 0.97
    assert cov["classes_covered"] == 1
    assert cov["kl_class_uniform"] == pytest.approx(math.log(10), abs=0.1)
    # min_fraction을 0으로 하면 한 번이라도 나온 클래스를 모두 센다
    assert metrics.class_coverage(x[y == 3], mnist_clf, min_fraction=0.0)["classes_covered"] == 10


# ---------------------------------------------------------------- frechet_distance
def test_frechet_identical_and_shifted():
    a = torch.randn(500, 16, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    assert metrics.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    c = torch.linspace(-1, 2, 16, dtype=torch.float64)
    expected = float((c ** 2).sum())
    assert metrics.frechet_distance(a, a + c) == pytest.approx(expected, rel=1e-6)
    assert metrics.frechet_distance(a + c, a) == pytest.approx(expected, rel=1e-6)
    # numpy 배열도 받는다
    assert metrics.frechet_distance(a.numpy(), (a + c).numpy()) == pytest.approx(expected, rel=1e-6)


def test_frechet_of_diagonal_gaussians_matches_closed_form():
    rng = np.random.default_rng(0)
    var_a, var_b = np.array([1.0, 4.0, 0.25, 2.0]), np.array([2.0, 1.0, 1.0, 0.5])
    mu_a, mu_b = np.array([0.0, 1.0, -1.0, 0.5]), np.array([1.0, 1.0, 0.0, -0.5])
    a = mu_a + np.sqrt(var_a) * rng.standard_normal((50_000, 4))
    b = mu_b + np.sqrt(var_b) * rng.standard_normal((50_000, 4))
    closed = float(((np.sqrt(var_a) - np.sqrt(var_b)) ** 2).sum() + ((mu_a - mu_b) ** 2).sum())
    assert closed == pytest.approx((3 - 2 * math.sqrt(2)) + 1 + 0.25 + 0.5 + 3)  # 손으로 한 계산과도 맞춘다
    fd = metrics.frechet_distance(a, b)
    assert fd == pytest.approx(closed, rel=0.03)
    assert metrics.frechet_distance(a, b) == pytest.approx(metrics.frechet_distance(b, a), rel=1e-6)


@pytest.mark.parametrize("a,b", [
    (torch.zeros(10, 4), torch.zeros(10, 5)),
    (torch.zeros(1, 4), torch.zeros(10, 4)),
    (torch.zeros(10, 4), torch.zeros(1, 4)),
])
def test_frechet_rejects_bad_shapes(a, b):
    with pytest.raises(ValueError, match="모양"):
        metrics.frechet_distance(a, b)


# ---------------------------------------------------------------- fid_classifier
def test_fid_classifier_real_vs_real_small_and_one_digit_large(mnist_small, mnist_test, mnist_clf):
    x_train, _ = mnist_small
    x, y = mnist_test
    floor = metrics.fid_classifier(x_train[:1000], x[:1000], mnist_clf)
    one_digit = metrics.fid_classifier(x[:1000], x[y == 3][:1000], mnist_clf)
    assert 0 < floor < 100
    assert one_digit > 5 * floor
    # (N, 28, 28)도 받는다 (check_images를 거친다)
    assert metrics.fid_classifier(x_train[:1000].reshape(-1, 28, 28), x[:1000], mnist_clf) == pytest.approx(floor)


# ---------------------------------------------------------------- 파첸 창
def test_parzen_single_sample_matches_analytic_value():
    s = torch.tensor([[0.0, 1.0, 2.0]])
    x = torch.tensor([[1.0, 1.0, 0.0], [0.0, 1.0, 2.0]])
    sigma = 0.7
    ll = metrics.parzen_log_likelihoods(s, x, sigma)
    assert ll.shape == (1, 2)
    d = 3
    for j, sq in enumerate((5.0, 0.0)):
        expected = -sq / (2 * sigma ** 2) - d / 2 * math.log(2 * math.pi * sigma ** 2)
        assert ll[0, j].item() == pytest.approx(expected, rel=1e-5)


def test_parzen_two_samples_and_sigma_grid():
    s = torch.tensor([[0.0, 0.0], [2.0, 0.0]])
    x = torch.tensor([[1.0, 0.0], [0.0, 0.0], [5.0, 5.0]])
    sigmas = [0.3, 1.0, 2.5]
    ll = metrics.parzen_log_likelihoods(s, x, sigmas, chunk=2)  # 조각 경계도 지나간다
    assert ll.shape == (3, 3) and ll.dtype == torch.float64
    for i, sg in enumerate(sigmas):
        for j in range(3):
            sq = ((x[j] - s) ** 2).sum(1).double()
            dens = torch.exp(-sq / (2 * sg ** 2)).mean() / (2 * math.pi * sg ** 2)
            assert ll[i, j].item() == pytest.approx(math.log(dens.item()), rel=1e-5, abs=1e-6)
    with pytest.raises(ValueError, match="sigma"):
        metrics.parzen_log_likelihoods(s, x, [1.0, 0.0])
    with pytest.raises(ValueError, match="모양"):
        metrics.parzen_log_likelihoods(s, torch.zeros(3, 3), 1.0)


@pytest.mark.parametrize("k", [2, 6])
def test_parzen_log_likelihood_picks_the_best_grid_sigma(k):
    """표본 하나와 검증 이미지 하나 사이의 거리가 √d·σ_k이면 검증 로그 가능도는 σ = σ_k에서 가장 크다."""
    sigma_k = metrics.PARZEN_SIGMAS[k]
    assert sigma_k < 0.5
    sample = torch.zeros(1, 784)  # [0, 1]로 바꾸면 0.5
    valid = torch.full((1, 784), 2 * sigma_k)  # [0, 1]에서 0.5 + σ_k: 픽셀마다 σ_k만큼 떨어짐
    test = torch.zeros(3, 784)
    mean, se, sigma = metrics.parzen_log_likelihood(sample, test, valid)
    assert sigma == pytest.approx(sigma_k)
    assert mean == pytest.approx(-392 * math.log(2 * math.pi * sigma_k ** 2), rel=1e-5)
    assert se == pytest.approx(0.0, abs=1e-6)


def test_parzen_prefers_real_samples_over_noise(mnist_small, mnist_test):
    x_train, _ = mnist_small
    x, _ = mnist_test
    noise = torch.rand(1000, 784, generator=torch.Generator().manual_seed(0)) * 2 - 1
    real_ll, real_se, real_sigma = metrics.parzen_log_likelihood(x_train[:1000], x[:200], x_train[1000:1200])
    noise_ll, _, noise_sigma = metrics.parzen_log_likelihood(noise, x[:200], x_train[1000:1200])
    assert real_sigma in metrics.PARZEN_SIGMAS and noise_sigma in metrics.PARZEN_SIGMAS
    assert real_ll > noise_ll + 100
    assert 0 < real_se < abs(real_ll)
    with pytest.raises(ValueError, match="valid_images"):
        metrics.parzen_log_likelihood(x_train[:10], x[:10], x_train[:10] * 255)


# ---------------------------------------------------------------- 키트에 들어 있는 사전 학습 생성자
def test_shipped_mnist_generator_meets_the_bar():
    """README의 명령으로 만든 사전 학습 생성자: 10종류 모두, 어느 숫자도 15% 이하, 확신도 0.9 이상,
    파첸 창 로그 가능도가 2014년 논문의 225 nat 이상 (생성 표본 10,000개, 논문과 같은 방법)."""
    from gan_utils.metrics import evaluate_generator
    from gan_utils.checkpoint import load_generator, read_checkpoint_meta
    path = classifier.PRETRAINED_DIR / "mnist_generator.pt"
    meta = read_checkpoint_meta(path)
    assert meta["limit"] == 50_000  # 파첸 σ를 고르는 뒤 10,000장은 학습에 쓰지 않았다
    assert meta["precision"] == "bf16"  # README: bf16 혼합 정밀도로 다시 학습한 파일이 들어 있다
    figures = evaluate_generator(load_generator(path), "mnist", n=10_000, parzen=True)
    assert figures["classes_covered"] == 10, figures
    assert figures["max_class_fraction"] <= 0.15, figures
    assert figures["mean_confidence"] >= 0.9, figures
    assert figures["parzen_ll"] >= 225, figures
    assert figures["fid_floor"] < figures["fid_classifier"] < 5 * figures["fid_floor"] + 10, figures


@pytest.fixture(scope="module")
def shipped_mlp_fid():
    """강의 4의 사전 학습 MLP 생성자의 분류기 FID (표본 10,000장, 시드 0): 조건부 GAN과 DCGAN의 검사가 함께 견준다."""
    from gan_utils.checkpoint import load_generator
    from gan_utils.metrics import fid_classifier
    x_test, _ = load_mnist("mnist", train=False)
    mlp = load_generator(classifier.PRETRAINED_DIR / "mnist_generator.pt")
    return fid_classifier(x_test, generate(mlp, 10_000, seed=0), classifier.load_classifier("mnist"))


def test_shipped_conditional_generator_draws_the_asked_digit(shipped_mlp_fid):
    """강의 5의 사전 학습 조건부 생성자 (README의 명령): 클래스마다 1,000장 중 95% 이상을 분류기가 요청한 숫자로
    읽고, 그 확신도 평균이 0.9 이상이다. 클래스를 고르게 요청한 10,000장은 강의 4의 MLP 파일보다 FID가 낮다."""
    from gan_utils.checkpoint import load_generator, read_checkpoint_meta
    from gan_utils.metrics import conditional_confusion, fid_classifier
    path = classifier.PRETRAINED_DIR / "mnist_cgan_generator.pt"
    meta = read_checkpoint_meta(path)
    assert meta["limit"] == 50_000 and meta["model"] == "cgan"
    G = load_generator(path)
    assert G.num_classes == 10
    clf = classifier.load_classifier("mnist")
    result = conditional_confusion(G, clf, n_per_class=1000)
    assert result["accuracy"].min() >= 0.95, result["confusion"].round(3)
    assert result["confidence"].min() >= 0.9, result["confidence"]
    x_test, _ = load_mnist("mnist", train=False)
    fid_cgan = fid_classifier(x_test, result["images"], clf)
    assert fid_cgan < shipped_mlp_fid, (fid_cgan, shipped_mlp_fid)


def test_shipped_dcgan_generator_is_the_lesson_model_and_beats_the_mlp(shipped_mlp_fid):
    """강의 5의 사전 학습 DCGAN (README의 명령): 강의의 DCGAN 구성 그대로이고, 숫자 10종류를 모두 그리며 가장 많은 숫자가
    15% 이하이고, 같은 평가(분류기 FID, 표본 10,000장)에서 강의 4의 사전 학습 MLP 생성자보다 FID가 낮다."""
    from gan_utils.checkpoint import load_generator, read_checkpoint_meta
    from gan_utils.metrics import class_coverage, fid_classifier
    from gan_utils.models import MODEL_CONFIGS
    path = classifier.PRETRAINED_DIR / "mnist_dcgan_generator.pt"
    meta = read_checkpoint_meta(path)
    assert meta["limit"] == 50_000 and meta["model"] == "dcgan"
    G = load_generator(path)
    assert G.config == {**MODEL_CONFIGS["mnist-dcgan"]["generator"], "noise": "normal", "out_dim": 784,
                        "out_activation": "tanh"}
    clf = classifier.load_classifier("mnist")
    fakes = generate(G, 10_000, seed=0)
    coverage = class_coverage(fakes, clf)
    assert coverage["classes_covered"] == 10 and coverage["fractions"].max() <= 0.15, coverage
    x_test, _ = load_mnist("mnist", train=False)
    fid_dcgan = fid_classifier(x_test, fakes, clf)
    assert 2.9 < fid_dcgan < shipped_mlp_fid, (fid_dcgan, shipped_mlp_fid)


def test_shipped_fashion_generator_covers_all_classes():
    from gan_utils.metrics import evaluate_generator
    from gan_utils.checkpoint import load_generator
    G = load_generator(classifier.PRETRAINED_DIR / "fashion_generator.pt")
    figures = evaluate_generator(G, "fashion-mnist", n=2000, parzen=False)
    assert figures["classes_covered"] == 10, figures
    assert figures["max_class_fraction"] <= 0.2, figures
