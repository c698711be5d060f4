"""모든 강의 노트북을 papermill과 nbval로 실행한다.

각 노트북은 (1) `parameters` 태그가 붙은 셀과 (2) 메타데이터 ``gan_kit.ci_parameters``를 가진다.
CI용 매개변수는 노트북 자신이 정하므로 실행 방법은 강의마다 고칠 필요가 없다. 다만 강의 목록은 LESSON_NAMES에
적어 두었으므로 강의를 늘리거나 이름을 바꾸면 LESSON_NAMES를 고친다 (빠진 강의나 남은 사본을 test_lessons_are_present가 잡도록).
- papermill: CI 매개변수를 넣어 처음부터 끝까지 실행하고, 결과를 build/notebooks/에 쓴다.
- nbval: 방금 papermill이 실행한 출력에 nbval의 비교(--nbval-lax)를 한다. `# NBVAL_CHECK_OUTPUT`으로 표시한
  셀만 저장된 출력과 비교한다. nbval이 노트북을 한 번 더 실행하게 하지 않는다: 같은 매개변수로 같은 노트북을
  두 번 돌리는 것이라 CI만 2분 넘게 길어졌다.
"""
import copy
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from conftest import parse_figures
from course.slides import ci_parameters

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# 강의 노트북은 이 일곱 개다 (3강과 4강 사이에 3.5강 2차원 놀이터) (강의를 늘리거나 이름을 바꾸면 여기도 고친다)
LESSON_NAMES = ["00_환경_점검.ipynb", "01_위조지폐범과_경찰.ipynb", "02_미니맥스_손실.ipynb",
                "03_1차원_가우시안_GAN.ipynb", "03b_2차원_GAN_놀이터.ipynb", "04_MNIST_GAN.ipynb",
                "05_조건부_GAN과_DCGAN.ipynb"]
BUILD = ROOT / "build" / "notebooks"
LESSON5 = "05_조건부_GAN과_DCGAN.ipynb"


def test_lessons_are_present():
    """강의 노트북 일곱 개가 그 이름으로 있고, 이 파일이 실행하는 목록(NOTEBOOKS)이 정확히 그 일곱이다
    (빠진 강의도, 지우다 남은 숨김 사본 .nbval-*·.browser-*도, 이름이 바뀐 파일도 없다)."""
    missing = [name for name in LESSON_NAMES if not (NOTEBOOK_DIR / name).is_file()]
    assert not missing, f"강의 노트북이 없습니다: {missing}"
    assert [p.name for p in NOTEBOOKS] == LESSON_NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_hygiene(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec["name"] == "python3"
    assert "gan_kit" in nb.metadata and isinstance(ci_parameters(nb), dict)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "parameters 태그가 붙은 셀이 정확히 하나 있어야 합니다"
    assert code.index(tagged[0]) <= 2, "parameters 셀은 맨 위에 둡니다"
    counts = [c.execution_count for c in code if c.execution_count]
    assert counts == sorted(counts) and len(counts) == len(code), "Restart & Run All 한 뒤 저장하세요"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:80]
            assert not re.search(r"/(work|root|home|tmp|Users)/[A-Za-z]", json.dumps(out)), cell.source[:80]
    for cell in code:
        assert "\u2212" not in cell.source, "그림 글자에는 유니코드 마이너스(U+2212) 대신 '-'를 씁니다"


def run_papermill(path, out, parameters=None):
    """노트북을 CI 매개변수(또는 parameters)로 처음부터 끝까지 실행해 out에 쓰고, 실행된 노트북을 돌려준다."""
    import papermill as pm
    out.parent.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(str(path), str(out), kernel_name="python3", cwd=str(path.parent), progress_bar=False,
                        parameters=ci_parameters(nbformat.read(path, as_version=4)) if parameters is None else parameters,
                        execution_timeout=600)  # 멈춘 커널이 CI 전체를 붙잡지 않도록 셀마다 제한
    return nbformat.read(out, as_version=4)


# nbval이 --nbdime 없이 비교하지 않는 출력 열쇠 (nbval 0.11의 IPyNbFile.skip_compare와 같다)
NBVAL_SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                      "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")


