"""정밀도 고르기(precision.py)와 bf16 혼합 정밀도 학습: auto의 판단, fp32 경로가 그대로인지, bf16 학습의 가중치·체크포인트."""
import copy

import pytest
import torch

from conftest import has_hangul, parse_figures, run_cli
from gan_utils import precision, train
from gan_utils.models import build_models

CPU = torch.device("cpu")


@pytest.fixture(autouse=True)
def fresh_choices():
    """auto의 판단은 프로세스 안에 기억되므로, 테스트마다 비우고 시작한다."""
    precision._CHOICES.clear()
    precision._TOLD.clear()
    yield
    precision._CHOICES.clear()
    precision._TOLD.clear()


def _pretend(monkeypatch, feature, fp32_seconds=None, bf16_seconds=None):
    """CPU 기능 검사와 (주면) 순전파 측정을 정해진 값으로 바꾼다."""
    monkeypatch.setattr(precision, "cpu_bf16_feature", lambda: feature)
    if fp32_seconds is not None:
        monkeypatch.setattr(precision, "time_forward",
                            lambda D, device, batch, dtype: fp32_seconds if dtype is None else bf16_seconds)


def test_explicit_choices_and_bad_value():
    assert precision.choose_precision("fp32", CPU).name == "fp32"
    assert precision.choose_precision("fp32", CPU).dtype is None
    assert precision.choose_precision("bf16", CPU).dtype is torch.bfloat16
    with pytest.raises(ValueError, match="precision") as info:
        precision.choose_precision("fp16", CPU)
    assert has_hangul(info.value)


def test_auto_without_native_bf16_picks_fp32_without_measuring(monkeypatch):
    """AVX2만 있는 CPU(흉내): 재지도 않고 fp32, 이유는 한국어로."""
    monkeypatch.setattr(precision, "cpu_bf16_feature", lambda: None)
    monkeypatch.setattr(precision, "time_forward", lambda *a, **k: pytest.fail("bf16이 없는데 재면 안 된다"))
    _, D = build_models("mnist", seed=0)
    choice = precision.choose_precision("auto", CPU, D, 128)
    assert choice.name == "fp32" and choice.dtype is None
    assert "bf16" in choice.reason and has_hangul(choice.reason)


@pytest.mark.parametrize("fp32_seconds, bf16_seconds, expected", [
    (3.0e-3, 1.0e-3, "bf16"),   # 3배 빠름
    (3.0e-3, 2.9e-3, "fp32"),   # 차이가 측정 오차 수준이면 fp32에 머문다
    (1.0e-4, 3.0e-4, "fp32"),   # 작은 모델: bf16이 오히려 느리다
])
def test_auto_with_native_bf16_follows_the_measurement(monkeypatch, fp32_seconds, bf16_seconds, expected):
    _pretend(monkeypatch, "AVX512_BF16", fp32_seconds, bf16_seconds)
    _, D = build_models("mnist", seed=0)
    choice = precision.choose_precision("auto", CPU, D, 128)
    assert choice.name == expected
    assert "AVX512_BF16" in choice.reason and "ms" in choice.reason


