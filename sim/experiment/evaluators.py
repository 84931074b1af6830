"""Evaluators: where runs execute. Each is a context manager with one verb,
:meth:`Evaluator.imap_unordered`, which yields results as runs finish (in any order).

* :class:`SerialEvaluator`: in this process, one run after another.
* :class:`ProcessEvaluator`: local worker processes (``concurrent.futures`` with an explicit
  ``spawn`` context; the global start method is never touched). A worker that dies breaks the
  pool: the sweep stops and ``--resume`` finishes it.
* :class:`DaskEvaluator`: Dask distributed, on a local cluster it starts or on a running
  scheduler (``tcp://HOST:PORT``); Dask reschedules the runs of a lost worker itself.

Workers run with one BLAS/OpenMP/Numba thread each (``THREAD_ENV``), so that workers × threads
= cores. At most a few runs per worker are in flight at a time, so a sweep of a million runs
does not hold a million pending tasks.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sim.experiment.errors import ExperimentError, SweepAborted

THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "NUMBA_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1",
              "NUMEXPR_NUM_THREADS": "1", "COALSIM_THREADS": "1"}
BACKENDS = ("serial", "processes", "dask")
IN_FLIGHT_PER_WORKER = 2


def local_cores() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


class Evaluator(ABC):
    """Runs ``fn(item)`` for each item and yields the results as they finish."""

    name = ""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @abstractmethod
    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(item)`` for every item, in order of completion."""

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "workers": self.workers}


class SerialEvaluator(Evaluator):
    """Every run in this process, in order."""

    name = "serial"

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)


def _init_worker(parent_pid: int) -> None:
    """Worker start: one thread per numeric library; Ctrl-C is the parent's to handle (it
    stops the workers); exit if the parent dies (no orphans)."""
    import signal

    os.environ.update(THREAD_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class ProcessEvaluator(Evaluator):
    """Local worker processes started with the ``spawn`` method.

    While the evaluator is open, the thread limits of ``THREAD_ENV`` are also set in this
    process's environment (which spawned workers inherit before they import numpy) and
    restored on exit.
    """

    name = "processes"

    def __init__(self, workers: int | None = None) -> None:
        super().__init__(workers or local_cores())
        self._pool: Any = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> ProcessEvaluator:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._saved_env = {k: os.environ.get(k) for k in THREAD_ENV}
        os.environ.update(THREAD_ENV)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker, initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc: object) -> None:
        exc_type = exc[0] if exc else None
        pool, self._pool = self._pool, None
        try:
            if pool is not None:
                if exc_type is None:
                    pool.shutdown(wait=True)
                else:
                    _terminate(pool)
        finally:
            for key, value in self._saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        if self._pool is None:
            raise RuntimeError("use the evaluator in a `with` block")
        pending: set[Any] = set()
        source = iter(items)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                else:
                    pending.add(self._pool.submit(fn, item))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except BrokenProcessPool as exc:
                    raise SweepAborted(f"a worker process died ({exc}); the runs finished so "
                                       "far are saved") from None


_END = object()


def _terminate(pool: Any) -> None:
    """Stop a process pool now: cancel what is queued and kill its workers."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


class DaskEvaluator(Evaluator):
    """Dask distributed: a local cluster of ``workers`` single-threaded processes, or the
    workers of a running scheduler at ``scheduler`` (which must have coalition-sim installed)."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        super().__init__(workers or local_cores())
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEvaluator:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExperimentError("the dask backend needs Dask distributed: pip install "
                                  "'coalition-sim[dask]'") from None
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ExperimentError(f"--scheduler {self.scheduler}: cannot connect ({exc})"
                                      ) from None
            self.workers = max(1, sum(self._client.nthreads().values()))
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR, env=dict(THREAD_ENV))
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def imap_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        if self._client is None:
            raise RuntimeError("use the evaluator in a `with` block")
        source = iter(items)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        running = as_completed()
        for item in source:
            running.add(self._client.submit(fn, item, pure=False))
            if running.count() >= limit:
                break
        for future in running:
            result = future.result()
            future.release()
            item = next(source, _END)
            if item is not _END:
                running.add(self._client.submit(fn, item, pure=False))
            yield result

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "workers": self.workers,
                "scheduler": self.scheduler or "local cluster"}


def make_evaluator(backend: str = "processes", workers: int | None = None,
                   scheduler: str | None = None) -> Evaluator:
    """The evaluator for a backend name."""
    if backend not in BACKENDS:
        raise ExperimentError(f"unknown backend {backend!r}; expected one of "
                              f"{', '.join(BACKENDS)}")
    if workers is not None and workers < 1:
        raise ExperimentError(f"--workers must be at least 1 (got {workers})")
    if scheduler and backend != "dask":
        raise ExperimentError("--scheduler needs --backend dask")
    if backend == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ExperimentError("the dask backend needs Dask distributed: pip install "
                                  "'coalition-sim[dask]'") from None
    if backend == "serial":
        return SerialEvaluator(1)
    if backend == "processes":
        return ProcessEvaluator(workers)
    return DaskEvaluator(workers, scheduler)