def nbval_mismatches(committed, executed):
    """nbval --nbval-lax의 비교: 저장된 노트북에서 `# NBVAL_CHECK_OUTPUT`(또는 nbval-check-output 태그)이 붙은
    코드 칸마다, 실행한 노트북의 같은 칸 출력이 nbval의 compare_outputs로 같은지 본다. 다른 칸의 설명 목록을 돌려준다.

    papermill이 parameters 칸 뒤에 넣은 injected-parameters 칸은 짝짓기에서 뺀다."""
    from nbval import plugin
    reference = [c for c in committed.cells if c.cell_type == "code"]
    fresh = [c for c in executed.cells
             if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]
    assert [c.source for c in reference] == [c.source for c in fresh], "실행한 노트북의 코드 칸이 저장된 것과 다릅니다"
    problems = []
    for number, (ref, new) in enumerate(zip(reference, fresh)):
        options = dict(plugin.find_comment_markers(ref.source)) | dict(plugin.find_metadata_tags(ref.metadata))
        if not options.get("check") or ref.execution_count is None:
            continue
        cell = SimpleNamespace(parent=SimpleNamespace(skip_compare=NBVAL_SKIP_COMPARE), colors=plugin.nocolors,
                               sanitize=lambda text: text, comparison_traceback=[])
        cell.format_output_compare = lambda key, left, right, cell=cell: cell.comparison_traceback.append(
            f"'{key}'\n저장된 출력:\n{left}\n방금 실행한 출력:\n{right}")
        if not plugin.IPyNbCell.compare_outputs(cell, plugin.coalesce_streams(copy.deepcopy(new.outputs)),
                                                plugin.coalesce_streams(copy.deepcopy(ref.outputs))):
            problems.append(f"코드 칸 {number} ({ref.source.splitlines()[0][:60]}): " + "\n".join(cell.comparison_traceback))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_executes(path, tmp_path, monkeypatch):
    """CI 매개변수로 끝까지 실행된다. 그러는 동안 그려진 모든 그림을 figure_audit가 살핀다:
    글꼴에 없는 글자, 너무 작은 글자, 낮은 해상도, 그림 밖으로 나간 글자가 하나도 없어야 한다."""
    report = tmp_path / "figure_audit.jsonl"
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    # 커널은 이 환경을 물려받아 시작할 때 figure_audit.py를 실행한다 (노트북 파일은 그대로)
    (startup / "00-figure-audit.py").write_text(
        f"import runpy\nrunpy.run_path({str(Path(__file__).with_name('figure_audit.py'))!r})\n", encoding="utf-8")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("GAN_FIGURE_AUDIT", str(report))
    executed = run_papermill(path, BUILD / "papermill" / path.name)
    assert any(c.cell_type == "code" and c.outputs for c in executed.cells)
    if path.name in FRESH_SUMMARY:  # 저장된 출력이 아니라 방금 실행한 출력의 요약 칸
        FRESH_SUMMARY[path.name](_summary(BUILD / "papermill" / path.name))
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    problems = sorted({f"[{line['figure']}] {line['problem']}" for line in lines if line["problem"]})
    assert not problems, f"{path.name}의 그림 문제 {len(problems)}건:\n" + "\n".join(problems[:30])
    drawn = sum(1 for c in executed.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {}))
    # 그림이 있는 강의라면 검사 도구가 정말 커널 안에서 그림들을 보았어야 한다
    assert drawn == 0 or len(lines) >= drawn, (drawn, len(lines))
    # nbval: 표시한 칸의 출력이 저장된 노트북과 같다 (같은 실행의 출력으로)
    mismatches = nbval_mismatches(nbformat.read(path, as_version=4), executed)
    assert not mismatches, "\n\n".join(mismatches)


def test_nbval_comparison_catches_a_changed_output_and_ignores_unmarked_cells():
    """위의 nbval 비교가 정말 실패할 수 있다: 표시한 칸의 글자 하나가 바뀌면 잡고, 표시하지 않은 칸과 그림은 보지 않는다."""
    path = NOTEBOOK_DIR / "02_미니맥스_손실.ipynb"
    committed = nbformat.read(path, as_version=4)
    marked = [c for c in committed.cells if c.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in c.source]
    assert marked and any(o.output_type == "stream" for o in marked[0].outputs)
    assert nbval_mismatches(committed, copy.deepcopy(committed)) == []
    changed = copy.deepcopy(committed)
    stream = next(o for o in changed.cells[committed.cells.index(marked[0])].outputs if o.output_type == "stream")
    stream.text = stream.text.replace("0", "1", 1) if "0" in stream.text else stream.text + "!"
    problems = nbval_mismatches(committed, changed)
    assert len(problems) == 1 and "저장된 출력" in problems[0], problems
    unmarked = copy.deepcopy(committed)
    for cell in unmarked.cells:
        if cell.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" not in cell.source:
            cell.outputs = []
    assert nbval_mismatches(committed, unmarked) == []


