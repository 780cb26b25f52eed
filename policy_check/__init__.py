"""policy-check: gap reports for ECT induction policies against the statutory guidance."""

__version__ = "0.1.0"
