"""The Lanchester check (runs/validation/lanchester.py) on a few short degenerate battles."""

from __future__ import annotations

from droneline.runs.validation import lanchester


def test_lanchester_square_law_in_the_degenerate_case():
    fit = lanchester.check(seeds=(1, 2), days=1.0, workers=2, boot=50)
    assert fit.residual_square < fit.residual_linear
    assert 1.6 < fit.exponent < 2.5
