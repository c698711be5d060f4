import copy

import pytest
import torch

from gan_utils import checkpoint, data, metrics, train
from gan_utils.models import Discriminator, Generator, build_models, recalibrate_batchnorm

GAUSS = dict(train.TRAINING_PRESETS["gaussian"])
GAUSS.pop("model")


def _gaussian_models(seed=0):
    return build_models("gaussian", init=False, seed=seed)


def test_short_1d_run_lowers_kl_well_below_start():
    real = data.sample_real_1d(10_000, generator=torch.Generator().manual_seed(123))
    G, D = _gaussian_models()
    kl_start = metrics.kl_divergence_hist(real, train.generate(G, 10_000, seed=1))
    config = dict(GAUSS, epochs=25)
    history = train.train_gan(G, D, lambda n: data.sample_real_1d(n), **config, device="cpu", progress=False,
                              metrics={"kl": lambda g: metrics.kl_divergence_hist(real, train.generate(g, 10_000, seed=1))})
    assert len(history["kl"]) == 25 and history["epoch"] == list(range(1, 26))
    assert history["kl"][-1] < kl_start / 20
    assert history["kl"][-1] < 0.1
    fake = train.generate(G, 10_000, seed=2)
    assert fake.mean().item() == pytest.approx(4.0, abs=0.3)
    assert fake.std().item() == pytest.approx(1.25, abs=0.3)


def _mnist_run(mnist_small, path, epochs, resume=None, snapshot_epochs=()):
    G, D = build_models("mnist", seed=0)
    x, _ = mnist_small
    history = train.train_gan(G, D, x[:512], epochs=epochs, batch_size=64, steps_per_epoch=4, real_target=0.9,
                              device="cpu", progress=False, checkpoint_path=path, resume=resume,
                              snapshot_epochs=snapshot_epochs, n_snapshot=16, seed=3)
    return G, D, history


def test_checkpoint_resume_matches_uninterrupted_run(mnist_small, tmp_path):
    G_full, D_full, h_full = _mnist_run(mnist_small, tmp_path / "full.pt", epochs=4, snapshot_epochs=(2, 4))
    _mnist_run(mnist_small, tmp_path / "part.pt", epochs=2, snapshot_epochs=(2, 4))
    torch.manual_seed(999)  # 이어 학습은 체크포인트의 난수 상태를 되살려야 한다
    G_res, D_res, h_res = _mnist_run(mnist_small, tmp_path / "part.pt", epochs=4, resume=tmp_path / "part.pt",
                                     snapshot_epochs=(2, 4))
    for key in ("epoch", "loss_D", "loss_G", "D_x", "D_G_z", "snapshot_epoch"):
        assert h_res[key] == h_full[key], key
    for a, b in zip(h_res["snapshots"], h_full["snapshots"]):
        assert torch.equal(a, b)
    for p, q in zip(G_res.parameters(), G_full.parameters()):
        assert torch.equal(p, q)
    for p, q in zip(D_res.parameters(), D_full.parameters()):
        assert torch.equal(p, q)


def test_snapshots_and_checkpoint_contents(mnist_small, tmp_path):
    G, _, history = _mnist_run(mnist_small, tmp_path / "c.pt", epochs=3, snapshot_epochs=(1, 3))
    assert history["snapshot_epoch"] == [1, 3]
    assert history["snapshots"][0].shape == (16, 784)
    assert not torch.equal(history["snapshots"][0], history["snapshots"][1])
    state = torch.load(tmp_path / "c.pt", weights_only=True)
    assert state["epoch"] == 3 and state["format"] == checkpoint.CHECKPOINT_FORMAT
    assert not (tmp_path / "c.pt.tmp").exists()
    G2 = checkpoint.load_generator(tmp_path / "c.pt")
    z = torch.randn(3, 100)
    assert torch.equal(G2(z), G.eval()(z))


def test_resume_with_other_architecture_explains(mnist_small, tmp_path):
    _mnist_run(mnist_small, tmp_path / "c.pt", epochs=1)
    G, D = build_models("mnist-textbook", seed=0)
    with pytest.raises(ValueError, match="구조"):
        checkpoint.load_checkpoint(tmp_path / "c.pt", G, D)
    with pytest.raises(FileNotFoundError, match="체크포인트"):
        checkpoint.load_checkpoint(tmp_path / "missing.pt", G, D)


def test_k_discriminator_steps_per_generator_step():
    G, D = _gaussian_models()
    g_before = [p.clone() for p in G.parameters()]
    calls = {"g": 0}
    original = train.g_step

    def counting_g_step(*args, **kwargs):
        calls["g"] += 1
        return original(*args, **kwargs)

    train.g_step = counting_g_step
    try:
        train.train_gan(G, D, lambda n: data.sample_real_1d(n), epochs=2, steps_per_epoch=6, batch_size=16, k=3,
                        device="cpu", progress=False)
    finally:
        train.g_step = original
    assert calls["g"] == 4  # 12 판별자 단계 / k=3
    assert any(not torch.equal(a, b) for a, b in zip(g_before, G.parameters()))


