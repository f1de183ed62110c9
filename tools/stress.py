#!/usr/bin/env python3
"""`make stress`: the long fuzz and stress run.  Boots the kernel on
--cpus CPUs once per batch of --batch fuzzer seeds (`sysfuzz FIRST N`,
each seed in a child of its own), then once for `stress ROUNDS`.  Each
seed and each stress round is a test: prints `ok NAME` or `FAIL NAME:
why`, and ends with `N passed, N failed`; exits 1 if anything failed.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tests"))
import zrun      # noqa: E402
import suite     # noqa: E402

ROUND_OK = re.compile(r"^stress: round (\d+) ok\s*$")


def boot(args, cmd, scratch):
    disk = os.path.join(scratch, "fs.img")
    shutil.copyfile(suite.IMAGE, disk)
    return zrun.boot(cmd, args.cpus, args.mem, args.timeout, disk, "")


def tail(log):
    return "\n  ".join(log.rstrip("\n").split("\n")[-15:])


def fuzz_batch(args, first, n, scratch, results):
    r = boot(args, "sysfuzz %d %d" % (first, n), scratch)
    out = r.output() if not r.error else r.log
    calls, missing = 0, 0
    for seed in range(first, first + n):
        line = [m for m in map(suite.FUZZ_OK.match, out.split("\n"))
                if m and int(m.group(1)) == seed]
        name = "sysfuzz/seed%d" % seed
        if line and not r.error:
            calls += int(line[0].group(2))
            results.append((name, None))
        else:
            missing += 1
            results.append((name, r.error or "no ok line"))
    fails = [line for line in out.split("\n") if "FAIL" in line]
    if fails or missing or r.error or r.status != 0:
        results.append(("sysfuzz/batch%d" % first, "%s\n  %s" % (
            r.error or "exit status %s" % r.status, tail(out))))
    return calls


def stress_rounds(args, scratch, results):
    r = boot(args, "stress %d" % args.rounds, scratch)
    out = r.output() if not r.error else r.log
    done = {int(m.group(1)) for m in map(ROUND_OK.match, out.split("\n")) if m}
    for k in range(1, args.rounds + 1):
        results.append(("stress/round%d" % k,
                        None if k in done else r.error or "round failed"))
    if r.error or r.status != 0:
        results.append(("stress", "%s\n  %s" % (
            r.error or "exit status %s" % r.status, tail(out))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpus", type=int, default=4)
    ap.add_argument("--mem", type=int, default=512)
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()
    start = time.time()
    results, calls = [], 0
    scratch = tempfile.mkdtemp(prefix="zv6-stress-")
    try:
        last = args.first + args.seeds
        for first in range(args.first, last, args.batch):
            n = min(args.batch, last - first)
            calls += fuzz_batch(args, first, n, scratch, results)
            print("sysfuzz: seeds %d-%d done, %d calls so far, %d s"
                  % (first, first + n - 1, calls, time.time() - start),
                  flush=True)
        stress_rounds(args, scratch, results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    failed = 0
    for name, why in results:
        if why is None:
            print("ok %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))
    print("sysfuzz: %d calls fuzzed; time: %d s" % (calls, time.time() - start))
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
