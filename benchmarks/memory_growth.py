"""Memory over many battles in one process (issue 14, item 2): RSS after each of N three-day
battles of the default preset, each with its own seed (as in a sweep's replications), or
also on its own map (``maps``: the route caches then fill up to their byte budgets first).
Prints one CSV line per battle and a final comparison of RSS after battle 30 and after N.

    python -m benchmarks.memory_growth            # 300 battles (~30 min on one core)
    python -m benchmarks.memory_growth 60 1 maps  # 60 battles of one day, each on a new map

Not part of the test suite (too slow); tests/model/test_memory.py checks the cause in
seconds. Numbers go to docs/SECURITY.md.
"""

from __future__ import annotations

import copyreg
import gc
import sys
import time

SCENARIO = "pokrovsk_drone_line"


def rss_mb() -> float:
    """Resident set size of this process now (Linux), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(n: int = 300, days: float = 3.0, maps: bool = False) -> dict:
    from droneline.runs.single import run

    start = rss_mb()
    rss = {}
    t0 = time.perf_counter()
    print("battle,seconds,rss_mb,dispatch_table", flush=True)
    for i in range(1, n + 1):
        run(SCENARIO, days=days, seed=i, overrides={"map.seed": 1000 + i} if maps else None)
        gc.collect()
        rss[i] = rss_mb()
        print(
            f"{i},{time.perf_counter() - t0:.0f},{rss[i]:.1f},{len(copyreg.dispatch_table)}",
            flush=True,
        )
    ref = rss[min(30, n)]
    print(
        f"# start {start:.0f} MB; after {min(30, n)}: {ref:.0f} MB; after {n}: {rss[n]:.0f} MB;"
        f" growth {rss[n] - ref:+.0f} MB",
        flush=True,
    )
    return rss


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if args else 300,
        float(args[1]) if len(args) > 1 else 3.0,
        len(args) > 2 and args[2] == "maps",
    )
