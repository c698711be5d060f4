"""학습을 멈췄다가 이어서 하기: 중지 버튼(SIGINT)이 어느 순간에 와도 체크포인트가 남고, 이어서 학습한 결과가
끊기지 않은 학습과 비트 단위로 같은지 본다. 저장 도중 멈춰도 좋은 체크포인트가 망가지지 않는지도 본다.
"""
import copy
import signal
import time

import pytest
import torch

from gan_utils import checkpoint, models, train
from gan_utils.data import sample_real_1d


class InterruptingD(models.Discriminator):
    """forward가 정해진 횟수만큼 불리면 SIGINT를 스스로 보낸다: 학습 단계 한가운데에서 중지 버튼을 누른 것과 같다."""

    def __init__(self, *args, at=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.calls, self.at = 0, set(at)

    def forward(self, x):
        self.calls += 1
        if self.calls in self.at:
            signal.raise_signal(signal.SIGINT)
        return super().forward(x)


def image_models(seed=0, interrupt_at=()):
    torch.manual_seed(seed)
    G = models.Generator(z_dim=8, hidden=(32,), out_dim=784, batchnorm=True).apply(models.weights_init)
    D = InterruptingD(784, (32,), 0.3, at=interrupt_at).apply(models.weights_init)
    return G, D, copy.deepcopy(G)


@pytest.fixture(scope="module")
def images():
    return torch.rand(400, 784, generator=torch.Generator().manual_seed(1)) * 2 - 1


def settings(**extra):
    # 드롭아웃, 배치 정규화, EMA, k=2, 스냅샷, 지표까지: 이어서 학습할 때 놓치기 쉬운 상태를 모두 쓴다
    base = dict(epochs=3, batch_size=32, k=2, real_target=0.9, ema_decay=0.9, snapshot_epochs=(1, 3),
                n_snapshot=4, seed=3, device="cpu", progress=False,
                metrics={"mean": lambda g: train.generate(g, 50, seed=0).mean().item()})
    base.update(extra)
    return base


def assert_same_run(h1, h2, models1, models2):
    assert h1.keys() == h2.keys()
    for key in h1:
        if key == "seconds":
            continue
        if key == "snapshots":
            assert all(torch.equal(a, b) for a, b in zip(h1[key], h2[key])) and len(h1[key]) == len(h2[key])
        else:
            assert h1[key] == h2[key], key
    for m1, m2 in zip(models1, models2):
        for (name, a), b in zip(m1.state_dict().items(), m2.state_dict().values()):
            assert torch.equal(a, b), name


@pytest.fixture(scope="module")
def uninterrupted(images):
    G, D, G_ema = image_models()
    history = train.train_gan(G, D, images, G_ema=G_ema, **settings())
    return history, (G, D, G_ema)


# 판별자 forward 호출 번호 → (체크포인트의 끝난 에폭 수, 멈춘 에폭에서 마친 단계 수). 에폭당 12단계, k=2라서 짝수
# 단계마다 생성자 갱신이 판별자를 한 번 더 부른다: 5번째 호출 = 4단계의 판별자 갱신, 18번째 = 12단계의 생성자 갱신
@pytest.mark.parametrize("call,stopped_at", [(5, (0, 4)), (18, (0, 12)), (25, (1, 5))])
def test_stop_mid_epoch_then_resume_matches_uninterrupted(images, uninterrupted, tmp_path, call, stopped_at):
    ckpt = tmp_path / "checkpoint.pt"
    before = signal.getsignal(signal.SIGINT)  # 보통은 기본 처리기, 배경에서 띄운 CI라면 SIG_IGN일 수 있다
    G, D, G_ema = image_models(interrupt_at=[call])
    with pytest.raises(checkpoint.TrainingInterrupted) as info:
        train.train_gan(G, D, images, G_ema=G_ema, checkpoint_path=ckpt, **settings())
    stop = info.value
    assert stop.checkpoint == ckpt and ckpt.is_file()
    assert "resume=" in str(stop) and str(ckpt) in str(stop)
    assert signal.getsignal(signal.SIGINT) is before  # 원래 처리기로 돌려놓았다
    # 모델은 멈춘 그 상태 그대로 남아 있고, 체크포인트와 같다
    saved = torch.load(ckpt, weights_only=True)
    assert all(torch.equal(a, b) for a, b in zip(G.state_dict().values(), saved["G"].values()))
    assert (saved["epoch"], saved["partial"]["step"]) == stopped_at  # 신호가 온 그 단계를 마치고 바로 멈췄다
    assert stop.history["epoch"] == list(range(1, saved["epoch"] + 1))

    G2, D2, G_ema2 = image_models(seed=99)  # 처음 값은 달라도 된다: 전부 체크포인트에서 온다
    history = train.train_gan(G2, D2, images, G_ema=G_ema2, checkpoint_path=ckpt, resume=ckpt, **settings())
    assert_same_run(history, uninterrupted[0], (G2, D2, G_ema2), uninterrupted[1])


def test_stop_during_epoch_end_metrics_then_resume(images, uninterrupted, tmp_path):
    ckpt = tmp_path / "checkpoint.pt"
    G, D, G_ema = image_models()
    calls = []

    def metric_that_is_interrupted(g):  # 에폭 끝의 지표 계산 중에 중지 버튼
        calls.append(1)
        if len(calls) == 2:
            signal.raise_signal(signal.SIGINT)
        return train.generate(g, 50, seed=0).mean().item()
    with pytest.raises(checkpoint.TrainingInterrupted):
        train.train_gan(G, D, images, G_ema=G_ema, checkpoint_path=ckpt,
                        **settings(metrics={"mean": metric_that_is_interrupted}))
    assert torch.load(ckpt, weights_only=True)["epoch"] == 2  # 2에폭의 기록까지 다 쓴 뒤에 멈췄다
    G2, D2, G_ema2 = image_models()
    history = train.train_gan(G2, D2, images, G_ema=G_ema2, checkpoint_path=ckpt, resume=ckpt, **settings())
    assert_same_run(history, uninterrupted[0], (G2, D2, G_ema2), uninterrupted[1])


def test_stop_without_checkpoint_path_writes_a_new_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = dict(epochs=2, steps_per_epoch=20, batch_size=16, seed=0, device="cpu", progress=False)

    def make():
        torch.manual_seed(0)
        return (models.Generator(z_dim=4, hidden=(16,), out_dim=1, out_activation=None),
                InterruptingD(1, (16,), 0.0, at=[30]))
    G, D = make()
    with pytest.raises(checkpoint.TrainingInterrupted) as info:
        train.train_gan(G, D, lambda n: sample_real_1d(n), **config)
    path = info.value.checkpoint
    assert path.parent.name == "runs" and path.name.startswith("interrupted-") and (tmp_path / path).is_file()
    G2, D2 = make()
    D2.at = set()
    resumed = train.train_gan(G2, D2, lambda n: sample_real_1d(n), resume=path, **config)
    G3, D3 = make()
    D3.at = set()
    straight = train.train_gan(G3, D3, lambda n: sample_real_1d(n), **config)
    assert resumed["loss_D"] == straight["loss_D"] and resumed["D_G_z"] == straight["D_G_z"]
    assert all(torch.equal(a, b) for a, b in zip(G2.state_dict().values(), G3.state_dict().values()))


def test_second_stop_quits_at_once(images, tmp_path):
    before = signal.getsignal(signal.SIGINT)
    G, D, G_ema = image_models(interrupt_at=[2, 3])  # 같은 단계(판별자 갱신, 생성자 갱신) 안에서 두 번 누름
    with pytest.raises(KeyboardInterrupt) as info:
        train.train_gan(G, D, images, G_ema=G_ema, checkpoint_path=tmp_path / "c.pt", **settings())
    assert not isinstance(info.value, checkpoint.TrainingInterrupted)
    assert not (tmp_path / "c.pt").exists()
    assert signal.getsignal(signal.SIGINT) is before


def test_interrupted_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.pt"
    checkpoint.save_atomic({"format": 1, "value": torch.arange(3)}, path)
    good = path.read_bytes()

    def save_half_then_stop(obj, f):  # 저장하는 도중에 Ctrl+C
        with open(f, "wb") as out:
            out.write(b"PK\x03\x04 half written")
        raise KeyboardInterrupt
    monkeypatch.setattr(checkpoint.torch, "save", save_half_then_stop)
    with pytest.raises(KeyboardInterrupt):
        checkpoint.save_atomic({"format": 1, "value": torch.arange(5)}, path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.pt"]  # 반쯤 쓴 임시 파일도 남지 않는다


def test_same_seed_gives_identical_history_and_samples(images):
    runs = []
    for _ in range(2):
        G, D, G_ema = image_models()
        history = train.train_gan(G, D, images, G_ema=G_ema, **settings(epochs=2))
        runs.append((history, train.generate(G_ema, 16, seed=5)))
    (h1, x1), (h2, x2) = runs
    assert {k: v for k, v in h1.items() if k not in ("seconds", "snapshots")} == \
           {k: v for k, v in h2.items() if k not in ("seconds", "snapshots")}
    assert torch.equal(x1, x2)
    G, D, G_ema = image_models()  # 시드를 바꾸면 달라진다 (비교가 헛돌지 않는지)
    other = train.train_gan(G, D, images, G_ema=G_ema, **settings(epochs=2, seed=4))
    assert other["loss_D"] != h1["loss_D"]


JUPYTER_SETUP = """
import signal, time, torch
from gan_utils import models, train
from gan_utils.data import sample_real_1d
torch.set_num_threads(1)
STOP_AT = 450  # 표본 함수의 450번째 호출 = 2번째 에폭(에폭당 300단계)의 150번째 단계
calls = []
def make():
    torch.manual_seed(0)
    return (models.Generator(z_dim=4, hidden=(16,), out_dim=1, out_activation=None),
            models.Discriminator(1, (16,), 0.0))
def sampler(n):
    calls.append(1)
    if len(calls) == STOP_AT:
        # 테스트에게 중지 버튼을 누르라고 알리고, 그 신호가 학습 루프의 처리기에 닿을 때까지 이 단계 안에서 기다린다:
        # 몇 번째 단계에서 멈추는지가 시간(단계가 얼마나 빠른지)이 아니라 STOP_AT으로 정해진다
        kit_handler, delivered = signal.getsignal(signal.SIGINT), []
        def spy(signum, frame):
            delivered.append(signum)
            kit_handler(signum, frame)
        signal.signal(signal.SIGINT, spy)
        print("press stop", flush=True)
        deadline = time.time() + 60
        while not delivered and time.time() < deadline:
            time.sleep(0.01)
        signal.signal(signal.SIGINT, kit_handler)
        assert delivered, "중지 신호가 오지 않았습니다"
    return sample_real_1d(n)
config = dict(epochs=4, steps_per_epoch=300, batch_size=32, seed=0, device="cpu", progress=False)
"""


def test_jupyter_stop_button_saves_and_resume_matches(tmp_path):
    """진짜 커널에 '중지'(interrupt_kernel = SIGINT)를 보낸다. 노트북의 ■ 버튼이 하는 일과 같다."""
    jupyter_client = pytest.importorskip("jupyter_client")
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3", cwd=str(tmp_path))
    try:
        def run(code, interrupt=False, timeout=120):
            msg_id = kc.execute(code)
            outputs, error, deadline = [], None, time.time() + timeout
            while time.time() < deadline:
                msg = kc.get_iopub_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    outputs.append(content["text"])
                    if interrupt and "press stop" in content["text"]:
                        km.interrupt_kernel()
                elif kind == "error":
                    error = content
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(outputs), error
            raise TimeoutError(code)

        assert run(JUPYTER_SETUP)[1] is None
        out, error = run("G, D = make()\nh = train.train_gan(G, D, sampler, checkpoint_path='ckpt.pt', **config)",
                         interrupt=True)
        assert error is not None and error["ename"] == "TrainingInterrupted", (out, error)
        assert "2번째 에폭의 300단계 중 150단계까지" in error["evalue"] and "resume=" in error["evalue"], error
        saved = torch.load(tmp_path / "ckpt.pt", weights_only=True)
        assert saved["epoch"] == 1 and saved["partial"]["step"] == 150
        out, error = run("STOP_AT = None\nG2, D2 = make()\n"
                         "h2 = train.train_gan(G2, D2, sampler, checkpoint_path='ckpt.pt', resume='ckpt.pt', **config)\n"
                         "G3, D3 = make()\nh3 = train.train_gan(G3, D3, sampler, **config)\n"
                         "same = h2['loss_D'] == h3['loss_D'] and all(torch.equal(a, b) for a, b in "
                         "zip(G2.state_dict().values(), G3.state_dict().values()))\n"
                         "print('same', same, len(h2['loss_D']))", timeout=180)
        assert error is None, error
        assert "same True 4" in out, out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