def _summary(path_or_notebook):
    """노트북(파일 경로나 읽은 노트북) 마지막 코드 셀이 출력한 `이름: 값` 줄들을 dict로 읽는다."""
    nb = (path_or_notebook if isinstance(path_or_notebook, nbformat.NotebookNode)
          else nbformat.read(path_or_notebook, as_version=4))
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    return parse_figures("".join(o.get("text", "") for o in last.outputs if o.output_type == "stream"))


def _check_lesson3_ci_summary(summary):
    """3강을 CI 매개변수(몇 에폭)로 방금 실행한 요약: 이름이 모두 있고 값이 말이 되는 수다 (수렴은 짧은 실행이라 보지 않는다)."""
    names = {"final_kl_hist", "kl_floor", "kl_gauss", "js", "gen_mean", "gen_std", "train_seconds"}
    assert set(summary) == names, summary
    values = {name: float(value) for name, value in summary.items()}
    assert all(math.isfinite(v) for v in values.values()), summary
    assert values["final_kl_hist"] >= 0 and values["kl_floor"] > 0 and values["gen_std"] > 0, summary
    assert 0 <= values["js"] <= math.log(2) + 1e-6, summary


def _check_lesson4_ci_summary(summary):
    """4강을 CI 매개변수(PRETRAINED=True)로 방금 실행한 요약: 키트의 사전 학습 생성자가 숫자 9종류 이상을 만든다."""
    assert summary["dataset"] == "mnist" and summary["generator"] == "pretrained", summary
    assert int(summary["classes_covered"]) >= 9, summary
    assert 0.1 <= float(summary["mean_confidence"]) <= 1, summary
    assert float(summary["fid_classifier"]) > 0 and float(summary["fid_floor"]) > 0, summary


def _check_lesson5_ci_summary(summary):
    """5강을 CI 매개변수(1에폭씩, 클래스마다 100장)로 방금 실행한 요약: 사전 학습 조건부 생성자는 요청한 숫자를 그리고
    글씨체를 z에 두며, 사전 학습 DCGAN은 숫자를 고르게 만들고 MLP보다 FID가 낮다 (짧은 직접 학습의 품질은 보지 않는다)."""
    assert summary["dataset"] == "mnist" and int(summary["cgan_epochs_here"]) == 1, summary
    assert float(summary["cgan_shipped_min_class_accuracy"]) >= 0.9, summary
    assert float(summary["cgan_shipped_min_class_confidence"]) >= 0.9, summary
    assert float(summary["style_slant_correlation"]) > 0.8, summary
    assert float(summary["dcgan_shipped_max_class_fraction"]) <= 0.15, summary
    assert 0 < float(summary["dcgan_shipped_fid"]) < float(summary["mlp_shipped_fid"]), summary
    assert 0 < float(summary["mlp_seconds_per_epoch"]) and 0 < float(summary["dcgan_seconds_per_epoch"]), summary


FRESH_SUMMARY = {"03_1차원_가우시안_GAN.ipynb": _check_lesson3_ci_summary, "04_MNIST_GAN.ipynb": _check_lesson4_ci_summary,
                 LESSON5: _check_lesson5_ci_summary}


def test_committed_lesson4_output_is_fresh_and_meets_the_bar():
    """신선도 검사: 저장소에 저장된 4강 출력이 기본 설정으로 직접 학습한 결과이고, 숫자 9종류 이상을 만든다.

    코드를 실행하지 않고 저장된 숫자만 읽는다: 노트북을 기본 설정으로 다시 실행해 저장하지 않았으면 실패한다.
    지금 코드의 동작은 test_papermill_executes가 방금 실행한 출력의 요약 칸(_check_lesson4_ci_summary)으로,
    학습·평가 함수 자체는 tests/test_quality.py와 tests/test_lesson4_tools.py가 본다.
    """
    summary = _summary(NOTEBOOK_DIR / "04_MNIST_GAN.ipynb")
    assert summary["generator"] == "trained_here", summary
    assert int(summary["classes_covered"]) >= 9, summary
    assert float(summary["fid_classifier"]) > float(summary["fid_floor"]) > 0, summary


