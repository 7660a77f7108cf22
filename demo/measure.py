"""How the benches measure: memory read off /proc, and a measure taken in a forked copy of the
process so that what earlier measures left in the heap neither hides nor inflates it."""

import json
import os
from pathlib import Path

from django.db import connection


class BenchRefused(Exception):
    pass


def status_kb(field: str) -> int:
    """A figure of /proc/self/status (VmRSS, VmHWM) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def apart(measure):
    """`measure()` run in a forked copy of this process; its result must be JSON. In place
    inside a transaction (the tests): the copy could not see its rows."""
    if connection.in_atomic_block or not hasattr(os, "fork"):
        return measure()
    connection.close()  # the copy opens its own: one socket shared by two processes breaks
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy
        os.close(read_end)
        try:
            payload = {"result": measure()}
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            payload = {"error": repr(error)}
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps(payload))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        payload = json.loads(pipe.read() or '{"error": "the measuring process died"}')
    os.waitpid(pid, 0)
    if "error" in payload:
        raise BenchRefused(f"测量失败：{payload['error']}")
    return payload["result"]
