"""The query workers: one process per worker, so a runaway query can be killed.

pyoxigraph cannot be interrupted from a Python thread, so each query runs in a worker
*process*; one that overruns ``timeout`` is killed and replaced, so a runaway query
costs one worker for ``timeout`` seconds and the others keep answering. Each worker
opens the store read-only, never calls anything but ``Store.query`` (which parses
queries alone, never updates) and installs the network sandbox
(:func:`kg.serve.sandbox.forbid_network`) before it reads a job.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import signal
import threading
import time

from kg.core.errors import StoreError
from kg.serve.results import serialize
from kg.serve.sandbox import forbid_network

__all__ = ["Pool", "Busy", "QueryTimeout"]

log = logging.getLogger(__name__)


class _Reader:
    """The worker's read-only store, reopened when the writer has changed the files."""

    def __init__(self, path: str):
        self.path = path
        self.signature = None
        self.store = None
        self.counts = None

    def get(self):
        import pyoxigraph as ox

        signature = _signature(self.path)
        if signature != self.signature or self.store is None:
            try:
                self.store, self.signature, self.counts = (
                    ox.Store.read_only(self.path),
                    signature,
                    None,
                )
            except OSError:
                if self.store is None:
                    raise  # otherwise keep answering from the last good snapshot
        return self.store


def _signature(path: str) -> list[tuple[str, int, int]]:
    """Names, sizes and times of the store's files: they change whenever a writer commits."""
    entries = []
    for entry in os.scandir(path):
        try:
            stat = entry.stat()
        except FileNotFoundError:  # compaction removed it between listing and stat
            continue
        entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return sorted(entries)


def _worker_main(conn, path: str, prefixes: dict[str, str]) -> None:
    """Serve jobs from ``conn`` until it closes: one query at a time, in this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    sandboxed = forbid_network()
    reader = _Reader(path)
    try:
        reader.get()
    except OSError:
        conn.send(("failed", "the store could not be opened for reading"))
        return
    conn.send(("ready", sandboxed))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(_run_job(reader, job, prefixes, sandboxed))
        except Exception:  # noqa: BLE001 - the parent gets a clean message, never a trace
            conn.send(("error", 500, "the query could not be evaluated"))


def _run_job(reader: _Reader, job: dict, prefixes: dict[str, str], sandboxed: bool):
    import pyoxigraph as ox

    try:
        store = reader.get()
        if job["kind"] == "health":
            if reader.counts is None:
                graphs = sum(1 for _ in store.named_graphs())
                (row,) = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
                reader.counts = {
                    "triples": int(row[0].value),
                    "quads": len(store),
                    "graphs": graphs,
                }
            body = {"status": "ok", **reader.counts, "sandbox": sandboxed}
            return ("ok", "application/json", json.dumps(body).encode(), False)
        options = {}
        if job["default_graphs"]:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job["default_graphs"]]
        if job["named_graphs"]:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in job["named_graphs"]]
        result = store.query(job["query"], **options)
        return serialize(result, job["format"], job["max_rows"], prefixes, job.get("max_bytes"))
    except SyntaxError as error:
        return ("error", 400, f"SPARQL syntax error: {error}")
    except ValueError as error:
        return ("error", 400, f"bad request: {error}")
    except OSError:
        # A store read failed, or the sandbox stopped a network call: no detail leaves.
        return ("error", 500, "the query could not be evaluated")


class QueryTimeout(Exception):
    """A query overran its time; its worker was killed and is being replaced."""


class Busy(Exception):
    """No worker came free within the time limit."""


class _Worker:
    def __init__(self, context, path: str, prefixes: dict[str, str]):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, path, prefixes), daemon=True
        )
        self.process.start()
        child.close()
        self.sandboxed: bool | None = None

    def wait_ready(self, timeout: float) -> None:
        """Read the worker's hello (sent once its store is open)."""
        if self.sandboxed is not None:
            return
        if not self.conn.poll(timeout):
            raise QueryTimeout
        status, detail = self.conn.recv()
        if status != "ready":
            raise StoreError(detail)
        self.sandboxed = detail

    def kill(self) -> None:
        """End the process (at once: it may be deep in a query) and close the pipe; idempotent."""
        self.process.kill()
        self.process.join(2)
        with contextlib.suppress(OSError):  # closed already, by the thread that raced us here
            self.conn.close()