def test_committed_lesson5_output_is_a_full_run_that_meets_the_bar():
    """신선도 검사: 저장된 5강 출력은 기본 설정(5에폭씩 직접 학습, 클래스마다 1,000장)의 실행이고,
    키트의 조건부 생성자는 모든 클래스에서 95% 이상 요청한 숫자로 읽히고 확신도가 0.9 이상이다. 직접 학습한 DCGAN은 숫자
    10종류를 모두 그리고, 키트의 DCGAN 생성자는 MLP보다 FID가 낮으며 가장 많은 숫자가 15% 이하다."""
    summary = _summary(NOTEBOOK_DIR / LESSON5)
    assert int(summary["cgan_epochs_here"]) == 5 and int(summary["dcgan_epochs_here"]) == 5, summary
    assert float(summary["cgan_shipped_min_class_accuracy"]) >= 0.95, summary
    assert float(summary["cgan_shipped_min_class_confidence"]) >= 0.9, summary
    assert int(summary["dcgan_here_classes_covered"]) == 10 and float(summary["train_seconds"]) > 0, summary
    assert 0 < float(summary["dcgan_shipped_fid"]) < float(summary["mlp_shipped_fid"]), summary
    assert float(summary["dcgan_shipped_max_class_fraction"]) <= 0.15, summary


FASHION_LESSONS = ("04", "05")  # DATASET 매개변수로 Fashion-MNIST로 바꿀 수 있는 강의


def check_fashion_run(executed, name):
    """DATASET="fashion-mnist" 하나만 바꿔 실행한 4·5강(executed, 파일 이름 name)이 Fashion-MNIST로 끝까지 돌았고
    한국어 옷 이름을 붙였는가. 실행은 tests/test_install.py의 수업 서버 검사가 한다: 거기서 4·5강의 학생용 사본을 이
    설정으로 돌리므로, 같은 노트북을 Fashion-MNIST로 한 번 더 돌리지 않는다."""
    from gan_utils.data import FASHION_CLASSES_KO
    summary = _summary(executed)
    assert summary.get("dataset") == "fashion-mnist", summary
    printed = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    if name == LESSON5:  # 조건부 생성자의 클래스별 정확도를 옷 이름으로 적는다
        assert all(f"{cloth}: 정확도" in printed for cloth in FASHION_CLASSES_KO), printed[-2000:]
        return
    assert 1 <= int(summary["classes_covered"]) <= 10
    most = re.search(r"가장 많이 나온 클래스: (\S+) \(", printed)
    assert most and most.group(1) in FASHION_CLASSES_KO, printed[-2000:]


@pytest.mark.parametrize("name", ["04_MNIST_GAN.ipynb", LESSON5])
def test_fashion_run_check_rejects_an_mnist_run_and_missing_cloth_names(name):
    """check_fashion_run이 정말 실패할 수 있다: 저장된 MNIST 실행은 거절하고, 요약만 fashion-mnist로 고쳐도
    옷 이름(또는 옷 이름의 '가장 많이 나온 클래스')이 출력에 없으면 거절한다."""
    committed = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    with pytest.raises(AssertionError):
        check_fashion_run(committed, name)
    relabelled = copy.deepcopy(committed)
    last = [c for c in relabelled.cells if c.cell_type == "code"][-1]
    for out in last.outputs:
        if out.output_type == "stream":
            out.text = out.text.replace("dataset: mnist", "dataset: fashion-mnist")
    assert _summary(relabelled)["dataset"] == "fashion-mnist"
    with pytest.raises(AssertionError):
        check_fashion_run(relabelled, name)


@pytest.mark.parametrize("name,changes,needle", [
    ("04_MNIST_GAN", {"DATASET": "cifar10"}, "DATASET"),
    ("04_MNIST_GAN", {"DEVICE": "gpu"}, "device"),
    ("05_조건부_GAN과_DCGAN", {"CGAN_EPOCHS": 0}, "CGAN_EPOCHS"),
    ("03_1차원_가우시안_GAN", {"NOISE": "gauss"}, "noise"),
])
def test_bad_notebook_parameter_stops_with_korean_message(name, changes, needle):
    """노트북 매개변수를 잘못 주면 그 이름과 받은 값을 말하는 한국어 오류에서 멈춘다 (엉뚱한 셀의 영어 오류가 아니라)."""
    import papermill as pm
    path = NOTEBOOK_DIR / f"{name}.ipynb"
    params = {**ci_parameters(nbformat.read(path, as_version=4)), **changes}
    with pytest.raises(pm.PapermillExecutionError) as info:
        run_papermill(path, BUILD / "papermill" / f"bad-{name}.ipynb", params)
    message = str(info.value)
    assert needle in message and "받은 값" in message, message[-1500:]
