"""One retry policy for every network call: HTTP feeds and pages, and the X API.

Built on tenacity (its stop/wait/retry hooks and an injectable ``sleep``)
rather than a hand-written loop in each client. A call raises
:class:`Retryable` for a failure worth another try; each failure has a
*kind* ("error", "429", ...), and each kind has its own :class:`Budget`
(tries in all, first wait, cap on one wait). A server-imposed wait
(Retry-After, x-rate-limit-reset) rides on the exception and wins over the
computed backoff when longer. When a budget is spent, the last
:class:`Retryable` is re-raised with ``failures`` set, for the caller's
one-line error.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import tenacity

T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """``attempts`` tries in all; waits ``backoff``, 2x, 4x..., each at most ``max_wait``."""

    attempts: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0

    def __post_init__(self):
        if self.attempts < 1:
            raise ValueError(f"attempts must be >= 1, got {self.attempts!r}")


class Retryable(Exception):
    """One try failed in a way worth another (until its kind's budget is spent)."""

    def __init__(self, reason: str, *, kind: str = "error", wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.wait = wait          # server-imposed wait in seconds, if any
        self.failures = 0         # failures of this kind so far, set by call()


def call(fn: Callable[[], T], budgets: Mapping[str, Budget], *,
         sleep: Callable[[float], None] = time.sleep,
         on_retry: Callable[[Retryable, float], None] | None = None) -> T:
    """``fn()``, retried on :class:`Retryable` within ``budgets``.

    Any other exception goes straight through. When the budget of a
    failure's kind is spent, that :class:`Retryable` is raised.
    """
    counts: Counter[str] = Counter()

    def worth_retrying(exc: BaseException) -> bool:
        if not isinstance(exc, Retryable):
            return False
        counts[exc.kind] += 1
        exc.failures = counts[exc.kind]
        return True

    def budget(state: tenacity.RetryCallState) -> tuple[Retryable, Budget]:
        exc = state.outcome.exception()
        return exc, budgets[exc.kind]

    def stop(state: tenacity.RetryCallState) -> bool:
        exc, b = budget(state)
        return exc.failures >= b.attempts

    def wait(state: tenacity.RetryCallState) -> float:
        exc, b = budget(state)
        computed = b.backoff * 2 ** (exc.failures - 1)
        if exc.wait is not None:
            computed = max(computed, exc.wait)
        return min(computed, b.max_wait)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if on_retry is not None:
            on_retry(state.outcome.exception(), state.upcoming_sleep)

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(worth_retrying), stop=stop, wait=wait,
        sleep=sleep, before_sleep=before_sleep, reraise=True)
    return retrying(fn)
