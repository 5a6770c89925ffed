"""droneline's benchmarks: ``python -m benchmarks`` (or ``make bench``) runs them all and
writes docs/PERFORMANCE.md."""
