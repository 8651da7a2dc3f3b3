"""Timing one page with Django's test client, shared by the page benchmarks."""

import statistics
import time


def timed(client, url, runs, warmup=3):
    """(median, 95th percentile) in milliseconds of `runs` requests, after `warmup` more."""
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
