"""체크포인트: 학습 상태를 파일로 저장하고 되살리기, 생성자만 꺼내기, 학습 중의 중지 버튼(Ctrl+C).

학습 루프(train.train_gan)는 체크포인트에 관한 일을 모두 ``TrainingRun`` 하나에 맡긴다: 이어서 학습할
상태를 되살리고, 에폭이 끝날 때마다 저장하고, 중지 버튼이 눌리면 지금 단계까지를 저장하고 멈춘다.
파일 형식(CHECKPOINT_FORMAT)은 이 모듈만 안다. 형식 1: 학습 체크포인트는 두 모델·옵티마이저·난수 상태·기록을,
``export_generator``로 만든 생성자 파일은 float16 생성자 가중치와 기록만 담는다.
"""
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import torch

from .device import get_device
from .models import build_generator, recalibrate_batchnorm

CHECKPOINT_FORMAT = 1
# 에폭 중간에 멈춘 체크포인트의 partial["sums"]는 이 순서의 길이 4 벡터다 (형식 1: 옛 키트의 파일도 같은 순서)
RUNNING_SUMS = ("loss_D", "loss_G", "D_x", "D_G_z")


class TrainingInterrupted(KeyboardInterrupt):
    """학습을 중지(■ 버튼, Ctrl+C)해서 체크포인트를 저장하고 멈췄다는 알림.

    ``.history``: 다 끝난 에폭까지의 기록, ``.checkpoint``: 이어서 학습할 파일. KeyboardInterrupt의 한
    종류라서 '모두 실행(Run All)'의 나머지 셀도 함께 멈춘다 (학습 없이 다음 셀이 돌지 않도록).
    """

    def __init__(self, epoch, step, steps, history, checkpoint):
        self.history, self.checkpoint = history, Path(checkpoint)
        super().__init__(
            f"학습을 멈췄습니다: {epoch}번째 에폭의 {steps}단계 중 {step}단계까지 마쳤습니다. 모델(G, D)은 지금 상태 "
            f"그대로이고, 이어서 학습할 체크포인트를 저장했습니다: {self.checkpoint}\n"
            f"이어서 하려면 같은 설정으로 train_gan(..., resume=\"{self.checkpoint}\")을 부르세요 "
            "(명령줄에서는 --resume). 끊기지 않고 학습한 것과 같은 결과가 나옵니다. "
            f"지금까지의 기록은 load_history(\"{self.checkpoint}\")로 읽을 수 있습니다.")


