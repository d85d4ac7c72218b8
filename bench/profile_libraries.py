"""Sums async-profiler collapsed stacks by library, in samples per 1,000 requests, side by side.

Each sample is charged to the first frame, from the top of the stack, that is not the JDK's (java.*,
jdk.*, sun.*) nor the kernel's: the library that asked for the work.
Usage: python3 bench/profile_libraries.py OUT/NAME [OUT/NAME ...]  (reads NAME.collapsed, NAME.requests)
"""
import collections
import os
import sys

LIBRARIES = [
    ("Ficus's own code", ("dev/ficus/", "org/HdrHistogram/", "org/h2/")),
    ("Micrometer", ("io/micrometer/",)),
    ("OpenTelemetry SDK", ("io/opentelemetry/",)),
    ("Logback", ("ch/qos/logback/",)),
    ("Spring Cloud Gateway", ("org/springframework/cloud/gateway/",)),
    ("Spring Framework", ("org/springframework/",)),
    ("Reactor Netty", ("reactor/netty/",)),
    ("Reactor Core", ("reactor/",)),
    ("Netty", ("io/netty/",)),
]
JDK = ("java/", "jdk/", "sun/")


def library(frame):
    frame = frame.replace(".", "/")
    for name, prefixes in LIBRARIES:
        if frame.startswith(prefixes):
            return name
    if frame.startswith(JDK) or "_[k]" in frame or "/" not in frame:
        return None
    return "other"


def load(base):
    requests = int(open(base + ".requests").read().strip())
    counts = collections.Counter()
    with open(base + ".collapsed") as lines:
        for line in lines:
            stack, n = line.rstrip().rsplit(" ", 1)
            charged = "JVM (GC, JIT, VM) and the JDK"
            for frame in reversed(stack.split(";")):
                found = library(frame)
                if found:
                    charged = found
                    break
            counts[charged] += int(n)
    return {k: v * 1000 / requests for k, v in counts.items()}


def main(bases):
    columns = [load(b) for b in bases]
    names = [os.path.basename(b) for b in bases]
    rows = [n for n, _ in LIBRARIES] + ["other", "JVM (GC, JIT, VM) and the JDK"]
    print("| samples per 1,000 requests | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for row in rows:
        if any(c.get(row, 0) for c in columns):
            print(f"| {row} | " + " | ".join(f"{c.get(row, 0):.1f}" for c in columns) + " |")
    print("| **total** | " + " | ".join(f"**{sum(c.values()):.1f}**" for c in columns) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
