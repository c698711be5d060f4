"""반 전체 채점의 성적표: 학생마다의 결과를 grades.csv, grades.json, report.html 세 파일로 쓴다.

- grades.csv: 첫 열 student(폴더 이름 그대로), 누군가 낸 강의의 문제마다 한 열, 마지막 열 total(통과한 수).
  한국어 윈도의 엑셀이 UTF-8로 열도록 BOM을 붙인다.
- grades.json: 같은 결과에 채점기의 한국어 안내, 알림, 키트 버전, 제한과 설정, 채점하지 못한 것의 목록.
- report.html: 바깥 파일·인터넷 없이 열리는 한 파일. 학생 코드의 출력이 들어가므로 모든 글을 이스케이프한다.

세 파일은 모두 다 쓴 뒤에 한꺼번에 제자리로 옮긴다: 중간에 멈춰도 반쯤 쓴 성적표가 남지 않는다.
"""
import contextlib
import csv
import html
import io
import json
import os
import tempfile
from datetime import datetime

from .marks import LABELS, STATUSES, SYMBOLS
from .submissions import lesson_label


def columns(students, lessons):
    """CSV의 문제 열 [(강의, 문제 id)]: 누군가 낸(또는 내려 한) 강의의 문제 전부, 강의 순서대로."""
    used = {lesson_id for s in students for lesson_id in [*s.notebooks, *s.broken]}
    return [(lessons[lesson_id], exercise) for lesson_id in sorted(used) for exercise in lessons[lesson_id].exercises]


def fill_missing(students, cols):
    """채점하지 않은 문제의 결과를 채운다: 깨진 파일을 낸 강의는 error, 내지 않은 강의는 missing."""
    for student in students:
        for lesson, exercise in cols:
            if exercise in student.results:
                continue
            if lesson.id in student.broken:
                student.results[exercise] = {"status": "error", "nbgrader_points": None,
                                             "feedback": f"{student.broken[lesson.id]}: 노트북 파일이 깨져 읽지 못했습니다."}
            else:
                student.results[exercise] = {"status": "missing", "nbgrader_points": None,
                                             "feedback": f"{lesson.label} 노트북을 내지 않았습니다."}


def csv_text(students, cols):
    """grades.csv의 내용: 학생마다 한 줄, 문제마다 결과 (pass, fail, missing, error, timeout), 마지막에 통과한 수."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *(exercise for _, exercise in cols), "total"])
    for s in students:
        writer.writerow([s.name, *(s.results[exercise]["status"] for _, exercise in cols), s.total])
    return out.getvalue()


def report_data(students, cols, problems, settings, submissions, elapsed):
    """grades.json의 내용 (report.html도 이것으로 만든다)."""
    import gan_utils
    return {
        "kit_version": gan_utils.__version__,
        "graded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "submissions": str(submissions),
        "settings": {"cell_timeout_s": settings.cell_timeout, "notebook_timeout_s": settings.notebook_timeout,
                     "memory_gb": settings.memory_gb, "jobs": settings.jobs,
                     "parameters": "full" if settings.full else "ci",
                     "run_as": "nobody" if settings.user else "current user"},
        "exercises": [{"id": exercise, "lesson": lesson.id, "notebook": lesson.file} for lesson, exercise in cols],
        "students": [{"student": s.name, "total": s.total, "notes": s.notes, "seconds": s.seconds,
                      "results": {exercise: s.results[exercise] for _, exercise in cols}} for s in students],
        "problems": problems,
        "all_graded": not problems,
        "elapsed_s": round(elapsed, 1),
    }


REPORT_CSS = """
body { font-family: "NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
       margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; }
