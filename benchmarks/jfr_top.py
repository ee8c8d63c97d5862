"""Where a Neo4j server spent its CPU: the methods seen most in a flight recording.

    .venv/bin/python benchmarks/jfr_top.py RECORDING.jfr [--top 40] [--match neo4j]

Reads the recording's execution samples with the JDK's ``jfr`` tool and prints, for the
methods on the most samples, the share of samples they were on the stack for
(inclusive) and at the top of it (self), and the share per thread. Recordings come from
``benchmarks/run.py --server-profile DIR`` or ``GRAPHPROFILE_NEO4J_JVM_OPTIONS``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def samples(recording: Path, depth: int) -> list[list[str]]:
    """The stack of every execution sample (innermost first) as ``Class.method``, with
    its thread's name last."""
    jfr = jfr_tool()
    if jfr is None:
        raise SystemExit("the JDK's jfr tool was not found (PATH, JAVA_HOME/bin, or next to "
                         "java): install a JDK, e.g. openjdk-17-jdk-headless")
    out = subprocess.run(
        [jfr, "print", "--json", "--stack-depth", str(depth),
         "--events", "jdk.ExecutionSample", str(recording)],
        check=True, capture_output=True, text=True).stdout
    stacks = []
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        trace = values.get("stackTrace") or {"frames": []}
        frames = [_name(frame["method"]) for frame in trace["frames"]]
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        stacks.append([*frames, thread])
    return stacks


def jfr_tool() -> str | None:
    """The JDK's ``jfr``: on PATH, in ``$JAVA_HOME/bin``, or beside the ``java`` in use."""
    found = shutil.which("jfr")
    if found:
        return found
    places = [Path(os.environ["JAVA_HOME"]) / "bin"] if os.environ.get("JAVA_HOME") else []
    java = shutil.which("java")
    if java:
        places.append(Path(java).resolve().parent)
    for place in places:
        if (place / "jfr").is_file():
            return str(place / "jfr")
    return None


def _name(method: dict[str, Any]) -> str:
    owner = method["type"]["name"].rsplit(".", 1)[-1].replace("/", ".")
    return f"{owner}.{method['name']}"


def summary(stacks: Iterable[list[str]], top: int, match: str = "") -> str:
    """The table: inclusive and self shares of the ``top`` methods, then the threads."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = 0
    for stack in stacks:
        *frames, thread = stack
        total += 1
        threads[thread.rstrip("0123456789-[]#")] += 1
        if frames:
            own[frames[0]] += 1
        inclusive.update(set(frames))
    if not total:
        return "no execution samples in this recording"
    lines = [f"{total} samples", "", "inclusive   self  method"]
    for method, count in inclusive.most_common():
        if match.lower() not in method.lower():
            continue
        lines.append(f"{count / total:8.1%} {own[method] / total:6.1%}  {method}")
        if len(lines) >= top + 3:
            break
    lines += ["", "thread"] + [f"{count / total:8.1%}  {name}"
                               for name, count in threads.most_common(8)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", type=Path)
    parser.add_argument("--top", type=int, default=40, help="methods to list (default 40)")
    parser.add_argument("--match", default="",
                        help="only methods whose name contains this (e.g. recordstorage)")
    parser.add_argument("--depth", type=int, default=96, help="stack frames read per sample")
    args = parser.parse_args(argv)
    print(summary(samples(args.recording, args.depth), args.top, args.match))
    return 0


if __name__ == "__main__":
    sys.exit(main())
