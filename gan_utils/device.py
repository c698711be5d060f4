"""장치 고르기: 학습과 데이터가 올라갈 곳(CUDA GPU, Apple GPU, CPU)을 정하는 ``get_device`` 하나.

데이터(load_mnist), 학습(train_gan), 체크포인트(load_generator), 명령줄이 모두 이것을 쓴다.
어느 모듈도 불러오지 않는 맨 아래 모듈이라, 누가 가져다 써도 순환 import가 생기지 않는다.
"""
import torch

DEVICE_KINDS = ("cpu", "cuda", "mps")


def get_device(device="auto"):
    """'auto'면 CUDA → MPS → CPU 순서로 고른다. 'cuda'를 달라고 했는데 없으면 이유를 말한다."""
    if isinstance(device, torch.device):
        device = str(device)
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    kind = str(device).split(":")[0]
    if kind not in DEVICE_KINDS:
        raise ValueError(f"device는 'auto', 'cpu', 'cuda', 'mps' 중 하나여야 합니다 (받은 값: {device!r}).")
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda'를 요청했지만 이 컴퓨터에서 CUDA GPU를 찾지 못했습니다. "
                         "device='auto'나 'cpu'를 쓰세요.")
    if kind == "mps" and not _mps_available():
        raise ValueError("device='mps'를 요청했지만 Apple GPU(MPS)를 쓸 수 없습니다. device='auto'나 'cpu'를 쓰세요.")
    return torch.device(device)


def _mps_available():
    # 옛 PyTorch에는 torch.backends.mps 자체가 없다
    mps = getattr(torch.backends, "mps", None)
    return mps is not None and mps.is_available()
