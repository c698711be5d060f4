"""강의 본문의 주장 확인 칸(셀 태그 `claim`): 도우미의 동작, 강의마다의 개수와 자리, 저장된 전체 실행의 확인, 틀린 주장이 멈추는지."""
import ast
import re

import nbformat
import pytest

from course import lesson_id
from gan_utils.claims import CONFIRMED, NOT_APPLICABLE, ClaimError, check_claim
from test_notebooks import BUILD, NOTEBOOK_DIR, ci_parameters, run_papermill

LESSONS = sorted(p for p in NOTEBOOK_DIR.glob("0[1-9]*_*.ipynb"))


def claim_cells(nb):
    return [c for c in nb.cells if "claim" in c.metadata.get("tags", [])]


def output_text(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


# ---------------------------------------------------------------- 도우미
def test_check_claim_prints_what_it_confirmed(capsys):
    assert check_claim(3 > 2, "셋은 둘보다 크다", "3 > 2") is None  # 노트북 칸 끝에 Out: True가 찍히지 않게
    assert capsys.readouterr().out == f"{CONFIRMED} 셋은 둘보다 크다 (3 > 2)\n"


@pytest.mark.parametrize("holds", [False, 0, float("nan")])
def test_check_claim_raises_when_the_run_contradicts_the_text(holds):
    with pytest.raises(ClaimError, match="본문의 주장이 이번 실행과 맞지 않습니다: 손실이 내려간다 \\(1.2 → 1.5\\)"):
        check_claim(holds, "손실이 내려간다", "1.2 → 1.5")


def test_check_claim_skips_claims_about_another_run(capsys):
    check_claim(False, "전체 실행에서만 성립", "값", applies=False)
    out = capsys.readouterr().out
    assert out.startswith(NOT_APPLICABLE) and "전체 실행에서만 성립" in out and "기본 매개변수" in out


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_check_claim_needs_a_sentence(bad):
    with pytest.raises(ValueError, match="claim"):
        check_claim(True, bad)


# ---------------------------------------------------------------- 노트북의 확인 칸
MIN_CLAIM_CELLS = {"01": 7, "02": 7, "03": 8, "03b": 4, "04": 5, "05": 8}  # 강의마다 확인 칸의 최소 개수


def test_lessons_check_at_least_33_claims():
    counts = {lesson_id(p): len(claim_cells(nbformat.read(p, as_version=4))) for p in LESSONS}
    assert sorted(counts) == sorted(MIN_CLAIM_CELLS), counts
    assert all(counts[n] >= MIN_CLAIM_CELLS[n] for n in counts), counts
    assert sum(counts.values()) >= 33, counts


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_claim_cells_are_small_hidden_from_slides_and_follow_their_text(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if "claim" not in cell.metadata.get("tags", []):
            continue
        assert cell.cell_type == "code" and "check_claim(" in cell.source, cell.source[:80]
        assert cell.metadata.get("slideshow", {}).get("slide_type") == "skip", cell.source[:80]
        assert len(cell.source.splitlines()) <= 20, cell.source[:80]  # 확인 몇 개를 담는 작은 칸
        # 주장 칸 앞에는 그 주장을 말하는 설명이나 그 값을 보이는 칸이 있다 (확인 칸이 맨 앞에 오지 않는다)
        assert i > 0 and nb.cells[i - 1].source.strip(), cell.source[:80]
    imports = [c for c in nb.cells if c.cell_type == "code" and "import check_claim" in c.source]
    assert len(imports) == 1, "check_claim은 준비 칸에서 한 번만 불러온다"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_committed_output_is_fresh_and_confirmed_every_claim(path):
    """신선도 검사: 저장소의 노트북은 기본 매개변수의 전체 실행이다: 전체 실행에서만 성립하는 주장까지 모두 ✅로
    확인되어 저장되어 있어야 한다.

    코드를 실행하지 않고 저장된 출력만 읽는다 (노트북을 기본 매개변수로 다시 실행해 저장하지 않았으면 실패한다).
    지금 코드에서 주장이 성립하는지는 tests/test_notebooks.py의 papermill 실행이 본다: 짧은 CI 매개변수에서도 성립하는
    주장은 그때 다시 확인되고(틀리면 ClaimError), 틀린 주장이 실행을 멈추는 것은 아래 falsified 테스트가 본다.
    전체 실행에서만 성립하는 주장은 CI에서 건너뛰므로 여기 저장된 출력이 유일한 근거다.
    """
    nb = nbformat.read(path, as_version=4)
    for cell in claim_cells(nb):
        text = output_text(cell)
        assert not any(o.output_type == "error" for o in cell.outputs), cell.source[:80]
        assert NOT_APPLICABLE not in text, f"기본 매개변수로 실행해 저장하세요: {text[:200]}"
        n_calls = len(re.findall(r"\bcheck_claim\(", cell.source))
        assert text.count(CONFIRMED) == n_calls, (cell.source[:120], text[:300])


def _falsify_first_claim(source):
    """확인 칸의 첫 check_claim 호출에서 판단(첫 인자)을 뒤집은 소스와 그 주장 문장을 돌려준다."""
    tree = ast.parse(source)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "check_claim")
    call.args[0] = ast.UnaryOp(op=ast.Not(), operand=call.args[0])
    sentence = call.args[1]
    text = sentence.value if isinstance(sentence, ast.Constant) else "".join(
        v.value for v in sentence.values if isinstance(v, ast.Constant))
    call.keywords = [k for k in call.keywords if k.arg != "applies"]  # 짧은 실행에서도 확인하게
    return ast.unparse(tree), text


@pytest.mark.parametrize("stem", ["01", "02"])
def test_a_falsified_claim_stops_the_notebook_and_names_the_claim(stem):
    """주장 하나를 일부러 틀리게 만들면 papermill 실행이 그 주장의 문장과 함께 ClaimError로 멈춘다."""
    import papermill as pm
    path = next(p for p in LESSONS if p.stem.startswith(stem))
    nb = nbformat.read(path, as_version=4)
    target = claim_cells(nb)[0]
    target.source, sentence = _falsify_first_claim(target.source)
    broken = path.parent / f".falsified-{path.name}"  # 같은 폴더에 두어야 상대 경로가 그대로 통한다
    nbformat.write(nb, broken)
    try:
        with pytest.raises(pm.PapermillExecutionError) as info:
            run_papermill(broken, BUILD / "papermill" / f"falsified-{path.name}", ci_parameters(nb))
    finally:
        broken.unlink(missing_ok=True)
    assert info.value.ename == "ClaimError", info.value.ename
    assert sentence.strip() and sentence.strip()[:20] in str(info.value), (sentence, str(info.value)[-800:])
