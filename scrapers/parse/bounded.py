"""Run one parse under a time budget and a memory bound, in a forked worker.

Parsers are third-party code fed with third-party bytes: feedparser's e-mail
pattern is quadratic in an ``<author>`` field, an entity-expansion document
or a deep nesting can blow memory or the stack. Rather than guessing every
pathology, each parse of a feed, a page or an archive runs in a child
process (``os.fork``: no re-import, a few milliseconds) that

* has a memory bound: ``RLIMIT_AS`` set to what the process maps now plus
  ``memory`` bytes, so a parse that wants more gets a MemoryError (reported
  as a one-line error) instead of taking the machine down;
* has a time budget: the parent waits ``seconds`` at most for the answer,
  then kills the child (SIGKILL, nothing to clean up: a parser writes no
  file) and reports a one-line error.

The child sends back the result (pickled) and the log records it emitted,
which the parent re-emits on the same loggers, so warnings about skipped
entries still reach the CLI and the tests. Exceptions come back as a
ParseError naming the source; a Megawatch error keeps its own type.

Chosen over in-process input caps alone because it bounds what nobody has
found yet; the few known pathologies are *also* cut before the parser
(entity declarations, invalid character references, zip ratios), so they
end early and small. Measured costs and figures: docs/hostile-input.md.
Without ``os.fork`` (not Linux/macOS), or with ``MEGAWATCH_PARSE_IN_PROCESS=1`` in the
environment (to step through a parser in a debugger), the function runs
in-process, unbounded.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from scrapers.errors import MegawatchError, ParseError

log = logging.getLogger(__name__)

T = TypeVar("T")
MiB = 1024 * 1024

# Budgets: a base plus a share proportional to the input's size, so a 15 MiB
# feed may use what it needs while a 1 KiB entity bomb gets little room.
FEED_SECONDS, FEED_SECONDS_PER_MIB = 5.0, 1.0
PAGE_SECONDS, PAGE_SECONDS_PER_MIB = 8.0, 2.0
BASE_MEMORY = 48 * MiB
MEMORY_PER_INPUT_BYTE = 12   # feedparser/lxml trees take about 5-10x their input
ARCHIVE_SECONDS = 300.0
ARCHIVE_MEMORY = 1024 * MiB  # an account's own archive: large, but still bounded

_ENABLED = hasattr(os, "fork") and os.environ.get("MEGAWATCH_PARSE_IN_PROCESS") != "1"


def budget(size: int, seconds: float, per_mib: float) -> tuple[float, int]:
    """(seconds, memory bytes) for an input of ``size`` bytes."""
    return seconds + per_mib * size / MiB, BASE_MEMORY + MEMORY_PER_INPUT_BYTE * size


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a broken record is dropped, not fatal
            return
        exc = ""
        if record.exc_info:
            exc = "".join(traceback.format_exception(*record.exc_info))[-4000:]
        self.records.append((record.name, record.levelno, text, exc))


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent(parent: int) -> None:
    """Linux: the worker gets SIGKILL when the scraper dies (kill -9 leaves no worker)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def _child(func, args, kwargs, memory: int, seconds: float, out: int) -> None:
    collect = _Collect()
    root = logging.getLogger()
    root.handlers = [collect]  # the parent re-emits; nothing printed from here
    mapped = _mapped_bytes()
    try:
        if mapped:
            resource.setrlimit(resource.RLIMIT_AS, (mapped + memory, mapped + memory))
        cpu = int(seconds) + 2  # a backstop to the parent's wall-clock deadline
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ValueError, OSError):
        pass
    try:
        result = ("ok", func(*args, **kwargs))
    except MemoryError:
        result = ("memory",)
    except RecursionError:
        result = ("error", "RecursionError", "nesting too deep")
    except MegawatchError as exc:
        result = ("megawatch", exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as text
        result = ("error", type(exc).__name__, " ".join(str(exc).split())[:300])
    try:
        payload = pickle.dumps((result, collect.records), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps((("memory",), []))
    except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug; say so
        payload = pickle.dumps((("error", "PicklingError", str(exc)[:300]), collect.records))
    view = memoryview(payload)
    while view:
        written = os.write(out, view)
        view = view[written:]


def run(func: Callable[..., T], *args, who: str, what: str, seconds: float, memory: int,
        **kwargs) -> T:
    """``func(*args, **kwargs)`` in a worker bounded by ``seconds`` and ``memory``.

    Raise ParseError(who, "<what>: ...") when the budget is exceeded or the
    worker dies; re-raise the MegawatchError the function raised; any other
    exception becomes a ParseError naming its type.
    """
    if not _ENABLED:
        return func(*args, **kwargs)
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(read_end)
            _die_with_parent(parent)
            _child(func, args, kwargs, memory, seconds, write_end)
        except BaseException:  # noqa: BLE001 - whatever happens, never return into the caller
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise ParseError(who, f"{what}: parsing took longer than the {seconds:.0f} s time budget; "
                              "refused")
    if not chunks:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise ParseError(who, f"{what}: parsing took longer than the {seconds:.0f} s time "
                                  "budget; refused")
        raise ParseError(who, f"{what}: the parser died ({_status(status)}), "
                              f"memory bound {memory // MiB} MiB")
    result, records = pickle.loads(b"".join(chunks))
    for name, level, text, exc in records:
        logger = logging.getLogger(name)
        if logger.isEnabledFor(level):
            record = logger.makeRecord(name, level, "(parse worker)", 0, text, None, None)
            if exc:
                record.exc_text = exc
            logger.handle(record)
    kind = result[0]
    if kind == "ok":
        return result[1]
    if kind == "megawatch":
        raise result[1]
    if kind == "memory":
        raise ParseError(who, f"{what}: parsing needs more than the {memory // MiB} MiB "
                              "memory bound; refused")
    _, name, text = result
    raise ParseError(who, f"{what}: parser failed with {name}: {text}")


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        try:
            return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
        except ValueError:
            return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
