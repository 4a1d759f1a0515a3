"""Allow `python -m microskills`."""

from __future__ import annotations

from microskills.cli import main

if __name__ == "__main__":
    main()
