"""The RDF files written by a second process while this one derives the other outputs.

Writing ``graph.ttl``, ``graph.nt``, ``graph.nq``, ``graph.trig`` and ``graph.jsonld``
(:func:`kg.publish.formats.segmented.write_segmented`) took close to half of a fresh
build's refresh after fusion, and needs nothing of what the rest of the refresh derives (the network,
the tables, the viewer's sources): only the store, which no longer changes once fusion
is done. On a machine of two cores or more, a large graph's RDF files are therefore
written by another Python process reading the store through a read-only view
(:func:`open_store` with ``read_only=True``), while this process goes on. The files are the
same bytes either way: the same function writes them from the same store.

Started before fusion, in a build that writes the files whole, the other process renders
every named graph's unit meanwhile (:func:`kg.publish.formats.segmented.render_named_graphs`:
fusion writes the default graph only), most of the files' bytes; it waits for
:meth:`RdfFilesInBackground.go`, sent once fusion is done, to write the rest.

The other process is a fresh interpreter (not a fork of this one, whose RocksDB threads
a fork would not carry) given its arguments through a pipe; starting it costs about a
second, so a graph smaller than :data:`BACKGROUND_QUADS` is written in this process.
:class:`CallInBackground` runs any other function of kg the same way (the network and the
tables of :mod:`kg.publish.incremental`).
"""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from kg.core.errors import KgError
from kg.core.files import remove_file
from kg.publish.formats.segmented import (
    SEGMENTED,
    Changes,
    render_named_graphs,
    scratch_file,
    write_segmented,
)

__all__ = ["BACKGROUND_QUADS", "CallInBackground", "RdfFilesInBackground", "child_main"]

#: Graphs of at least this many quads have their RDF files written by another process.
BACKGROUND_QUADS = 200_000

_CHILD = "from kg.publish.formats.background import child_main; child_main()"


class _Child:
    """A fresh interpreter running :func:`child_main`, fed pickled messages on its standard
    input (from a thread: a large message would otherwise block until it reads), answering
    one pickled ``("ok", value)`` or ``("error", exception)`` on its standard output."""

    what = "the other process"

    def __init__(self, first_message, *, last: bool = False):
        root = str(Path(__file__).resolve().parents[3])  # the folder that holds kg/
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
        }
        self._process = subprocess.Popen(  # noqa: S603 (this interpreter, a fixed command)
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._feeder: threading.Thread | None = None
        self._answered = False
        self._value = None
        self._send(first_message, last=last)

    def _send(self, message, *, last: bool = False) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        if self._feeder is not None:
            self._feeder.join()
        self._feeder = threading.Thread(target=self._feed, args=(payload, last), daemon=True)
        self._feeder.start()

    def _feed(self, payload: bytes, last: bool) -> None:
        try:
            self._process.stdin.write(payload)
            self._process.stdin.flush()
            if last:
                self._process.stdin.close()
        except (OSError, ValueError):  # the process died or was stopped: _answer() says so
            pass

    def _answer(self):
        """Wait for the answer; raise what the other process raised."""
        if self._answered:
            return self._value
        data = self._process.stdout.read()
        self._process.stdout.close()
        code = self._process.wait()
        if self._feeder is not None:
            self._feeder.join()
        try:
            outcome, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 (it died without a word: say so)
            raise KgError(f"{self.what} stopped (exit status {code})") from None
        if outcome == "error":
            raise value
        self._answered, self._value = True, value
        return value

    def cancel(self) -> None:
        """Stop the other process, if it is still running."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._feeder is not None:
            self._feeder.join()
        for stream in (self._process.stdout, self._process.stdin):
            if stream is not None and not stream.closed:
                with suppress(OSError):
                    stream.close()


class RdfFilesInBackground(_Child):
    """:func:`write_segmented` of ``formats`` running in another process.

    Args:
        store: the embedded store (:class:`kg.store.embedded.OxigraphStore`), flushed here
            (and by :meth:`go`) so that the other process's read-only view holds every
            committed quad.
        out: the folder the files are written to.
        formats: the formats (a subset of :data:`kg.publish.formats.segmented.SEGMENTED`).
        prepare: render the named graphs' units until :meth:`go` is called, which the
            caller does once the default graph is written; without, nothing is read before.
    """

    what = "the process writing the RDF files"

    def __init__(self, store, out: Path, formats: Iterable[str], *, prepare: bool = False):
        self.formats = list(formats)
        self._store, self._out = store, Path(out)
        self._sent = False
        store.flush()
        super().__init__(("rdf", str(store.out), str(out), self.formats, prepare))

    def go(
        self,
        *,
        digests: dict[str, str] | None = None,
        index: dict | None = None,
        changes: Changes | None = None,
    ) -> None:
        """Write the files now that the store holds what they are written from; the
        arguments as :func:`write_segmented`'s. Only the first call counts."""
        if self._sent:
            return
        self._sent = True
        self._store.flush()
        self._send((digests, index, changes), last=True)

    def result(self) -> dict[str, Path]:
        """Wait for the files; ``{format: path}`` as :func:`write_segmented` returns.

        Raises:
            ExportError, KgError: what writing the files raised in the other process.
        """
        return {fmt: Path(path) for fmt, path in self._answer().items()}

    def cancel(self) -> None:
        """Stop the other process, if it is still running (the files it had not finished
        keep their previous version)."""
        super().cancel()
        for fmt in self.formats:
            if SEGMENTED[fmt][1]:
                remove_file(scratch_file(self._out, fmt))


class CallInBackground(_Child):
    """``function(*args)`` called in another process; ``function`` named
    ``"module:name"``, its arguments and result pickled."""

    def __init__(self, function: str, *args):
        self.what = f"the process running {function}"
        super().__init__(("call", function, args), last=True)

    def result(self):
        """Wait for the result; raise what the function raised."""
        return self._answer()


def child_main() -> None:
    """The other process: read the arguments from standard input, do the work, answer on
    standard output with ``("ok", value)`` or ``("error", exception)``."""
    message = pickle.load(sys.stdin.buffer)
    prepared = None
    try:
        if message[0] == "call":
            module, name = message[1].split(":")
            value = getattr(importlib.import_module(module), name)(*message[2])
        else:
            value, prepared = _rdf_files(*message[1:])
        answer = ("ok", value)
    except Exception as error:  # noqa: BLE001 (handed to the parent, which raises it)
        answer = ("error", error)
    finally:
        if prepared is not None:
            prepared.remove()
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # an exception that cannot be rebuilt there is sent as text
    except Exception:  # noqa: BLE001
        data = pickle.dumps(("error", KgError(str(answer[1]))))
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _rdf_files(store_out: str, out: str, formats: list[str], prepare: bool):
    from kg.store.embedded import OxigraphStore

    prepared = None
    try:
        if prepare:
            store = OxigraphStore(Path(store_out), read_only=True)
            try:
                prepared = render_named_graphs(store, Path(out), formats)
            finally:
                store.close()
        digests, index, changes = pickle.load(sys.stdin.buffer)
        # A view opened now: the one above was opened before the default graph was written.
        store = OxigraphStore(Path(store_out), read_only=True)
        try:
            files = write_segmented(
                store,
                Path(out),
                formats,
                digests=digests,
                index=index,
                changes=changes,
                prepared=prepared,
            )
        finally:
            store.close()
    except BaseException:
        if prepared is not None:
            prepared.remove()
        raise
    return {fmt: str(path) for fmt, path in files.items()}, prepared