class TrainingRun:
    """train_gan이 체크포인트 일을 맡기는 물건: 되살리기(restore), 에폭 끝 저장(end_epoch), 중지 버튼.

    ``with run:`` 안에서는 Ctrl+C(SIGINT, Jupyter의 중지 버튼)가 '다음 단계 경계에서 멈춰 달라'는 요청이 된다.
    한 단계의 한가운데(판별자는 갱신했고 생성자는 아직)에서 멈추면 이어서 학습한 결과가 끊기지 않은 학습과
    달라지므로, 신호가 오면 ``stop_requested``만 켜 두고 루프가 단계 사이에서 그것을 본다. 두 번 누르면 바로
    멈춘다. 신호 처리기는 주 스레드에서만 바꿀 수 있으므로, 다른 스레드에서는 처리기를 바꾸지 않는다.
    """

    def __init__(self, path, G, D, opt_G, opt_D, G_ema, meta, history, fixed_z):
        self.path, self.meta = path, meta
        self.G, self.D, self.opt_G, self.opt_D, self.G_ema = G, D, opt_G, opt_D, G_ema
        self.history, self.fixed_z = history, fixed_z
        self.epoch, self.partial = 0, None  # 다 끝난 에폭 수, 멈췄던 에폭의 중간 상태
        self.stop_requested, self._previous_handler = False, None

    def restore(self, resume, epochs):
        """체크포인트 resume에서 모델·옵티마이저·난수 상태, 기록, 고정 z, 멈췄던 에폭의 자리를 되살린다."""
        state = _read_checkpoint(resume)
        saved = state["meta"]
        for key in ("dataset", "seed"):
            if key in saved and key in self.meta and saved[key] != self.meta[key]:
                raise ValueError(f"resume: 체크포인트 {resume}는 {key}={saved[key]!r}로 학습했는데 지금은 "
                                 f"{key}={self.meta[key]!r}입니다. 같은 {key}로 이어서 학습하거나 resume 없이 새로 "
                                 "시작하세요.")
        self.epoch, self.history, self.fixed_z = _restore(state, resume, self.G, self.D, self.opt_G, self.opt_D,
                                                          self.G_ema)
        self.partial = state.get("partial")
        if self.partial is None and self.epoch >= epochs:
            raise ValueError(f"epochs: 체크포인트가 이미 {self.epoch}에폭까지 학습되어 있습니다 (받은 값: "
                             f"epochs={epochs}). 더 학습하려면 epochs를 {self.epoch}보다 크게 주세요.")

    def steps_done(self, steps):
        """되살린 지점까지 마친 학습 단계 수 (진행 막대의 시작점)."""
        return self.epoch * steps + (self.partial["step"] if self.partial else 0)

    def take_partial(self, device):
        """멈췄던 에폭의 자리를 한 번만 꺼낸다: (시작 단계, 데이터 순서, 생성자 갱신 수, 이름별 합계, 걸린 초).

        멈췄던 에폭이 아니면 None. 합계는 저장할 때와 같은 float32 값이라 이어서 더해도 비트 단위로 같다.
        """
        partial, self.partial = self.partial, None
        if partial is None:
            return None
        sums = dict(zip(RUNNING_SUMS, partial["sums"].to(device).unbind()))
        return partial["step"], partial["order"], partial["n_g"], sums, partial["seconds"]

    def end_epoch(self, epoch):
        """에폭 하나를 마쳤다: 경로가 있으면 이어서 학습할 체크포인트를 저장한다."""
        if self.path is not None:
            self._save(self.path, epoch)

    def save_partial_and_stop(self, epoch, step, steps, order, n_g, sums, seconds):
        """epoch번째 에폭의 step단계까지 마친 상태를 저장하고 TrainingInterrupted를 낸다.

        경로를 주지 않았으면 runs/interrupted-<시각>.pt에 저장한다 (멈춘 학습을 잃지 않도록).
        """
        path = self.path or Path("runs") / f"interrupted-{time.strftime('%Y%m%d-%H%M%S')}.pt"
        partial = {"step": step, "order": order, "n_g": n_g,
                   "sums": torch.stack([sums[name] for name in RUNNING_SUMS]).cpu(), "seconds": seconds}
        self._save(path, epoch - 1, partial)
        raise TrainingInterrupted(epoch, step, steps, self.history, path)

    def _save(self, path, epoch, partial=None):
        save_checkpoint(path, self.G, self.D, self.opt_G, self.opt_D, epoch, self.history, self.fixed_z, self.meta,
                        self.G_ema, partial)

    def __enter__(self):
        self.stop_requested, self._installed = False, False
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGINT, self._handle_sigint)
            self._installed = True
        return self

    def _handle_sigint(self, signum, frame):
        if self.stop_requested:
            raise KeyboardInterrupt("중지를 두 번 눌러 체크포인트 없이 바로 멈췄습니다.")
        self.stop_requested = True

    def __exit__(self, *exc_info):
        if self._installed:
            previous = self._previous_handler
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        return False


def check_not_overwriting(checkpoint_path, resume, overwrite):
    """이미 있는 체크포인트를 모르고 덮어쓰지 않는다. 같은 파일에서 이어서 학습하는 것은 같은 학습이므로 괜찮다."""
    path = Path(checkpoint_path)
    continuing = resume is not None and Path(resume).resolve() == path.resolve()
    if path.exists() and not (overwrite or continuing):
        raise FileExistsError(f"checkpoint_path: {path}에 이미 이전 학습의 체크포인트가 있어 덮어쓰지 않고 멈춥니다. "
                              f"다른 경로를 주거나, 이어서 학습하려면 resume=\"{path}\", 덮어쓰려면 overwrite=True를 주세요.")


