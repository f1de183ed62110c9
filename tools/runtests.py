#!/usr/bin/env python3
"""The zv6 test runner: boots the kernel for each case in tests/suite.py,
prints `ok NAME` or `FAIL NAME: why` per test, and ends with the line
`N passed, N failed`.  Exits 0 only if every test passed.

A guest suite is a user program (usertests, zonetests) that forks a child
per test and prints its own ok/FAIL lines; the runner takes those lines
as tests, and fails the suite if the program crashed, timed out, or its
own closing count does not match what it printed.
"""
import argparse
import fnmatch
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tests"))
import zrun      # noqa: E402
import suite     # noqa: E402

OK = re.compile(r"^ok (\S+)\s*$")
FAIL = re.compile(r"^FAIL (\S+?):? (.*)$")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed\s*$")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def ok(self, name):
        self.passed += 1
        print("ok %s" % name, flush=True)

    def fail(self, name, why, log=None):
        self.failed.append(name)
        print("FAIL %s: %s" % (name, why), flush=True)
        if log:
            tail = "\n".join(log.rstrip("\n").split("\n")[-25:])
            print("  --- last lines of the console ---\n  " +
                  tail.replace("\n", "\n  "), flush=True)


def run_guest(case, args, tally, only):
    """Run a guest suite; its ok/FAIL lines become tests."""
    cmd = case.cmd + ("" if only is None else " " + " ".join(only))
    r = zrun.boot(cmd, case.cpus or args.cpus, args.mem, case.timeout,
                  case.disk(), args.qemuextra)
    seen = {"ok": 0, "fail": 0}
    summary = None
    for line in r.output().split("\n"):
        if OK.match(line):
            seen["ok"] += 1
            tally.ok("%s/%s" % (case.name, OK.match(line).group(1)))
        elif FAIL.match(line):
            m = FAIL.match(line)
            seen["fail"] += 1
            tally.fail("%s/%s" % (case.name, m.group(1)), m.group(2))
        elif SUMMARY.match(line):
            summary = tuple(int(x) for x in SUMMARY.match(line).groups())
    if r.error:
        tally.fail(case.name, r.error, r.log)
    elif summary != (seen["ok"], seen["fail"]) or seen["ok"] + seen["fail"] == 0:
        tally.fail(case.name, "suite ended early or miscounted "
                   "(saw %d ok, %d failed; it said %s)"
                   % (seen["ok"], seen["fail"], summary), r.log)
    elif (r.status != 0) != (seen["fail"] > 0):
        tally.fail(case.name, "exit status %d does not match its results"
                   % r.status, r.log)


def run_host(case, args, tally):
    """A host-side test: boot(s) judged by a check function in suite.py."""
    def boot(cmd, cpus=None, disk=None, timeout=None, qemuextra=""):
        return zrun.boot(cmd, cpus or case.cpus or args.cpus,
                         case.mem or args.mem,
                         timeout or case.timeout,
                         case.disk() if disk is None else disk,
                         (args.qemuextra + " " + qemuextra).strip())
    boot.converse = lambda steps, disk=None, **kw: zrun.converse(
        steps, case.cpus or args.cpus, case.mem or args.mem, case.timeout,
        case.disk() if disk is None else disk, args.qemuextra, **kw)
    try:
        why = case.check(boot)
    except suite.CheckFailed as e:
        tally.fail(case.name, e.why, e.log)
        return
    if why:
        tally.fail(case.name, why)
    else:
        tally.ok(case.name)


def selected(case, pattern):
    """None: skip the case.  Else the list of guest test names to pass
    (empty list = the whole guest suite; [] for host tests)."""
    if pattern is None:
        return []
    if fnmatch.fnmatch(case.name, pattern):
        return []
    if case.guest and "/" in pattern:
        sname, tname = pattern.split("/", 1)
        if fnmatch.fnmatch(case.name, sname):
            return [tname]
    return None


def main():
    ap = argparse.ArgumentParser(description="Run the zv6 test suite.")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--mem", type=int, default=512)
    ap.add_argument("--qemuextra", default="")
    ap.add_argument("--only", help="NAME, a glob, or SUITE/TEST for one "
                    "test of a guest suite")
    ap.add_argument("--list", action="store_true", help="list the cases")
    args = ap.parse_args()
    if args.list:
        for case in suite.CASES:
            print(case.name)
        return 0
    tally = Tally()
    start = time.monotonic()
    ran = 0
    with suite.Scratch() as scratch:
        for case in suite.CASES:
            only = selected(case, args.only)
            if only is None:
                continue
            ran += 1
            case.scratch = scratch
            if case.guest:
                run_guest(case, args, tally, only or None)
            else:
                run_host(case, args, tally)
    if ran == 0:
        print("runtests: no test matches %r (see --list)" % args.only,
              file=sys.stderr)
        return 2
    print("time: %.0f s" % (time.monotonic() - start))
    print("%d passed, %d failed" % (tally.passed, len(tally.failed)))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
