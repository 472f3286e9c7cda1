"""Long jobs (extraction, deck builds, time-lapses) in a child process with a time budget.

A thread cannot be stopped, a process can: ``run_job`` forks a child that inherits what the caller already
built (the gazetteer, the dataset), waits for its answer while calling ``poll`` about five times a second, and
kills the child when the budget runs out, when ``poll`` raises (a Streamlit page raises from any widget call
once its user has left) or on any other way out. The child reports progress and its result through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any

ProgressFn = Callable[[float, str], None]


class JobTimeout(RuntimeError):
    """The job ran past its budget and was stopped."""


class JobFailed(RuntimeError):
    """The job raised something other than a ValueError; the details went to the server log."""


def _child(connection, function: Callable[..., Any], args: tuple, kwargs: dict, wants_progress: bool) -> None:
    try:
        if wants_progress:
            kwargs = {**kwargs, "progress": lambda fraction, message: connection.send(("progress", fraction, message))}
        result = function(*args, **kwargs)
        connection.send(("done", result))
    except ValueError as error:  # the callee's own words for bad input, meant for the user
        connection.send(("refused", str(error)))
    except BaseException:
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()


def run_job(function: Callable[..., Any], *args: Any, budget_seconds: float, poll: Callable[[], None] | None = None,
            progress: ProgressFn | None = None, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` in a forked child, within ``budget_seconds``.

    With ``progress``, the function is also given a ``progress(fraction, message)`` callback whose reports
    reach ``progress`` here. A ValueError in the child is raised here with its message; running out of time
    raises JobTimeout; any other failure raises JobFailed (its traceback is printed to the server's log).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args, kwargs, progress is not None),
                              daemon=True)
    started = time.monotonic()
    process.start()
    sender.close()
    try:
        while True:
            if receiver.poll(0.2):
                try:
                    message = receiver.recv()
                except EOFError:
                    raise JobFailed(f"the job stopped without an answer (exit code {process.exitcode})") from None
                if message[0] == "progress":
                    if progress is not None:
                        progress(message[1], message[2])
                    continue
                if message[0] == "done":
                    return message[1]
                if message[0] == "refused":
                    raise ValueError(message[1])
                print(message[1], flush=True)  # the server log keeps the traceback; the user gets one sentence
                raise JobFailed("the job failed; the details are in the server's log")
            if poll is not None:
                poll()
            if time.monotonic() - started > budget_seconds:
                raise JobTimeout(f"stopped after {budget_seconds:.0f} seconds")
    finally:
        receiver.close()
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=5)


def in_parallel(calls: list[Callable[[], Any]], *, workers: int | None = None) -> list[Any]:
    """``[call() for call in calls]``, spread over the machine's cores: the calls are dealt round-robin to this
    process and to forked children (which inherit what the calls close over, so nothing but the results is
    pickled). Results come back in order; a call's exception is raised here. Works inside ``run_job``'s child,
    whose daemon flag forbids ``multiprocessing`` pools. Deterministic calls give the same results as in series.
    """
    shares = _shares(len(calls), workers)
    children = [_fork_share(calls, share) for share in shares[1:]]
    results: dict[int, Any] = {}
    try:
        results.update((index, calls[index]()) for index in shares[0])
    finally:
        _collect(children, results)
    return [results[index] for index in range(len(calls))]


class InBackground:
    """``calls`` started at once in forked children, one share per core, while this process does other work.

    ``results()`` waits for them and gives ``[call() for call in calls]`` in order (a call's exception is raised
    there); leaving the ``with`` block stops children that are still running. Works inside ``run_job``'s child.
    """

    def __init__(self, calls: list[Callable[[], Any]], *, workers: int | None = None):
        self.count = len(calls)
        self.children = [_fork_share(calls, share) for share in _shares(len(calls), workers)]

    def results(self) -> list[Any]:
        children, self.children = self.children, []
        results: dict[int, Any] = {}
        _collect(children, results)
        return [results[index] for index in range(self.count)]

    def __enter__(self) -> InBackground:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for pid, reader in self.children:
            os.close(reader)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.children = []


def _shares(count: int, workers: int | None) -> list[list[int]]:
    parts = max(1, min(workers or len(os.sched_getaffinity(0)), count))
    return [list(range(count))[start::parts] for start in range(parts)]


def _collect(children: list[tuple[int, int]], results: dict[int, Any]) -> None:
    """Wait for every child, then add their results, or raise the first failure."""
    failure: BaseException | None = None
    for pid, reader in children:
        with os.fdopen(reader, "rb") as stream:
            payload = stream.read()
        os.waitpid(pid, 0)
        if not payload:
            failure = failure or JobFailed("a parallel worker stopped without an answer")
            continue
        outcome, value = pickle.loads(payload)
        if outcome == "failed":
            failure = failure or value
        else:
            results.update(value)
    if failure is not None:
        raise failure


def _fork_share(calls: list[Callable[[], Any]], share: list[int]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    # The child: run its share, send the results (or the exception) and leave without running the parent's
    # exit handlers or flushing its buffers.
    status = 0
    try:
        os.close(reader)
        try:
            payload = pickle.dumps(("done", [(index, calls[index]()) for index in share]))
        except BaseException as error:
            try:
                payload = pickle.dumps(("failed", error))
            except Exception:
                payload = pickle.dumps(("failed", JobFailed(f"{type(error).__name__}: {error}")))
        with os.fdopen(writer, "wb") as stream:
            stream.write(payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)
