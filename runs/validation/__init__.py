"""Validation: the experiments V1-V8 declared as data (``experiments``, ``experiments.toml``),
run (``execution``) and judged (``estimators``); the Lanchester check (``lanchester``); the
report (``report``)."""
