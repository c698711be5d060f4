"""`python -m gan_utils ...` 로 명령줄을 실행한다."""
import sys

from .cli import main

sys.exit(main())
