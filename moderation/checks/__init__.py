"""The rule checks: each module's `check(context)` returns a list of Results (see base.py)."""
