"""`python -m pl_cost` runs the CLI."""

from pl_cost.cli import main

main()
