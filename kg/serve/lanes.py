"""Admission control: heavy queries never take the last free worker.

A query is *heavy* when its text says so before it runs (two or more triple patterns made
only of variables: a cross product of the whole store) or when the same query, written
the same way, has overrun :data:`SLOW_AFTER` seconds or its time limit before. The pool
(:class:`kg.serve.pool.Pool`) keeps one worker of two or more out of reach of heavy
queries, so lookups keep their milliseconds while heavy queries run beside them; heavy
queries share the rest, and wait (then 503) when those are taken.

>>> lanes = Lanes()
>>> lanes.heavy("SELECT * { ?a ?b ?c . ?d ?e ?f }")
True
>>> lanes.heavy("SELECT * { ?e a ckg:Bombing }")
False
>>> lanes.observe("SELECT * { ?e a ckg:Bombing }", seconds=3.0)
>>> lanes.heavy("SELECT  *  { ?e a ckg:Bombing }")  # the same query, spaced otherwise
True
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from kg.sparql.lexer import significant

__all__ = ["Lanes", "SLOW_AFTER"]

SLOW_AFTER = 1.0  # seconds: a query that ran longer is heavy the next time
_REMEMBERED = 4096  # heavy queries remembered, least recently seen forgotten first


def _fingerprint(query: str) -> bytes:
    """The query's tokens, so spacing and comments do not make it a new query."""
    tokens = "\x00".join(t.text for t in significant(query))
    return hashlib.blake2b(tokens.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _cross_products(query: str) -> int:
    """How many triple patterns are three variables in a row (``?a ?b ?c``)."""
    run = count = 0
    for token in significant(query):
        run = run + 1 if token.kind == "var" else 0
        if run == 3:
            count += 1
    return count


class Lanes:
    """Which queries are heavy: by their shape, and by what they cost before."""

    def __init__(self, slow_after: float = SLOW_AFTER):
        self.slow_after = slow_after
        self._heavy: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()

    def heavy(self, query: str) -> bool:
        if _cross_products(query) >= 2:
            return True
        key = _fingerprint(query)
        with self._lock:
            if key in self._heavy:
                self._heavy.move_to_end(key)
                return True
        return False

    def observe(self, query: str, *, seconds: float, timed_out: bool = False) -> None:
        """Remember ``query`` as heavy when it ran ``slow_after`` seconds or more."""
        if not timed_out and seconds < self.slow_after:
            return
        key = _fingerprint(query)
        with self._lock:
            self._heavy[key] = None
            self._heavy.move_to_end(key)
            while len(self._heavy) > _REMEMBERED:
                self._heavy.popitem(last=False)
