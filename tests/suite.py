"""The cases `make test` runs (see tools/runtests.py for the runner).

Guest suites are user programs that judge themselves; host cases boot the
kernel and judge what it printed.  Every case boots on its own copy of
the disk image, so a run never changes build/fs.img and cases cannot
disturb each other, except where a case shares one disk between boots
on purpose (persistence).
"""
import os
import re
import shutil
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = os.path.join(ROOT, "build", "fs.img")


class CheckFailed(Exception):
    def __init__(self, why, log=None):
        super().__init__(why)
        self.why = why
        self.log = log


class Scratch:
    """A temporary folder of disk copies, removed after the run."""
    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="zv6-test-")
        self.n = 0
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)

    def disk(self):
        self.n += 1
        path = os.path.join(self.dir, "fs%d.img" % self.n)
        shutil.copyfile(IMAGE, path)
        return path


class Case:
    guest = False
    scratch = None

    def __init__(self, name, cpus=None, timeout=60, mem=None):
        self.name = name
        self.cpus = cpus
        self.timeout = timeout
        self.mem = mem

    def disk(self):
        return self.scratch.disk()


class Guest(Case):
    """A user program that prints ok/FAIL lines and a closing count."""
    guest = True

    def __init__(self, name, cmd, cpus=None, timeout=600):
        super().__init__(name, cpus, timeout)
        self.cmd = cmd


class Host(Case):
    """check(boot) returns None if the test passed, else why it failed;
    boot(cmd, cpus=, disk=) runs one command line in a fresh machine."""
    def __init__(self, name, check, cpus=None, timeout=60, mem=None):
        super().__init__(name, cpus, timeout, mem)
        self.check = check


def run(boot, cmd, **kw):
    """Boot and run cmd; the Result, or CheckFailed if it did not finish."""
    r = boot(cmd, **kw)
    if r.error:
        raise CheckFailed(r.error, r.log)
    return r


def expect_output(cmd, want, status=0):
    """A check: cmd prints exactly the lines want and exits with status."""
    def check(boot):
        r = run(boot, cmd)
        got = r.output().strip("\n")
        if got != want:
            return "%r printed %r, expected %r" % (cmd, got, want)
        if r.status != status:
            return "%r exited %d, expected %d" % (cmd, r.status, status)
        return None
    return check


def cpus_started(n):
    def check(boot):
        r = run(boot, "echo up", cpus=n)
        if "zv6: %d cpus started" % n not in r.log:
            return "boot log does not say %d cpus started" % n
        if r.output().strip() != "up":
            return "the shell did not run the command"
        return None
    return check


def all_memory(mib):
    """With -m mib, the kernel reports (nearly) all of it and frees it."""
    def check(boot):
        r = run(boot, "echo up")
        m = re.search(r"zv6: (\d+) MiB of RAM, (\d+) pages free", r.log)
        if not m:
            return "no memory line in the boot log"
        ram, free = int(m.group(1)), int(m.group(2))
        if ram < mib - 2 or free * 4096 < (mib - 16) << 20:
            return "only %d MiB seen, %d pages free, of %d MiB" % (ram, free, mib)
        return None
    return check


def persists(boot, disk):
    run(boot, "echo written-in-boot-one > keep; mkdir d; echo deep > d/f", disk=disk)
    r = run(boot, "cat keep; cat d/f", disk=disk)
    want = "written-in-boot-one\ndeep"
    if r.output().strip() != want:
        return "second boot read %r, expected %r" % (r.output().strip(), want)
    return None


def console(steps, want):
    """A check: type steps at the interactive shell; the console must
    then show every line of want, in order."""
    def check(boot):
        log, error = boot.converse(steps)
        if error:
            raise CheckFailed(error, log)
        at = 0
        for line in want:
            at = log.find(line, at)
            if at < 0:
                return "console never showed %r" % line
        return None
    return check


def zbench_quick(boot):
    """zbench -quick prints every figure tools/bench.py knows, each once,
    with a positive value.  A smoke test: the values are not judged."""
    import bench        # tools/, on the path runtests.py sets
    r = run(boot, "zbench -quick")
    if r.status != 0:
        return "zbench -quick exited %d" % r.status
    got = {}
    for line in r.output().split("\n"):
        m = bench.LINE.match(line)
        if m:
            got.setdefault(m.group(1), []).append(float(m.group(2)))
    for name in bench.NAMES:
        if len(got.get(name, [])) != 1:
            return "zbench printed %d lines for %s" % (len(got.get(name, [])), name)
        if got[name][0] <= 0:
            return "zbench printed %s = %s, not positive" % (name, got[name][0])
    extra = sorted(set(got) - set(bench.NAMES))
    if extra:
        return "zbench printed figures bench.py does not know: %s" % " ".join(extra)
    return None


class Persist(Host):
    """Two boots on one disk: what the first writes, the second reads."""
    def __init__(self, name):
        super().__init__(name, None)
        self.check = lambda boot: persists(boot, self.disk())


CASES = [
    Host("boot-2cpus", cpus_started(2), cpus=2),
    Host("boot-4cpus", cpus_started(4), cpus=4),
    Host("boot-8cpus", cpus_started(8), cpus=8),
    Host("boot-1gib", all_memory(1024), mem=1024),
    Host("console-editing", console(
        [("$ ", "echo abx\x7fc\n"), ("abc\n$ ", "echo junk\x15echo fine\n"),
         ("echo fine\nfine\n", None)], ["\nabc\n", "\nfine\n"])),
    Host("console-procs", console(
        # sh may still be on its way into read(): any state will do.
        [("$ ", "\x10"), (" sh\n", None)], ["1 sleep init\n2 ", " sh\n"])),
    Host("console-procs-zones", console(
        [("$ ", "zonetests --hold 7\n"), ("holding zone 7\n", "\x10"),
         ("@0x", "\x04"), ("$ ", None)],
        ["zonetests zone 7@0x60000000\n"])),
    Host("console-eof-restarts-sh", console(
        [("$ ", "\x04"), ("$ ", "echo again\n"), ("again\n", None)],
        ["again"])),
    Host("sh-pipe", expect_output("echo a bb ccc | wc", "1 3 9")),
    Host("sh-redirect", expect_output("echo hello > f; cat < f", "hello")),
    Host("sh-status", expect_output("cat /nonexistent; echo $?",
                                    "cat: /nonexistent: cannot open\n1")),
    Host("sh-exit-status", expect_output("echo x; exit 3", "x", status=3)),
    Persist("fs-persistence"),
    Host("zbench-quick", zbench_quick, timeout=180),
    Guest("usertests", "usertests", cpus=2),
    Guest("zonetests", "zonetests", cpus=2),
    Guest("zonetests-4cpus", "zonetests", cpus=4),
    Guest("vmtests", "vmtests", cpus=2),
    Guest("vmtests-4cpus", "vmtests", cpus=4),
]
