"""연습 문제 채점기: 학생이 쓴 함수를 새 무작위 입력으로 불러 참조 구현과 비교하고 한국어로 알려 준다.

1강 (lesson1): check_police_batch, check_police_accuracy, check_counterfeiter_step.
2강 (lesson2): check_discriminator_loss, check_generator_loss, check_value_function, check_optimal_discriminator.
3강 (lesson3): check_kl_hist, check_kl_normal, check_new_target (+ 학습 결과 확인 compare_prediction).
4강 (lesson4, lesson4_step): check_generator_spec, check_interpolation, check_training_step.
5강 (lesson5): check_conditional_input, check_transposed_conv_size, check_discriminator_batch.

맞으면 "정답입니다!"를, 틀리면 무엇이 어떻게 틀렸는지와 힌트를 출력한다 (정답 코드는 보여 주지 않는다).
채점기는 덜 쓴 답에서도 멈추지 않는다: 함수가 None이거나, NotImplementedError나 다른 예외를 내거나,
None·틀린 자료형·틀린 모양·NaN을 돌려주는 경우를 하나하나 설명한다. 흔한 실수는 그 실수로 나올 값을 미리
계산해 두었다가 학생의 값과 맞춰 보고 콕 집어 말한다. 공통 뼈대(결과의 모양, 학생 함수 부르기, 값 비교)는 core에 있다.

노트북은 ``from gan_utils.checks import check_...``로 가져온다.
"""
from .core import CheckResult, ExerciseError, ExerciseFailed, ExerciseNotAttempted
from .lesson1 import check_counterfeiter_step, check_police_accuracy, check_police_batch
from .lesson2 import check_discriminator_loss, check_generator_loss, check_optimal_discriminator, check_value_function
from .lesson3 import check_kl_hist, check_kl_normal, check_new_target, compare_prediction
from .lesson4 import check_generator_spec, check_interpolation
from .lesson4_step import check_training_step
from .lesson5 import check_conditional_input, check_discriminator_batch, check_transposed_conv_size

__all__ = [
    "CheckResult", "ExerciseFailed", "ExerciseNotAttempted", "ExerciseError",
    "check_police_batch", "check_police_accuracy", "check_counterfeiter_step",
    "check_discriminator_loss", "check_generator_loss", "check_value_function", "check_optimal_discriminator",
    "check_kl_hist", "check_kl_normal", "check_new_target", "compare_prediction",
    "check_generator_spec", "check_interpolation", "check_training_step",
    "check_conditional_input", "check_transposed_conv_size", "check_discriminator_batch",
]
