"""``python -m tui`` does what the ``secondheart`` command does."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
