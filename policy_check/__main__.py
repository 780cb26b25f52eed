"""Allow `python -m policy_check`."""

from policy_check.cli import main

main()
