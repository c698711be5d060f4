"""1~5강 퀴즈: 문제 형식, 정답은 맞았다고 하고 오답은 힌트와 함께 틀렸다고 하는지, 강의 노트북에 퀴즈가 있는지."""
import nbformat
import pytest

from conftest import has_hangul
from gan_utils.quizzes import (LESSON1_QUIZ, LESSON2_QUIZ, LESSON3_QUIZ, LESSON3B_QUIZ, LESSON4_QUIZ, LESSON5_QUIZ,
                               check_quiz_answer)
from gan_utils.widgets import quiz_widget
from test_notebooks import NOTEBOOK_DIR

QUIZZES = {"LESSON1_QUIZ": LESSON1_QUIZ, "LESSON2_QUIZ": LESSON2_QUIZ, "LESSON3_QUIZ": LESSON3_QUIZ,
           "LESSON3B_QUIZ": LESSON3B_QUIZ, "LESSON4_QUIZ": LESSON4_QUIZ,
           "LESSON5_QUIZ": LESSON5_QUIZ}
CASES = [(name, i, choice) for name, quiz in QUIZZES.items() for i, item in enumerate(quiz)
         for choice in range(len(item["choices"]))]


@pytest.mark.parametrize("name", QUIZZES)
def test_quiz_is_well_formed(name):
    quiz = QUIZZES[name]
    assert 3 <= len(quiz) <= 6
    for item in quiz:
        assert len(item["choices"]) >= 3 and len(set(item["choices"])) == len(item["choices"])
        assert 0 <= item["answer"] < len(item["choices"])
        assert all(has_hangul(item[key]) for key in ("question", "explanation", "hint"))
        assert "\u2212" not in str(item)
    if name != "LESSON1_QUIZ":
        assert 4 <= len(quiz) <= 6
        assert len({item["answer"] for item in quiz}) >= 3, "정답이 늘 같은 자리에 있으면 안 됩니다"


@pytest.mark.parametrize("name,index,choice", CASES)
def test_each_choice_gets_the_right_verdict_and_feedback(name, index, choice):
    item = QUIZZES[name][index]
    correct, message = check_quiz_answer(index, choice, QUIZZES[name])
    if choice == item["answer"]:
        assert correct and message.startswith("정답입니다!") and item["explanation"] in message
    else:
        assert not correct and item["hint"] in message and item["choices"][choice] in message
        assert "정답입니다" not in message


@pytest.mark.parametrize("name", [name for name in QUIZZES if name != "LESSON1_QUIZ"])
def test_widget_scores_a_right_answer_and_explains_a_wrong_one(name, ipywidgets):
    quiz = QUIZZES[name]
    box = quiz_widget(quiz)
    wrong = next(c for c in range(len(quiz[0]["choices"])) if c != quiz[0]["answer"])
    box.radios[0].index = wrong
    box.buttons[0].click()
    assert quiz[0]["hint"] in box.feedbacks[0].value and f"0 / {len(quiz)}" in box.score.value
    box.radios[0].index = quiz[0]["answer"]
    box.buttons[0].click()
    assert "정답입니다" in box.feedbacks[0].value and f"1 / {len(quiz)}" in box.score.value


@pytest.mark.parametrize("stem,name", [("02", "LESSON2_QUIZ"), ("03", "LESSON3_QUIZ"), ("03b", "LESSON3B_QUIZ"),
                                       ("04", "LESSON4_QUIZ"), ("05", "LESSON5_QUIZ")])
def test_lesson_shows_its_quiz(stem, name):
    path = next(NOTEBOOK_DIR.glob(f"{stem}_*.ipynb"))
    sources = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert any(f"quiz_widget({name})" in s for s in sources), path.name
    assert any(f"check_quiz_answer(" in s and name in s for s in sources), path.name
