"""노트북을 실행하는 테스트가 커널 응답을 놓치고 멈추지 않게 하는 작은 고침 (papermill·nbclient 쪽).

pyzmq의 asyncio poll이 이미 도착한 커널 응답을 놓치고, 셀 제한 시간(예: 600초)이 끝날 때까지 기다렸다가
아무 일 없었던 듯 이어 가는 일이 있다 (2강의 minimax_sliders 칸에서 보았다: 칸은 0.1초에 끝났는데 600초 대기).
응답 기다리기를 1초씩 나눠 다시 보면 놓친 응답을 1초 안에 찾고, 제한 시간의 뜻은 그대로다.
무거운 모듈을 가져오지 않으므로 tests/test_install.py가 새 가상환경의 파이썬에서도 그대로 쓴다.
"""
import time
from queue import Empty


def wait_for_replies_in_slices(slice_seconds=1.0):
    """jupyter_client의 AsyncZMQSocketChannel.get_msg를 slice_seconds씩 나눠 기다리는 것으로 바꾼다 (여러 번 불러도 한 번)."""
    from jupyter_client.channels import AsyncZMQSocketChannel
    get_msg = AsyncZMQSocketChannel.get_msg
    if getattr(get_msg, "sliced", False):
        return

    async def sliced_get_msg(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = slice_seconds if deadline is None else max(0.0, min(slice_seconds, deadline - time.monotonic()))
            try:
                return await get_msg(self, step)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    sliced_get_msg.sliced = True
    AsyncZMQSocketChannel.get_msg = sliced_get_msg
