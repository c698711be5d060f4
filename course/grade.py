"""반 전체 채점 명령: 학생들이 낸 강의 노트북을 nbgrader로 자동 채점해 성적표(CSV, JSON, HTML)를 만든다.

    python3 kit.py grade 제출물/                 # 결과는 제출물-grades/ (grades.csv, grades.json, report.html)
    python3 kit.py grade 제출물/ --out 성적/ --jobs 2 --cell-timeout 60 --notebook-timeout 600
    python -m course.grade --help              # 가상환경 안, 저장소 맨 위에서 같은 명령

제출물은 학생마다 폴더 하나, 그 안에 강의 노트북을 원래 이름 그대로 둔다 (``제출물/<학생>/<강의 파일>.ipynb``,
nbgrader와 LMS의 일괄 내려받기가 만드는 모양). 채점 엔진은 새로 만들지 않고 nbgrader를 쓴다:

1. 임시 폴더에 nbgrader 과정 폴더를 한 번 만든다 (``course.student.make_course``: 과제와 채점 기록부).
2. 제출 폴더에서 학생마다 강의별로 채점할 노트북 하나를 고른다 (``course.submissions``).
3. 노트북마다 그 과정 폴더의 사본(임시 폴더)에 제출본을 넣고 ``python -m nbgrader autograde``를 따로 띄운다
   (``course.sandbox``: 깨끗한 환경 변수, 메모리·CPU 시간·파일 크기 한도, root면 nobody, 칸과 노트북의 제한 시간).
   nbgrader는 잠긴 채점 칸을 키트의 원본(숨은 테스트 포함)으로 되돌리고 새 커널에서 처음부터 실행한다
   (실행 단계는 죽은 커널에서도 이어 가는 ``course.execute.KitExecute``).
4. 채점한 노트북에서 문제마다 채점 칸을 ``grade_id``로 찾아 결과를 읽는다 (``course.marks``):
   pass(통과), fail(틀림), missing(안 함), error(오류), timeout(시간 초과)와 채점기의 한국어 안내.
5. 모두 끝나면 결과 폴더에 grades.csv, grades.json, report.html을 한꺼번에 쓴다 (``course.report``).
   제출 폴더에는 아무것도 쓰지 않는다.

종료 코드: 0 = 모든 제출물을 채점함 (틀린 답이 있어도), 1 = 채점하지 못한 것이 있음 (보고서의 '채점하지 못한 것'),
2 = 명령을 잘못 씀 (없는 폴더 등).
"""
import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

from .marks import LABELS, STATUSES, SYMBOLS
from .report import columns, csv_text, fill_missing, report_data, write_results
from .sandbox import build_mpl_cache, grade_one, kill_new_processes, sandbox_access_problem, sandbox_user, user_processes
from .student import lesson_notebooks, make_course
from .submissions import collect, find_students, flag_duplicate_names, kit_lessons

ROOT = Path(__file__).resolve().parent.parent
# 칸 하나, 노트북 하나의 기본 제한 시간(초): 빠른 설정(ci_parameters) / 노트북의 원래 매개변수(--full, 4강 학습 포함)
DEFAULT_TIMEOUTS = {False: (120, 600), True: (900, 3600)}
DEFAULT_MEMORY_GB = 4.0


@dataclass
class Settings:
    """채점 한 번의 설정 (명령줄에서 정하고, 채점 한 건마다와 보고서가 읽는다)."""
    cell_timeout: int
    notebook_timeout: int
    memory_gb: float
    jobs: int
    full: bool
    data_dir: str
    user: tuple | None  # (uid, gid): root면 nobody로 실행


class UsageError(Exception):
    """명령을 잘못 썼다 (종료 코드 2)."""


def say(text):
    print(text, flush=True)  # 파이프로 받아도 채점하는 동안 한 줄씩 보이게