thead th { background: #f0f0f0; font-size: 0.9em; white-space: nowrap; }
tbody th, td.total { white-space: nowrap; text-align: left; }
td.status { text-align: center; min-width: 3em; }
td.pass { background: #e8f7e8; } td.fail { background: #fde8e8; } td.missing { background: #f4f4f4; }
td.error { background: #fff3d6; } td.timeout { background: #e6ecfb; }
summary { cursor: pointer; font-size: 1.2em; list-style: none; }
details[open] { min-width: 22em; }
details pre { white-space: pre-wrap; font-family: inherit; font-size: 0.85em; text-align: left; max-width: 40em; }
td.notes { font-size: 0.85em; min-width: 18em; max-width: 30em; }
td.notes ul { margin: 0; padding-left: 1.2em; }
.meta, .legend { color: #444; }
"""


def report_html(data):
    """보고서 HTML 한 파일 (바깥 파일·인터넷 없이 열린다). 학생 코드의 출력이 들어가므로 모든 글을 이스케이프한다."""
    esc = html.escape
    s = data["settings"]
    lessons = []  # [(강의 id, 문제 수)]
    for ex in data["exercises"]:
        if lessons and lessons[-1][0] == ex["lesson"]:
            lessons[-1][1] += 1
        else:
            lessons.append([ex["lesson"], 1])
    parts = ["<!DOCTYPE html>", '<html lang="ko"><head><meta charset="utf-8">',
             "<title>채점 결과 - GAN 강의 키트</title>", f"<style>{REPORT_CSS}</style></head><body>",
             "<h1>채점 결과</h1>",
             f'<p class="meta">채점한 키트: <b>gan_utils {esc(data["kit_version"])}</b> · 채점 시각 {esc(data["graded_at"])} · '
             f'제출 폴더 <code>{esc(data["submissions"])}</code><br>제한: 칸 하나 {s["cell_timeout_s"]}초, 노트북 하나 '
             f'{s["notebook_timeout_s"]}초, 커널 메모리 {s["memory_gb"]:g} GiB · 매개변수: '
             f'{"노트북의 원래 값 (--full)" if s["parameters"] == "full" else "빠른 설정 (ci_parameters)"} · '
             f'실행한 사용자: {esc(s["run_as"])} · 학생 {len(data["students"])}명 · '
             f'{"모든 제출물을 채점했습니다" if data["all_graded"] else "채점하지 못한 것이 있습니다 (아래)"}</p>',
             '<p class="legend">' + " · ".join(f"{SYMBOLS[k]} {LABELS[k]} (<code>{k}</code>)" for k in STATUSES)
             + " — 칸을 누르면 채점기의 안내가 펼쳐집니다.</p>",
             '<table id="grades"><thead><tr><th rowspan="2">학생</th>']
    parts += [f'<th colspan="{n}">{lesson_label(lesson_id)}</th>' for lesson_id, n in lessons]
    parts.append('<th rowspan="2">합계</th><th rowspan="2">알림</th></tr><tr>')
    parts += [f'<th title="{esc(ex["id"])}">{esc(ex["id"].split("_", 1)[1])}</th>' for ex in data["exercises"]]
    parts.append("</tr></thead><tbody>")
    for student in data["students"]:
        row = [f'<tr><th scope="row">{esc(student["student"])}</th>']
        for ex in data["exercises"]:
            result = student["results"][ex["id"]]
            status = result["status"]
            row.append(f'<td class="status {status}" data-exercise="{esc(ex["id"])}"><details>'
                       f'<summary title="{LABELS[status]}">{SYMBOLS[status]}</summary>'
                       f'<pre>{esc(result["feedback"] or LABELS[status])}</pre></details></td>')
        notes = "".join(f"<li>{esc(n)}</li>" for n in student["notes"])
        row.append(f'<td class="total">{student["total"]}/{len(data["exercises"])}</td>'
                   f'<td class="notes">{f"<ul>{notes}</ul>" if notes else ""}</td></tr>')
        parts.append("".join(row))
    parts.append("</tbody></table>")
    parts.append("<h2>채점하지 못한 것</h2>")
    if data["problems"]:
        parts.append('<ul id="problems">' + "".join(
            f'<li><b>{esc(p["student"] or "(학생 폴더 밖)")}</b>{" · " + esc(p["file"]) if p["file"] else ""}: '
            f'{esc(p["message"])}</li>' for p in data["problems"]) + "</ul>")
    else:
        parts.append('<p id="problems">없습니다. 모든 제출물을 채점했습니다.</p>')
    parts.append(f'<p class="meta">걸린 시간: {data["elapsed_s"]:.0f}초. 같은 결과가 grades.csv와 grades.json에도 있습니다.</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_results(out, data, csv_body):
    """세 파일을 임시 이름으로 다 쓴 뒤 이름을 바꾼다: 중간에 멈춰도 반쯤 쓴 성적표가 남지 않는다."""
    out.mkdir(parents=True, exist_ok=True)
    files = {"grades.csv": ("\ufeff" + csv_body),  # BOM: 한국어 윈도의 엑셀이 UTF-8로 연다
             "grades.json": json.dumps(data, ensure_ascii=False, indent=1) + "\n",
             "report.html": report_html(data)}
    temps = []
    try:
        for name, text in files.items():
            fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            temps.append((temp, out / name))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.chmod(temp, 0o644)
    except BaseException:  # 쓰다 멈췄으면 (디스크가 참, Ctrl+C) 임시 파일을 남기지 않고 그대로 알린다
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    for temp, final in temps:
        os.replace(temp, final)
