"""강의 준비 도구: 강사가 강의 노트북에서 나눠 줄 것을 만드는 도구 모음 (학생이 import하는 gan_utils와 따로 둔다).

- ``course.student``: 정답을 지운 학생용 사본 notebooks/student/ (``python3 kit.py student``)
- ``course.slides``: 수업용 슬라이드와 집에서 읽을 페이지 build/slides/ (``python3 kit.py slides``)
- ``course.grade``: 반 전체가 낸 노트북을 nbgrader로 채점해 성적표(CSV, JSON, HTML)를 쓴다 (``python3 kit.py grade 제출물/``).
  그 부품: ``course.submissions`` (제출 폴더에서 학생과 강의별 노트북 찾기), ``course.sandbox`` (노트북 하나를 임시 과정
  폴더에서 가둬 nbgrader autograde로 채점), ``course.execute`` (nbgrader 안에서 도는 실행 단계 KitExecute),
  ``course.marks`` (채점 표시 grade_id 맞추기, 문제마다 결과 읽기), ``course.report`` (grades.csv, grades.json, report.html)
- ``course.runtimes``: 강사용 안내서의 강의별 실행 시간 표 (``python3 kit.py runtimes``)
- ``course/templates/``: 슬라이드와 페이지의 nbconvert 템플릿과 CSS

모두 저장소 맨 위에서 ``kit.py``가 키트의 가상환경으로 실행한다. 학생 패키지 gan_utils는 이 폴더를 쓰지 않는다.
"""

import re
from pathlib import Path

LESSON_PATTERN = "[0-9][0-9]*_*.ipynb"  # 00_환경_점검 ~ 05_조건부_GAN과_DCGAN, 그리고 사이에 끼운 03b_2차원_GAN_놀이터


def lesson_id(path):
    """강의 노트북의 번호 부분: 01_위조지폐범과_경찰.ipynb → '01', 03b_2차원_GAN_놀이터.ipynb → '03b'."""
    return Path(path).name.split("_")[0]


def lesson_label(path):
    """강의의 한국어 이름표: '01' → '1강', 사이에 끼운 '03b' → '3.5강' (파일 이름이나 번호를 받는다)."""
    number = lesson_id(path) if str(path).endswith(".ipynb") else str(path)
    match = re.fullmatch(r"(\d\d)(b?)", number)
    if not match:
        raise ValueError(f"강의 번호가 아닙니다: {number!r}")
    return f"{int(match.group(1))}{'.5' if match.group(2) else ''}강"
