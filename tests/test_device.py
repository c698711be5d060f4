"""장치 고르기(get_device): 'auto'는 CUDA → MPS → CPU 순서로 고르고, 없는 장치를 달라고 하면 이유를 말한다.

이 컴퓨터에 GPU가 있든 없든 같은 검사를 하도록, torch가 보고하는 GPU 유무를 흉내 낸다.
"""
import pytest
import torch

from gan_utils.device import get_device


@pytest.fixture
def pretend(monkeypatch):
    """pretend(cuda=..., mps=...): 이 컴퓨터에 NVIDIA GPU(CUDA), Apple GPU(MPS)가 있는 것처럼 (또는 없는 것처럼)."""
    def set_machine(cuda, mps):
        monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    return set_machine


@pytest.mark.parametrize("cuda,mps,expected", [
    (True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu"),
])
def test_auto_prefers_cuda_then_mps_then_cpu(pretend, cuda, mps, expected):
    pretend(cuda=cuda, mps=mps)
    assert get_device("auto") == torch.device(expected)
    assert get_device() == torch.device(expected)  # 기본값이 auto


def test_requested_device_is_used_as_given(pretend):
    pretend(cuda=True, mps=True)
    assert get_device("cpu") == torch.device("cpu")  # GPU가 있어도 cpu를 달라면 cpu
    assert get_device("cuda:1") == torch.device("cuda:1")
    assert get_device(torch.device("mps")) == torch.device("mps")


@pytest.mark.parametrize("requested", ["cuda", "cuda:0", "mps"])
def test_missing_gpu_is_explained(pretend, requested):
    pretend(cuda=False, mps=False)
    kind = requested.split(":")[0]
    with pytest.raises(ValueError, match=f"device='{kind}'.*'auto'"):
        get_device(requested)


def test_unknown_device_is_named():
    with pytest.raises(ValueError, match="device.*'tpu'"):
        get_device("tpu")