def claim_output_folder(out):
    """결과 폴더를 채점 전에 만들어 둔다 (주인은 채점하는 사용자, 남은 쓰지 못함).

    채점 뒤에 만들면, 제출 폴더의 상위 폴더가 모두 쓸 수 있는 곳(/tmp 등)일 때 학생 코드가 그 이름의 폴더를 먼저 만들어
    성적표를 바꿔치기할 수 있다. 이미 있는 폴더는 주인이 채점하는 사용자이고 남이 쓸 수 없을 때만 쓴다.
    """
    out.mkdir(parents=True, exist_ok=True)
    info = out.stat()
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise UsageError(f"결과 폴더 {out}의 주인이 다른 사용자입니다. 지우거나 --out으로 다른 폴더를 고르세요.")
    if info.st_mode & 0o022:
        os.chmod(out, info.st_mode & ~0o022)  # 그룹·다른 사용자의 쓰기 권한을 뺀다


def grade(submissions, out, settings, log=say):
    """제출 폴더 하나를 채점해 out에 결과를 쓰고 결과(grades.json의 내용)를 돌려준다. log는 진행을 한 줄씩 받는다."""
    start = monotonic()
    students, problems = find_students(submissions)
    if not students:
        raise UsageError(f"{submissions}에 학생 폴더가 없습니다. 제출물/<학생>/<강의 파일>.ipynb 모양으로 두세요.")
    if settings.user and (why := sandbox_access_problem(settings)):
        raise UsageError(why)
    claim_output_folder(out)
    before = user_processes(settings.user[0]) if settings.user else set()
    scratch = Path(tempfile.mkdtemp(prefix="gan-kit-grade-"))
    try:
        if settings.user:
            os.chmod(scratch, 0o711)  # nobody는 자기 채점 폴더(이름을 모름)로 들어갈 수만 있고 목록은 못 본다
        (scratch / "logs").mkdir(mode=0o700)
        template = scratch / "template"
        log(f"[grade] {submissions}: 학생 폴더 {len(students)}개. nbgrader 과정 폴더를 만듭니다...")
        sources = lesson_notebooks(ROOT / "notebooks")
        make_course(template, sources)
        os.chmod(template, 0o700)  # 강사용 원본(정답)이 있다: 학생 코드(nobody)가 이름을 짐작해도 못 읽게
        lessons, owner = kit_lessons(template, sources)
        for student in students:
            collect(student, lessons, owner, problems)
        flag_duplicate_names(students)
        mpl_cache = build_mpl_cache(scratch)
        jobs = [(s, lessons[lesson_id]) for s in students for lesson_id in sorted(s.notebooks)]
        log(f"[grade] 채점할 노트북 {len(jobs)}개 (동시에 {settings.jobs}개, "
            f"칸 {settings.cell_timeout}초·노트북 {settings.notebook_timeout}초 제한)")
        with ThreadPoolExecutor(max_workers=settings.jobs) as pool:
            futures = {pool.submit(grade_one, s, lesson, template, scratch, settings, mpl_cache): (s, lesson)
                       for s, lesson in jobs}
            for done, future in enumerate(as_completed(futures), 1):
                student, lesson = futures[future]
                outcome = future.result()
                student.results.update(outcome["results"])
                student.notes += outcome["notes"]
                student.seconds[lesson.id] = outcome["seconds"]
                if outcome["problem"]:
                    file = student.notebooks[lesson.id][0].relative_to(student.folder).as_posix()
                    problems.append({"student": student.name, "file": file, "message": outcome["problem"]})
                    student.notes.append(f"{file}: {outcome['problem']}")
                symbols = " ".join(SYMBOLS[outcome["results"][e]["status"]] for e in lesson.exercises)
                log(f"[grade] {done}/{len(jobs)} {student.name} {lesson.label}: {symbols} ({outcome['seconds']:.0f}초)")
    finally:
        if settings.user:  # 학생 코드가 환경 변수를 지우고 따로 띄운 프로세스까지: 채점 동안 새로 생긴 그 사용자의 프로세스
            kill_new_processes(settings.user[0], before)
        shutil.rmtree(scratch, ignore_errors=True)
    cols = columns(students, lessons)
    fill_missing(students, cols)
    data = report_data(students, cols, problems, settings, submissions, monotonic() - start)
    write_results(out, data, csv_text(students, cols))
    return data