class Pool:
    """Worker processes; a job that overruns its time is ended by killing its worker.

    Args:
        path: the store folder, opened read-only by each worker.
        size: how many workers.
        timeout: seconds a job may run (and wait for a worker).
        prefixes: the prefixes Turtle answers are written with.
    """

    def __init__(self, path: str, size: int, timeout: float, prefixes: dict[str, str]):
        # forkserver forks each worker from a clean, single-threaded process that has
        # imported this module once, so a replacement starts in milliseconds.
        if "forkserver" in multiprocessing.get_all_start_methods():
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload([__name__])
        else:
            self._context = multiprocessing.get_context("spawn")
        self._path, self._prefixes, self.timeout = path, prefixes, timeout
        self.closed = False
        self._idle: list[_Worker] = []
        self._free = threading.Condition()  # guards _idle
        # A heavy job takes a worker only while another stays idle, so lookups always
        # find one free (a pool of one worker keeps none back).
        self.reserve = 1 if size > 1 else 0
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.replaced = 0
        workers = [self._spawn() for _ in range(max(1, size))]
        try:
            for worker in workers:
                worker.wait_ready(60)
        except StoreError:
            self.close()
            raise
        except (QueryTimeout, EOFError, OSError):
            self.close()
            # multiprocessing re-imports the main script in each worker (Python docs,
            # "Safe importing of main module"), so an unguarded script ends them at once.
            raise StoreError(
                "the query worker processes did not start; a script that calls "
                "make_server must do so under `if __name__ == '__main__':`"
            ) from None
        self.sandboxed = all(w.sandboxed for w in workers)
        for worker in workers:
            self._release(worker)

    def _spawn(self) -> _Worker | None:
        with self._lock:  # under the lock, so close() cannot miss a worker started meanwhile
            if self.closed:
                return None
            worker = _Worker(self._context, self._path, self._prefixes)
            self._all.add(worker)
            return worker

    def _acquire(self, heavy: bool) -> _Worker:
        """An idle worker; a heavy job waits while the others would leave none for lookups."""

        def ready() -> bool:
            return len(self._idle) > (self.reserve if heavy else 0)

        with self._free:
            if not self._free.wait_for(ready, timeout=self.timeout):
                raise Busy
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._free:
            self._idle.append(worker)
            self._free.notify_all()

    def run(self, job: dict, *, heavy: bool = False):
        """Run ``job`` on an idle worker; raises Busy (none came free) or QueryTimeout.

        A ``heavy`` job (:mod:`kg.serve.lanes`) never takes the last worker of two or more.
        """
        worker = self._acquire(heavy)
        deadline = time.monotonic() + self.timeout
        try:
            worker.wait_ready(self.timeout)
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout
            reply = worker.conn.recv()
        except (QueryTimeout, EOFError, OSError, StoreError) as error:
            self._replace(worker)
            if isinstance(error, QueryTimeout):
                raise
            return ("error", 500, "the query worker failed")
        self._release(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        fresh = self._spawn()
        if fresh is not None:  # admitted to the idle queue once started, so no query waits on it
            threading.Thread(target=self._admit, args=(fresh,), daemon=True).start()

    def _admit(self, worker: _Worker) -> None:
        try:
            worker.wait_ready(60)
        except (StoreError, QueryTimeout, EOFError, OSError):
            with self._lock:
                self._all.discard(worker)
            worker.kill()
            if not self.closed:
                log.error("a replacement query worker did not start; %d remain", len(self._all))
            return
        self._release(worker)

    def close(self) -> None:
        with self._lock:
            self.closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