def test_auto_measures_once_and_tells_once(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(precision, "cpu_bf16_feature", lambda: "AVX512_BF16")
    monkeypatch.setattr(precision, "time_forward",
                        lambda D, device, batch, dtype: calls.append(dtype) or (3e-3 if dtype is None else 1e-3))
    _, D = build_models("mnist", seed=0)
    assert precision.choose_precision("auto", CPU, D, 128).name == "bf16"  # 조용히 먼저 고른 뒤에도
    for _ in range(3):
        assert precision.choose_precision("auto", CPU, D, 128, verbose=True).name == "bf16"
    assert calls == [None, torch.bfloat16]
    out = capsys.readouterr().out
    assert out.count("정밀도: bf16") == 1


def test_measuring_leaves_model_and_random_state_alone():
    """실제 측정: D의 모드, 가중치, 전역 난수 상태가 그대로여야 fp32 학습이 예전과 같다."""
    _, D = build_models("mnist", seed=0)
    before = copy.deepcopy(D.state_dict())
    rng = torch.get_rng_state()
    seconds = precision.time_forward(D, CPU, 16, torch.bfloat16, repeats=2)
    assert 0 < seconds < 1
    assert D.training and torch.equal(torch.get_rng_state(), rng)
    for name, value in D.state_dict().items():
        assert torch.equal(value, before[name]), name


def _train(precision_name, epochs=2, seed=0, **kwargs):
    from gan_utils.data import load_mnist
    x, _ = load_mnist("mnist", train=True, limit=512)
    G, D = build_models("mnist-bn", seed=seed)
    G_ema = copy.deepcopy(G)
    history = train.train_gan(G, D, x, epochs=epochs, batch_size=64, steps_per_epoch=4, real_target=0.9,
                              ema_decay=0.99, G_ema=G_ema, device="cpu", precision=precision_name,
                              progress=False, seed=seed, **kwargs)
    return G, D, G_ema, history


def test_fp32_never_enters_autocast_and_auto_without_bf16_is_fp32(monkeypatch):
    """fp32 경로는 autocast를 한 번도 열지 않고, bf16이 없는 CPU의 auto는 fp32와 비트까지 같다."""
    monkeypatch.setattr(torch, "autocast", lambda *a, **k: pytest.fail("fp32 학습이 autocast를 열었다"))
    G32, D32, E32, h32 = _train("fp32")
    monkeypatch.setattr(precision, "cpu_bf16_feature", lambda: None)
    Ga, Da, Ea, ha = _train("auto")
    assert ha["loss_D"] == h32["loss_D"] and ha["loss_G"] == h32["loss_G"]
    for a, b in zip([*G32.parameters(), *D32.parameters(), *E32.parameters()],
                    [*Ga.parameters(), *Da.parameters(), *Ea.parameters()]):
        assert torch.equal(a, b)


def test_bf16_keeps_weights_optimizer_and_checkpoint_in_fp32(tmp_path):
    G, D, G_ema, history = _train("bf16", checkpoint_path=tmp_path / "c.pt")
    assert all(torch.isfinite(torch.tensor(history[k])).all() for k in ("loss_D", "loss_G", "D_x", "D_G_z"))
    for model in (G, D, G_ema):
        assert {p.dtype for p in model.parameters()} == {torch.float32}
    state = torch.load(tmp_path / "c.pt", weights_only=True)
    for name in ("G", "D", "G_ema"):
        assert {v.dtype for v in state[name].values() if v.is_floating_point()} == {torch.float32}, name
    adam = [v for s in state["opt_D"]["state"].values() for v in s.values() if v.is_floating_point() and v.ndim]
    assert adam and {v.dtype for v in adam} == {torch.float32}
    assert state["meta"]["precision"] == "bf16"
    # 스냅샷(지표와 같은 평가 경로)은 fp32로 만든다
    assert train.generate(G_ema, 4, seed=0).dtype == torch.float32


def test_bf16_run_differs_from_fp32_but_stays_close():
    """bf16이 정말 쓰였는지(값이 fp32와 다르다)와, 그래도 학습이 같은 길을 가는지(손실이 가깝다)."""
    *_, h32 = _train("fp32", epochs=3)
    *_, h16 = _train("bf16", epochs=3)
    assert h16["loss_D"] != h32["loss_D"]
    for a, b in zip(h16["loss_D"] + h16["loss_G"], h32["loss_D"] + h32["loss_G"]):
        assert a == pytest.approx(b, rel=0.1)


def test_resume_across_precisions(tmp_path):
    """bf16으로 1에폭 저장 → fp32로 이어서 3에폭, 그리고 bf16끼리 이어 학습은 끊기지 않은 bf16 학습과 같다."""
    _train("bf16", epochs=1, checkpoint_path=tmp_path / "a.pt")
    G, D, _, history = _train("fp32", epochs=3, checkpoint_path=tmp_path / "a.pt", resume=tmp_path / "a.pt")
    assert history["epoch"] == [1, 2, 3]
    assert torch.load(tmp_path / "a.pt", weights_only=True)["meta"]["precision"] == "fp32"
    G_full, *_ = _train("bf16", epochs=2, checkpoint_path=tmp_path / "full.pt")
    _train("bf16", epochs=1, checkpoint_path=tmp_path / "part.pt")
    G_res, *_ = _train("bf16", epochs=2, checkpoint_path=tmp_path / "part.pt", resume=tmp_path / "part.pt")
    for a, b in zip(G_full.parameters(), G_res.parameters()):
        assert torch.equal(a, b)


def test_cli_precision_option(tmp_path):
    result = run_cli("train", "mnist", "--epochs", "1", "--steps-per-epoch", "2", "--limit", "512", "--quiet",
                     "--precision", "fp32", "--out", tmp_path / "run")
    assert result.returncode == 0, result.stderr
    assert parse_figures(result.stdout)["precision"] == "fp32"
    bad = run_cli("train", "mnist", "--precision", "half", "--out", tmp_path / "bad")
    assert bad.returncode == 2 and "--precision" in bad.stderr and has_hangul(bad.stderr)


def test_compare_precisions_times_copies_and_leaves_models_alone(mnist_small):
    x, _ = mnist_small
    G, D = build_models("mnist-bn", seed=0)
    before = [p.clone() for p in [*G.parameters(), *D.parameters()]]
    timing = train.compare_precisions(G, D, x, steps=3, warmup=1, batch_size=64, ema_decay=0.999, device="cpu")
    assert set(timing) == {"fp32", "bf16"}
    assert all(0 < seconds < 600 for seconds in timing.values())  # 한 에폭(2,048장 = 32단계)으로 늘린 초
    assert all(torch.equal(a, b) for a, b in zip(before, [*G.parameters(), *D.parameters()]))
