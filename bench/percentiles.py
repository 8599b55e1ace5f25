"""Latency figures as the benchmarks report them: nearest-rank percentiles in milliseconds."""

import math


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value that at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(seconds: list[float], *, digits: int = 1) -> dict:
    """Count, p50, p95, p99 and max of durations given in seconds, in milliseconds."""
    if not seconds:
        return {"count": 0}
    milliseconds = [value * 1000 for value in seconds]
    return {
        "count": len(milliseconds),
        "p50": round(percentile(milliseconds, 0.50), digits),
        "p95": round(percentile(milliseconds, 0.95), digits),
        "p99": round(percentile(milliseconds, 0.99), digits),
        "max": round(max(milliseconds), digits),
    }
