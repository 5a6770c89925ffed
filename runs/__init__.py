"""Sweeps, single runs, result storage, analysis and plots."""