# ---------------------------------------------------------------- 저장
def save_atomic(obj, path):
    """torch.save를 임시 파일에 한 뒤 이름을 바꾼다: 저장 도중 멈춰도 반쯤 쓴 파일이 좋은 파일을 덮지 않는다."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        torch.save(obj, tmp)
        os.replace(tmp, path)  # 같은 폴더 안의 이름 바꾸기는 한 번에 일어난다 (중간 상태가 없다)
    except BaseException:  # Ctrl+C도: 반쯤 쓴 임시 파일을 남기지 않는다
        tmp.unlink(missing_ok=True)
        raise
    return path


def save_checkpoint(path, G, D, opt_G, opt_D, epoch, history, fixed_z, meta=None, G_ema=None, partial=None):
    """이어서 학습할 수 있는 체크포인트를 저장한다 (save_atomic으로).

    형식 번호(format)와 두 모델의 구성(G_config, D_config)을 함께 적어, 다른 구조나 다른 버전의 키트로
    불러올 때 무엇이 다른지 말해 줄 수 있게 한다. partial은 에폭 한가운데에서 멈췄을 때의 중간 상태다.
    """
    state = {
        "format": CHECKPOINT_FORMAT,
        "epoch": epoch,
        "G_config": G.config, "D_config": D.config,
        "G": G.state_dict(), "D": D.state_dict(),
        "opt_G": opt_G.state_dict(), "opt_D": opt_D.state_dict(),
        "history": history, "fixed_z": fixed_z.cpu(), "meta": dict(meta or {}),
        "rng_cpu": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }
    if G_ema is not None:
        state["G_ema"] = G_ema.state_dict()
    if partial is not None:
        state["partial"] = partial
    save_atomic(state, path)


def export_generator(checkpoint, out, ema=True):
    """학습 체크포인트에서 생성자 가중치만 float16으로 꺼내 작은 파일로 저장한다 (저장소에 넣을 사전 학습 모델)."""
    state = _read_checkpoint(checkpoint)
    if "D" not in state:
        raise ValueError(f"{checkpoint}는 이미 생성자만 담은 파일입니다. 학습 체크포인트(checkpoint.pt)를 주세요.")
    use_ema = ema and "G_ema" in state
    G = build_generator(state["G_config"])
    G.load_state_dict(state["G_ema"] if use_ema else state["G"])
    if use_ema:  # 학습 루프의 마지막 재보정과 같은 시드: 이미 재보정된 체크포인트라면 값이 그대로다
        recalibrate_batchnorm(G, seed=state["meta"].get("seed", 0) + state["epoch"])
    weights = G.state_dict()
    small = {"format": CHECKPOINT_FORMAT, "epoch": state["epoch"], "G_config": state["G_config"],
             "G": {k: v.half() if v.is_floating_point() else v for k, v in weights.items()},
             "meta": {**state["meta"], "ema": use_ema},
             # 스냅샷은 0~255 정수로 줄여 담는다 (그림을 보여 주기에는 충분하고 크기는 1/4)
             "history": {**state["history"], "snapshots": [((x.float() + 1) * 127.5).round().to(torch.uint8)
                                                            for x in state["history"]["snapshots"]]}}
    return save_atomic(small, out)


# ---------------------------------------------------------------- 불러오기
def load_checkpoint(path, G, D, opt_G=None, opt_D=None, G_ema=None):
    """체크포인트를 G, D (그리고 주면 옵티마이저, G_ema)에 불러오고 (epoch, history, fixed_z)를 돌려준다."""
    return _restore(_read_checkpoint(path), path, G, D, opt_G, opt_D, G_ema)


def load_generator(path, device="cpu", ema=True):
    """체크포인트에 적힌 구성으로 생성자를 새로 만들고 가중치를 불러온다 (판별자 없이 그림만 만들 때).

    학습 체크포인트와 ``export_generator``로 만든 생성자 파일 모두 읽는다. ema=True이면 EMA 가중치가
    있을 때 그것을 쓴다.
    """
    state = _read_checkpoint(path)
    G = build_generator(state["G_config"])
    weights = state["G_ema"] if ema and "G_ema" in state else state["G"]
    G.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in weights.items()})
    return G.to(get_device(device)).eval()


def read_checkpoint_meta(path):
    """체크포인트에 적힌 정보(meta: 데이터 이름, 설정 이름, 시드 ...)만 읽는다."""
    return dict(_read_checkpoint(path)["meta"])


def load_history(path):
    """체크포인트나 생성자 파일에 담긴 학습 기록(history)을 읽는다. 스냅샷은 [-1, 1] float로 돌려 놓는다."""
    history = dict(_read_checkpoint(path)["history"])
    history["snapshots"] = [x.float() / 127.5 - 1 if x.dtype == torch.uint8 else x
                            for x in history.get("snapshots", [])]
    return history


def _restore(state, path, G, D, opt_G, opt_D, G_ema):
    if "D" not in state:
        raise ValueError(f"{path}는 생성자만 담은 파일이라 학습을 이어 갈 수 없습니다. load_generator로 불러오세요.")
    for name, model in (("G", G), ("D", D)):
        saved, now = _as_config(state[f"{name}_config"]), _as_config(getattr(model, "config", {}))
        if saved != now:
            diff = ", ".join(f"{key}: 체크포인트 {saved.get(key)!r} / 지금 {now.get(key)!r}"
                             for key in sorted(set(saved) | set(now)) if saved.get(key) != now.get(key))
            raise ValueError(f"체크포인트 {path}의 {name} 구조가 지금 모델과 다릅니다 ({diff}). "
                             "체크포인트를 만들 때와 같은 설정으로 모델을 만든 뒤 불러오세요.")
        model.load_state_dict(state[name])
    if G_ema is not None:
        G_ema.load_state_dict(state.get("G_ema", state["G"]))
    if opt_G is not None:
        opt_G.load_state_dict(state["opt_G"])
        opt_D.load_state_dict(state["opt_D"])
        torch.set_rng_state(state["rng_cpu"])
        if state["rng_cuda"] and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(state["rng_cuda"])
    return state["epoch"], state["history"], state["fixed_z"]


def _read_checkpoint(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"체크포인트 파일이 없습니다: {path}. 경로를 확인하세요.")
    try:
        # weights_only=True: 텐서와 기본 자료형만 읽는다. 내려받은 파일에 숨은 임의의 파이썬 코드를 실행하지 않는다.
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "GLOBAL" in str(exc):  # weights_only가 허용하지 않은 파이썬 객체(실행될 수 있는 코드)를 만나 멈춤
            raise ValueError(f"{path}에는 텐서와 기본 자료형 말고 다른 파이썬 객체가 들어 있어 안전하게 읽을 수 "
                             "없습니다 (weights_only=True가 막음). 이 키트가 저장한 체크포인트만 불러오세요.") from exc
        raise _damaged_checkpoint(path, exc) from exc
    except Exception as exc:  # 잘리거나 망가진 파일은 내용에 따라 여러 종류의 예외로 나타난다
        raise _damaged_checkpoint(path, exc) from exc
    fmt = state.get("format") if isinstance(state, dict) else None
    if isinstance(fmt, int) and fmt > CHECKPOINT_FORMAT:
        raise ValueError(f"{path}는 더 새 버전의 키트가 저장한 체크포인트입니다 (형식 {fmt}, 이 키트는 "
                         f"{CHECKPOINT_FORMAT}까지 읽음). 키트를 새 버전으로 바꾸세요.")
    if fmt != CHECKPOINT_FORMAT:
        raise ValueError(f"이 키트의 체크포인트(형식 {CHECKPOINT_FORMAT})가 아닙니다: {path}. train_gan이나 "
                         "'python -m gan_utils export'로 만든 파일인지 확인하세요.")
    return state


def _damaged_checkpoint(path, exc):
    return ValueError(f"체크포인트로 읽을 수 없는 파일입니다: {path} ({type(exc).__name__}). 잘렸거나 손상되었거나 "
                      "다른 종류의 파일입니다. 저장이 끝나기 전에 복사했거나 받다가 끊긴 파일이면 다시 만들거나 받으세요.")


def _as_config(config):
    # 저장·불러오기를 거치면 튜플이 리스트가 되므로 비교 전에 맞춘다.
    return {key: list(v) if isinstance(v, (tuple, list)) else v for key, v in config.items()}
