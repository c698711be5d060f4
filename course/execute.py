"""반 전체 채점에서 nbgrader의 실행 단계(Execute) 대신 쓰는 KitExecute: 죽은 커널에서 이어 가고, 노트북 전체에 시간 제한.

이 모듈은 채점 프로세스(``nbgrader autograde``) 안에서 불린다: ``course.sandbox``가 과정 폴더마다 쓰는
nbgrader_config.py가 이것을 불러 nbgrader의 Execute와 바꾼다. 그래서 nbgrader와 nbclient 밖의 것은 부르지 않는다.
채점 칸에 적는 오류의 이름(아래 상수)은 ``course.marks``가 문제마다 결과를 정할 때 읽는다.
"""
import copy
import math
from time import monotonic

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbgrader.preprocessors import Execute
from traitlets import Integer

# KitExecute가 칸에 적는 오류의 이름: 노트북 제한 시간이 다 되어 실행하지 않은 칸, 죽은 커널을 되살리지 못해 멈춘 칸
NOTEBOOK_TIMEOUT, GRADING_STOPPED = "NotebookTimeout", "GradingStopped"
TIMEOUT_ERRORS = {"CellTimeoutError", NOTEBOOK_TIMEOUT}  # 칸 제한 시간 (nbgrader), 노트북 제한 시간 (KitExecute)


def error_output(ename, evalue):
    """노트북 칸의 오류 출력 하나 (nbgrader는 오류 출력이 있는 채점 칸을 0점으로 매긴다)."""
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def error_names(cell):
    """칸의 오류 출력들의 이름 (예: ["DeadKernelError"])."""
    return [out.ename for out in cell.get("outputs", []) if out.output_type == "error"]


class KitExecute(Execute):
    """nbgrader의 Execute(칸마다 시간 제한, 오류가 나도 다음 칸으로)에 두 가지를 더한다.

    - 노트북 전체의 시간 제한: 남은 시간이 칸의 제한보다 짧으면 칸의 제한을 줄이고, 다 쓰면 나머지 칸은 실행하지 않고
      NotebookTimeout 오류를 적는다. nbgrader가 채점을 끝내고 결과를 쓰므로 그 앞의 문제는 그대로 채점된다.
    - 죽거나 멈춘 커널에서 이어 가기: nbgrader는 커널이 죽으면 그 노트북의 채점 결과를 통째로 버린다. 여기서는 그 칸에
      오류를 적고, 새 커널에서 앞서 문제없이 돈 칸을 다시 실행해 상태를 되살린 뒤 다음 칸으로 간다.
    그래서 무한 루프나 커널을 죽이는 답은 그 문제 하나만 잃는다.
    """

    notebook_timeout = Integer(0, help="노트북 하나의 시간 제한(초). 0이면 없음.").tag(config=True)
    probe_timeout = Integer(10, help="인터럽트 뒤 커널이 다시 응답하기를 기다리는 시간(초).").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        NotebookClient.__init__(self, nb, km)  # nbconvert의 ExecutePreprocessor.preprocess와 같게
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self.deadline = monotonic() + self.notebook_timeout if self.notebook_timeout else math.inf
        self.timeout_func = self.cell_timeout
        self.healthy = []  # 문제없이 끝난 칸: 커널을 새로 띄우면 이 칸들을 다시 실행해 상태를 되살린다
        try:
            self.start_kernel()
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                if monotonic() >= self.deadline:
                    cell.outputs = [error_output(NOTEBOOK_TIMEOUT, "노트북 전체의 제한 시간이 다 되어 실행하지 않았습니다.")]
                elif self.kc is None:
                    cell.outputs = [error_output(GRADING_STOPPED, "앞에서 죽은 커널을 다시 살리지 못해 실행하지 않았습니다.")]
                elif self.run_cell(cell, index):
                    self.healthy.append(index)
        finally:
            if self.km is not None:
                self._cleanup_kernel()
        self.set_widgets_metadata()
        return self.nb, self.resources

    def cell_timeout(self, cell):
        """칸 하나의 제한 시간: 칸의 제한과 노트북에 남은 시간 중 짧은 것 (nbclient의 timeout_func)."""
        return max(1, math.ceil(min(self.timeout or math.inf, self.deadline - monotonic())))

    def start_kernel(self):
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()

    def run_cell(self, cell, index):
        """칸 하나를 실행하고 문제없이 끝났는지 돌려준다. 커널이 죽었거나 인터럽트에도 멈추지 않으면 새 커널로 바꾼다."""
        try:
            self.execute_cell(cell, index, store_history=True)
        except DeadKernelError:
            cell.outputs.append(error_output("DeadKernelError", "커널이 죽었습니다 (파이썬 프로세스가 끝남)."))
            self.fresh_kernel()
            return False
        except CellTimeoutError:  # 인터럽트한 뒤에도 커널이 출력을 끝내지 않았다 (KeyboardInterrupt를 잡는 반복 등)
            cell.outputs.append(error_output("CellTimeoutError", "칸의 제한 시간을 넘었고 인터럽트에도 멈추지 않았습니다."))
            self.fresh_kernel()
            return False
        if TIMEOUT_ERRORS & set(error_names(cell)):
            if not self.responsive():
                self.fresh_kernel()
            return False
        return True

    async def async_responsive(self):
        """인터럽트한 커널이 다시 명령을 받는가: 빈 칸을 보내 probe_timeout 안에 답이 오는지 본다."""
        msg_id = await ensure_async(self.kc.execute("", store_history=False))
        end = monotonic() + self.probe_timeout
        while monotonic() < end:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=max(0.1, end - monotonic())))
            except Exception:  # 답이 없음(queue.Empty)이나 끊긴 채널: 어느 쪽이든 이 커널은 더 쓰지 않는다
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    responsive = run_sync(async_responsive)

    def fresh_kernel(self):
        """커널을 새로 띄우고 앞서 문제없이 돈 칸을 다시 실행한다 (출력은 처음 것을 그대로 둔다). 안 되면 self.kc = None."""
        self.log.warning("커널을 새로 띄우고 앞의 칸 %d개를 다시 실행합니다", len(self.healthy))
        self.stop_kernel()
        try:
            self.start_kernel()
            for index in self.healthy:
                if monotonic() >= self.deadline:
                    raise TimeoutError("노트북 제한 시간")
                # 사본을 실행하고 원래 칸을 되돌린다 (nbclient는 실행한 칸을 nb.cells[index]에 넣는다): 처음 출력이 채점 결과다
                original, replay = self.nb.cells[index], copy.deepcopy(self.nb.cells[index])
                self.execute_cell(replay, index, store_history=False)
                self.nb.cells[index] = original
                if TIMEOUT_ERRORS & set(error_names(replay)):
                    raise TimeoutError("다시 실행한 칸의 제한 시간")
        except Exception as err:  # 무엇이 잘못되었든 남은 칸은 GradingStopped로 표시되고 기록에 까닭이 남는다
            self.log.error("커널을 되살리지 못했습니다: %r", err)
            self.stop_kernel()

    def stop_kernel(self):
        """지금 커널을 정리한다. 이미 죽은 커널이면 정리할 것이 없어 실패해도 되므로 기록만 남긴다."""
        if self.km is not None:
            try:
                self._cleanup_kernel()
            except Exception as err:
                self.log.debug("커널 정리: %r", err)
        self.km = self.kc = None
