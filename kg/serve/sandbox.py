"""The query workers' network sandbox: a seccomp filter that denies new IPv4/IPv6 sockets.

pyoxigraph evaluates ``SERVICE`` by HTTP. :func:`kg.sparql.guard.check_query` refuses
such queries before they run; this filter makes sure a query the check missed still
cannot reach the network.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys

__all__ = ["forbid_network"]


def forbid_network() -> bool:
    """Deny this process new IPv4/IPv6 sockets with a seccomp filter (Linux x86-64, arm64).

    A belt to :func:`kg.sparql.guard.check_query`'s braces: oxigraph evaluates ``SERVICE`` by HTTP.
    Returns whether the filter is in place.
    """
    arch = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}.get(os.uname().machine)
    if not sys.platform.startswith("linux") or arch is None:
        return False

    class Filter(ctypes.Structure):
        _fields_ = [
            ("code", ctypes.c_ushort),
            ("jt", ctypes.c_ubyte),
            ("jf", ctypes.c_ubyte),
            ("k", ctypes.c_uint32),
        ]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    load, jump_eq, ret = 0x20, 0x15, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET|K
    allow, refuse = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO|EPERM
    # seccomp_data: nr at 0, arch at 4, args[0] (the socket domain) at 16.
    rules = [
        (load, 0, 0, 4),
        (jump_eq, 0, 5, arch[0]),
        (load, 0, 0, 0),
        (jump_eq, 0, 3, arch[1]),
        (load, 0, 0, 16),
        (jump_eq, 2, 0, socket.AF_INET),
        (jump_eq, 1, 0, socket.AF_INET6),
        (ret, 0, 0, allow),
        (ret, 0, 0, refuse),
    ]
    filters = (Filter * len(rules))(*(Filter(*rule) for rule in rules))
    program = Program(len(rules), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    # PR_SET_NO_NEW_PRIVS (38) lets an unprivileged process install a filter;
    # PR_SET_SECCOMP (22), SECCOMP_MODE_FILTER (2). Threads started later inherit it.
    return libc.prctl(38, 1, 0, 0, 0) == 0 and libc.prctl(22, 2, ctypes.byref(program), 0, 0) == 0