def parse_settings(args):
    """명령줄 인자 → Settings (기본 제한 시간, 데이터 폴더, root면 nobody)."""
    cell, notebook = DEFAULT_TIMEOUTS[args.full]
    data_dir = os.environ.get("GAN_DATA_DIR") or str(ROOT / "data")
    return Settings(cell_timeout=args.cell_timeout or cell, notebook_timeout=args.notebook_timeout or notebook,
                    memory_gb=args.memory, jobs=args.jobs, full=args.full,
                    data_dir=str(Path(data_dir).expanduser().resolve()), user=sandbox_user())


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 kit.py grade",
        description="학생들이 낸 강의 노트북을 nbgrader로 채점해 grades.csv, grades.json, report.html을 만든다. "
                    "제출물은 학생마다 폴더 하나: 제출물/<학생>/<강의 파일>.ipynb")
    parser.add_argument("submissions", help="제출 폴더 (안에 학생마다 폴더 하나)")
    parser.add_argument("--out", help="결과 폴더 (기본: 제출 폴더 옆의 <제출 폴더>-grades). 제출 폴더 안은 안 됨")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="동시에 채점할 노트북 수 (기본: 코어 수, 최대 2)")
    (cell, notebook), (full_cell, full_notebook) = DEFAULT_TIMEOUTS[False], DEFAULT_TIMEOUTS[True]
    parser.add_argument("--cell-timeout", type=int,
                        help=f"칸 하나의 제한 시간(초). 기본 {cell}, --full이면 {full_cell}")
    parser.add_argument("--notebook-timeout", type=int,
                        help=f"노트북 하나의 제한 시간(초). 기본 {notebook}, --full이면 {full_notebook}")
    parser.add_argument("--memory", type=float, default=DEFAULT_MEMORY_GB,
                        help=f"커널 하나의 메모리 한도(GiB, 기본 {DEFAULT_MEMORY_GB:g})")
    parser.add_argument("--full", action="store_true",
                        help="노트북의 원래 매개변수로 채점 (기본은 빠른 설정 ci_parameters: 4강이 몇 분씩 학습하지 않게)")
    args = parser.parse_args(argv)
    here = Path(os.environ.get("GAN_KIT_CWD") or ".")  # kit.py는 저장소 맨 위에서 실행하므로 부른 폴더를 알려 준다
    submissions = (here / Path(args.submissions).expanduser()).resolve()
    try:
        if not submissions.is_dir():
            raise UsageError(f"제출 폴더가 없습니다: {submissions}")
        out = ((here / Path(args.out).expanduser()).resolve() if args.out
               else submissions.parent / f"{submissions.name}-grades")
        if out == submissions or submissions in out.parents:
            raise UsageError(f"결과 폴더({out})를 제출 폴더 안에 둘 수 없습니다: 제출물에는 아무것도 쓰지 않습니다. "
                             "--out으로 다른 곳을 고르세요.")
        if args.jobs < 1 or args.memory <= 0 or any(t is not None and t < 1 for t in
                                                     (args.cell_timeout, args.notebook_timeout)):
            raise UsageError("--jobs, --memory, --cell-timeout, --notebook-timeout은 0보다 커야 합니다.")
        data = grade(submissions, out, parse_settings(args))
    except UsageError as err:
        print(f"[grade] {err}", file=sys.stderr)
        return 2
    counts = Counter(r["status"] for s in data["students"] for r in s["results"].values())
    say(f"[grade] 결과: {out}/report.html, grades.csv, grades.json ("
          + ", ".join(f"{SYMBOLS[k]} {LABELS[k]} {counts[k]}" for k in STATUSES) + f", {data['elapsed_s']:.0f}초)")
    for p in data["problems"]:
        say(f"[grade] 채점하지 못함: {p['student'] or '(학생 폴더 밖)'} {p['file'] or ''}: {p['message']}")
    return 0 if data["all_graded"] else 1


if __name__ == "__main__":
    sys.exit(main())
