"""`python -m assistant …` runs the `probity` CLI (e.g. from a worktree, whose code then wins)."""

from assistant.cli import main

main()