def test_d_step_changes_only_d_and_g_step_only_g():
    torch.manual_seed(0)
    G = Generator(z_dim=2, hidden=(8,), out_dim=1, out_activation=None)
    D = Discriminator(in_dim=1, hidden=(8,), dropout=0.0)
    opt_G, opt_D = torch.optim.Adam(G.parameters()), torch.optim.Adam(D.parameters())
    real, fake = torch.randn(16, 1) + 3, G(torch.randn(16, 2))
    g0, d0 = [p.clone() for p in G.parameters()], [p.clone() for p in D.parameters()]
    loss, d_x, d_g_z = train.d_step(D, opt_D, real, fake)
    assert loss.ndim == 0 and 0 < d_x.item() < 1 and 0 < d_g_z.item() < 1
    assert all(torch.equal(a, b) for a, b in zip(g0, G.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(d0, D.parameters()))
    d1 = [p.clone() for p in D.parameters()]
    train.g_step(D, opt_G, fake)
    assert all(torch.equal(a, b) for a, b in zip(d1, D.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(g0, G.parameters()))
    assert all(p.requires_grad for p in D.parameters())  # g_step 뒤에 판별자를 다시 풀어 둔다


def test_nan_loss_stops_with_korean_message():
    G, D = _gaussian_models()
    broken = lambda n: torch.full((n, 1), float("nan"))  # noqa: E731
    with pytest.raises(FloatingPointError, match="loss_D.*학습률"):
        train.train_gan(G, D, broken, epochs=3, steps_per_epoch=2, batch_size=8, device="cpu", progress=False)


def test_diverging_loss_stops_with_korean_message():
    """손실이 NaN이 아니어도 정상 범위를 한참 넘어 커지면(학습률 오타 0.1) 첫 에폭에서 멈추고 학습률을 낮추라고 한다."""
    from gan_utils.models import Discriminator, Generator, weights_init
    torch.manual_seed(0)
    data = torch.rand(256, 784) * 2 - 1
    G = Generator(z_dim=100, hidden=(256, 512, 1024), out_dim=784).apply(weights_init)  # 4강의 기준 구성
    D = Discriminator(in_dim=784, hidden=(1024, 512, 256), dropout=0.3).apply(weights_init)
    with pytest.raises(FloatingPointError, match="1번째 에폭.*발산.*학습률") as info:
        train.train_gan(G, D, data, epochs=2, batch_size=64, lr_g=0.1, lr_d=0.1, device="cpu", progress=False)
    assert "nan" not in str(info.value)
    # 같은 모델을 정상 학습률로 학습하면 멈추지 않는다
    G.apply(weights_init), D.apply(weights_init)
    history = train.train_gan(G, D, data, epochs=2, batch_size=64, device="cpu", progress=False)
    assert max(history["loss_D"] + history["loss_G"]) < train.DIVERGED_LOSS


def test_same_seed_same_history():
    runs = []
    for _ in range(2):
        G, D = _gaussian_models(seed=5)
        runs.append(train.train_gan(G, D, lambda n: data.sample_real_1d(n), epochs=2, steps_per_epoch=5,
                                    batch_size=32, seed=11, device="cpu", progress=False))
    assert len(runs[0]["loss_D"]) == 2
    assert runs[0]["loss_D"] == runs[1]["loss_D"] and runs[0]["loss_G"] == runs[1]["loss_G"]
    G, D = _gaussian_models(seed=5)  # 학습 시드만 바꾸면 달라진다 (같다는 비교가 헛돌지 않는지)
    other = train.train_gan(G, D, lambda n: data.sample_real_1d(n), epochs=2, steps_per_epoch=5, batch_size=32,
                            seed=12, device="cpu", progress=False)
    assert other["loss_D"] != runs[0]["loss_D"]


@pytest.mark.parametrize("kwargs,name", [
    (dict(epochs=0), "epochs"), (dict(batch_size=-1), "batch_size"), (dict(k=0), "k"),
    (dict(steps_per_epoch=None), "steps_per_epoch"),
])
def test_bad_training_arguments(kwargs, name):
    G, D = _gaussian_models()
    config = dict(epochs=1, batch_size=8, steps_per_epoch=2, device="cpu", progress=False)
    config.update(kwargs)
    with pytest.raises(ValueError, match=name):
        train.train_gan(G, D, lambda n: data.sample_real_1d(n), **config)


def test_ema_statistics_are_measured_only_when_someone_looks_and_end_the_same(mnist_small, monkeypatch):
    """EMA 생성자의 배치 정규화 통계는 지표·스냅샷·체크포인트가 없으면 마지막 에폭에만 다시 잰다. 학습은 그 통계를
    쓰지 않으므로, 에폭마다 다시 잰 학습(스냅샷이 있는)과 끝난 뒤의 G_ema가 비트 단위까지 같다."""
    x, _ = mnist_small
    calls = []
    monkeypatch.setattr(train, "recalibrate_batchnorm",
                        lambda G, seed: calls.append(seed) or recalibrate_batchnorm(G, seed=seed))
    ends = {}
    for snapshots in ((), (1,)):
        calls.clear()
        G, D = build_models("mnist-bn", seed=0)
        G_ema = copy.deepcopy(G)
        train.train_gan(G, D, x, epochs=3, steps_per_epoch=2, batch_size=64, ema_decay=0.9, G_ema=G_ema,
                        snapshot_epochs=snapshots, precision="fp32", device="cpu", progress=False)
        ends[snapshots] = (list(calls), G_ema.state_dict())
    assert ends[()][0] == [3] and ends[(1,)][0] == [1, 2, 3]  # 시드 0 + 에폭
    assert all(torch.equal(a, b) for a, b in zip(ends[()][1].values(), ends[(1,)][1].values()))
