"""`python -m builder`: the same commands as `broadsheet` and `python build.py`."""

import sys

from .cli import main

sys.exit(main(prog="python -m builder"))
