"""Long jobs run in a child process with a time budget, and stop when the caller goes away."""

from __future__ import annotations

import os
import time

import pytest

from footprint.jobs import InBackground, JobFailed, JobTimeout, in_parallel, run_job


def _forever(progress=None):
    if progress:
        progress(0.5, "half")
    while True:
        time.sleep(0.05)


def _pid_file(path):
    path.write_text(str(os.getpid()))
    while True:
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child that is not yet reaped is a zombie; it no longer runs.
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().split()[2] != "Z"


def test_a_job_returns_its_result_and_progress():
    heard = []
    assert run_job(lambda n, progress: progress(1.0, "done") or n * 2, 21, budget_seconds=10,
                   progress=lambda f, m: heard.append((f, m))) == 42
    assert heard == [(1.0, "done")]


def test_a_job_past_its_budget_is_stopped(tmp_path):
    started = time.monotonic()
    with pytest.raises(JobTimeout):
        run_job(_pid_file, tmp_path / "pid", budget_seconds=1.0)
    assert time.monotonic() - started < 5
    assert not _alive(int((tmp_path / "pid").read_text()))


def test_a_job_stops_when_its_page_is_left(tmp_path):
    class Left(BaseException):
        pass

    calls = []

    def poll():
        calls.append(1)
        if len(calls) > 3 and (tmp_path / "pid").exists():
            raise Left

    with pytest.raises(Left):
        run_job(_pid_file, tmp_path / "pid", budget_seconds=60, poll=poll)
    assert not _alive(int((tmp_path / "pid").read_text()))


def test_value_errors_keep_their_message_and_other_failures_hide_details():
    def refuse():
        raise ValueError("the template is not a .pptx presentation")

    def crash():
        raise KeyError("/secret/server/path")

    with pytest.raises(ValueError, match=r"not a \.pptx"):
        run_job(refuse, budget_seconds=10)
    with pytest.raises(JobFailed) as caught:
        run_job(crash, budget_seconds=10)
    assert "/secret" not in str(caught.value)


def test_in_parallel_gives_the_results_in_order_from_several_processes():
    calls = [lambda n=n: (n * n, os.getpid()) for n in range(5)]
    results = in_parallel(calls, workers=2)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16]
    assert len({pid for _, pid in results}) == 2
    assert os.getpid() in {pid for _, pid in results}


def test_in_parallel_raises_a_workers_exception_here():
    def refuse():
        raise ValueError("no such date")

    with pytest.raises(ValueError, match="no such date"):
        in_parallel([lambda: 1, refuse], workers=2)


def test_in_parallel_works_inside_a_jobs_daemon_child():
    def squares():
        return in_parallel([lambda n=n: (n * n, os.getpid()) for n in range(4)], workers=2)

    results = run_job(squares, budget_seconds=30)
    assert [square for square, _ in results] == [0, 1, 4, 9]
    assert len({pid for _, pid in results}) == 2


def test_in_background_runs_every_call_in_children_while_this_process_works():
    with InBackground([lambda n=n: (n * n, os.getpid()) for n in range(5)], workers=2) as running:
        here = sum(range(1000))  # this process is free meanwhile
        results = running.results()
    assert here == 499500
    assert [square for square, _ in results] == [0, 1, 4, 9, 16]
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_in_background_raises_a_workers_exception_and_stops_children_left_behind():
    def refuse():
        raise ValueError("no such date")

    with pytest.raises(ValueError, match="no such date"), InBackground([lambda: 1, refuse], workers=2) as running:
        running.results()
    with pytest.raises(RuntimeError, match="planning failed"), InBackground(
            [lambda: time.sleep(60)], workers=1) as running:
        children = list(running.children)
        raise RuntimeError("planning failed")
    assert running.children == []
    for pid, _reader in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped: nothing left running
