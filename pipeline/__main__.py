"""`python -m pipeline` is the `disclose` command."""

from pipeline.cli import main

main()
