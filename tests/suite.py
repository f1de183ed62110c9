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
import struct
import subprocess
import sys
import tempfile
import time

import zrun      # tools/, on the path that runtests.py sets up

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = os.path.join(ROOT, "build", "fs.img")
BSIZE = 1024              # kernel/fs.h
ROOTINO = 1


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
    boot(cmd, cpus=, disk=) runs one command line in a fresh machine
    (disk="" for a machine without one)."""
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


def while_held(boot, cmd):
    """What cmd prints at the console while a background zonetests holds
    zone 7: cmd is typed only once zonetests has said it holds the zone."""
    log, error = boot.converse(
        [("$ ", "sleep 3000 | zonetests --hold 7 &\n"),
         ("holding zone 7\n", cmd + "\n"), ("\n$ ", None)])
    if error:
        raise CheckFailed(error, log)
    echo = log.index(cmd + "\n", log.index("holding zone 7\n"))
    out = log[echo + len(cmd) + 1:]
    return out[:out.rindex("$ ")]


PS_LINE = re.compile(r"(\d+) (embryo|sleep|runble|run|zombie) (\d+) (-|\d+) (\S+)((?: \d+)*)")


def tools_ps(boot):
    """ps lists init, the shell, the zonetests holding zone 7 with that
    zone, and itself running on a CPU."""
    lines = [s for s in while_held(boot, "ps").split("\n") if s]
    if not lines or lines[0] != "PID STATE SIZE CPU NAME ZONES":
        return "ps printed no header: %r" % lines
    procs = {}
    for line in lines[1:]:
        m = PS_LINE.fullmatch(line)
        if not m:
            return "ps printed %r, not a process line" % line
        procs.setdefault(m.group(5), []).append(m.groups())
    want = {"init": ("1", "sleep"), "sh": (None, None),
            "zonetests": (None, "sleep"), "ps": (None, "run")}
    for name, (pid, state) in want.items():
        if name not in procs:
            return "ps listed no %s: %r" % (name, lines)
        got = procs[name][0]
        if pid and got[0] != pid or state and got[1] != state:
            return "ps listed %s as %r" % (name, got)
    if procs["ps"][0][3] == "-" or procs["zonetests"][0][5] != " 7":
        return "ps: itself not on a CPU, or zone 7 not shown: %r" % lines
    return None


FREE = re.compile(r"pages: total (\d+), free (\d+), used (\d+)\n"
                  r"zones: (\d+), holding (\d+) pages")


def tools_free(boot):
    """free's figures add up, show (nearly) all of 512 MiB, and count a
    zone of one page while zonetests holds it."""
    before = run(boot, "free").output()
    got = FREE.findall(before + while_held(boot, "free"))
    if len(got) != 2:
        return "free printed %r" % got
    for total, free, used, _, _ in got:
        if int(total) != int(free) + int(used) or int(total) < 120000:
            return "free said total %s, free %s, used %s" % (total, free, used)
    if got[0][3:] != ("0", "0") or got[1][3:] != ("1", "1"):
        return "free's zones: %r before the hold, %r during" % (got[0][3:], got[1][3:])
    return None


def tools_time(boot):
    """time reports ticks and its command's status, and exits with it;
    time sleep 20 takes at least 20 ticks."""
    cmd = ("time true; echo $?; time cat /nonexistent; echo $?; "
           "time sleep 20; time nosuch; echo $?; time; echo $?")
    want = (r"ticks \d+, status 0\n0\n"
            r"cat: /nonexistent: cannot open\nticks \d+, status 1\n1\n"
            r"ticks (\d+), status 0\n"
            r"time: nosuch: not found\nticks \d+, status 127\n127\n"
            r"usage: time CMD ARGS...\n1")
    r = run(boot, cmd)
    m = re.fullmatch(want, r.output().strip("\n"))
    if not m:
        return "%r printed %r" % (cmd, r.output())
    if int(m.group(1)) < 20:
        return "time sleep 20 took %s ticks" % m.group(1)
    return None


def cpus_started(n):
    def check(boot):
        r = run(boot, "echo up", cpus=n)
        if "zv6: %d cpus started" % n not in r.log:
            return "boot log does not say %d cpus started" % n
        if r.output().strip() != "up":
            return "the shell did not run the command"
        return None
    return check


# The interrupt source overrides in QEMU's MADT (hw/i386/acpi-common.c):
# the PIT's IRQ 0 arrives at GSI 2, and the PCI interrupt lines 5, 9, 10
# and 11 are level-triggered.
QEMU_OVERRIDES = ["acpi: irq 0 -> gsi 2, edge, active high"] + \
    ["acpi: irq %d -> gsi %d, level, active high" % (i, i) for i in (5, 9, 10, 11)]


def irq_overrides(boot):
    r = run(boot, "echo up")
    lines = re.findall(r"acpi: irq [^\n]*", r.log)
    if lines != QEMU_OVERRIDES:
        return "boot log lists overrides %r, expected %r" % (lines, QEMU_OVERRIDES)
    if r.output().strip() != "up":
        return "the shell did not run the command"
    return None


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
    with a positive value (a count with a ceiling, such as system calls,
    may be 0; a figure for two CPUs may say it skipped itself on one).
    A smoke test: the values are not judged."""
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
        if name in bench.skipped(r.output()) and name not in got:
            continue
        if len(got.get(name, [])) != 1:
            return "zbench printed %d lines for %s" % (len(got.get(name, [])), name)
        if got[name][0] < 0 or (got[name][0] == 0 and name not in bench.CEILINGS):
            return "zbench printed %s = %s, not positive" % (name, got[name][0])
    extra = sorted(set(got) - set(bench.NAMES))
    if extra:
        return "zbench printed figures bench.py does not know: %s" % " ".join(extra)
# Runner self-tests: zv6 gives a user program no way to panic the kernel,
# so the runner's panic detection is tested on text made to look like a
# panic, which it cannot tell from the kernel's.

PANIC_LOG = "zv6: 2 cpus started\n$ panic: cpu 1: zput\n 0x80104abc 0x80105def\n"
NOT_PANICS = ["a panic attack\n", "panic\n:", "pani c:", "panic :", "panic;"]


def splits(text):
    """text cut into three pieces, at every pair of points."""
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1):
            yield [text[:i], text[i:j], text[j:]]
    yield list(text)


def first_panic_piece(pieces):
    """Index of the piece after which PanicWatch first says "panic", or None."""
    w = zrun.PanicWatch()
    for k, piece in enumerate(pieces):
        if w.feed(piece):
            return k
    return None


def standin(pieces, exit_after):
    """A stand-in machine for zrun.collect: a Python child that prints
    pieces 0.3 s apart, then exits (exit_after) or hangs for a minute."""
    script = ("import sys, time\n"
              "for p in sys.argv[2:]:\n"
              "    sys.stdout.write(p); sys.stdout.flush(); time.sleep(0.3)\n"
              "if sys.argv[1] == 'hang': time.sleep(60)\n")
    return subprocess.Popen([sys.executable, "-c", script,
                             "exit" if exit_after else "hang"] + pieces,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)


def panic_pieces(boot):
    """Runner self-test, boots nothing: PanicWatch finds "panic:" however
    the console text is cut, and nothing else; collect() stops a machine
    at its first panic line, after the backtrace line that follows it."""
    end = PANIC_LOG.index(zrun.PANIC) + len(zrun.PANIC)
    for pieces in splits(PANIC_LOG):
        k = first_panic_piece(pieces)
        want = min(k for k in range(len(pieces))
                   if len("".join(pieces[:k + 1])) >= end)
        if k != want:
            return "console cut as %r: panic seen after piece %s, not %d" % (
                pieces, k, want)
    for text in NOT_PANICS:
        for pieces in splits(text):
            if first_panic_piece(pieces) is not None:
                return "console cut as %r: taken for a panic" % pieces
    start = time.monotonic()
    log, error = zrun.collect(standin(["$ pa", "nic: cpu 1: zput\n",
                                       " 0x80104abc\n"], False), 30)
    took = time.monotonic() - start
    if error != "kernel panic" or took > 10:
        return "stand-in panicked in pieces: after %.1f s, %r" % (took, error)
    if not log.endswith(" 0x80104abc\n"):
        return "stopped before the backtrace arrived: %r" % log
    log, error = zrun.collect(standin(["pani", "c attack\n"], True), 30)
    if error or log != "panic attack\n":
        return "stand-in printing 'panic attack': %r, %r" % (error, log)
    return None


def typed_panic(boot):
    """Runner self-test on a real boot: the console echoes what is typed
    as it comes, so typing one piece per step cuts the serial output
    where we choose.  A command whose output merely contains "panic",
    typed in pieces, runs as any other; "panic:" typed one character at a
    time must then stop the conversation as a panic."""
    steps = [("$ ", "echo pa"), ("echo pa", "ni"), ("ni", "c attack\n"),
             ("panic attack\n$ ", "p")] + \
        [(c, n) for c, n in zip("panic", "anic:")] + [(":", None)]
    log, error = boot.converse(steps)
    if "\npanic attack\n$ " not in log:
        return "'echo panic attack', typed in pieces, did not run: %r" % error
    if error != "kernel panic":
        return "'panic:' typed one character at a time: %r, not a panic" % error
    return None


def lockstat_table(rows, what):
    """Why lockstat's table rows are wrong, or None: ptable and kmem
    acquired, no class more contended than acquired, most contended first."""
    counts = {name: (acq, con) for name, acq, con in rows}
    for name in ("ptable", "kmem"):
        if counts.get(name, (0, 0))[0] <= 0:
            return "%s: no acquisitions of %s" % (what, name)
    for name, acq, con in rows:
        if con > acq:
            return "%s: %s contended %d times in %d" % (what, name, con, acq)
    order = [(-con, -acq) for name, acq, con in rows]
    if order != sorted(order):
        return "%s: not sorted by contention" % what
    return None


def lockstat_prints(boot):
    """lockstat prints the lock classes, most contended first; `lockstat
    CMD` prints what CMD added and exits with CMD's status."""
    import bench        # tools/, on the path runtests.py sets
    r = run(boot, "lockstat; lockstat cat /nonexistent; echo $?")
    tables = bench.parse_locks(r.output())
    if len(tables) != 2:
        return "printed %d lock tables, expected 2" % len(tables)
    for rows, what in zip(tables, ("lockstat", "lockstat cat")):
        why = lockstat_table(rows, what)
        if why:
            return why
    if r.output().strip().split("\n")[-1] != "1":
        return "lockstat cat /nonexistent did not exit 1, cat's status"
    return None


def program(cmd, lines, cpus=None):
    """A check: cmd exits 0 and its output contains each of lines, in
    order (a line may hold %d, matching any number)."""
    def check(boot):
        r = run(boot, cmd, cpus=cpus)
        out = r.output()
        if r.status != 0:
            return "%r exited %d:\n%s" % (cmd, r.status, out)
        at = 0
        for want in lines:
            m = re.compile(re.escape(want).replace("%d", "-?[0-9]+")).search(out, at)
            if not m:
                return "%r never printed %r after what came before:\n%s" % (
                    cmd, want, out)
            at = m.end()
        return None
    return check


FUZZ_OK = re.compile(r"^sysfuzz: seed (\d+): (\d+) calls, ok\s*$")


def fuzz_verdict(out, seeds, status):
    """Why sysfuzz's output for seeds is not a pass, or None.  Each seed
    must print its ok line, and nothing may print FAIL."""
    oks = {int(m.group(1)) for m in map(FUZZ_OK.match, out.split("\n")) if m}
    fails = [line for line in out.split("\n") if "FAIL" in line]
    missing = [s for s in seeds if s not in oks]
    if fails or missing or status != 0:
        return "sysfuzz exited %s; seeds without ok: %s; %s" % (
            status, missing, "; ".join(fails[:5]) or "no FAIL line")
    return None


def fuzz_seeds(first, n, cpus=4):
    """A check: `sysfuzz first n` passes every seed, on cpus CPUs."""
    def check(boot):
        r = run(boot, "sysfuzz %d %d" % (first, n), cpus=cpus)
        return fuzz_verdict(r.output(), range(first, first + n), r.status)
    return check


class Persist(Host):
    """Two boots on one disk: what the first writes, the second reads."""
    def __init__(self, name):
        super().__init__(name, None)
        self.check = lambda boot: persists(boot, self.disk())


def lastfile(image):
    """(name, first block) of the file whose data mkfs wrote last, at the
    end of the used part of image (kernel/fs.h has the layout)."""
    with open(image, "rb") as f:
        img = f.read()
    inodestart = struct.unpack_from("<8I", img, BSIZE)[6]
    ipb = BSIZE // 64

    def dinode(inum):   # (type, major, minor, nlink, size, addrs...)
        at = (inodestart + inum // ipb) * BSIZE + inum % ipb * 64
        return struct.unpack_from("<4hI13I", img, at)
    root = dinode(ROOTINO)
    files = []
    for off in range(2 * 16, root[4], 16):   # past "." and ".."
        inum, name = struct.unpack_from("<H14s", img,
                                        root[5 + off // BSIZE] * BSIZE + off % BSIZE)
        if inum and dinode(inum)[4] > 0:
            files.append((dinode(inum)[5], name.rstrip(b"\0").decode()))
    first, name = max(files)
    return name, first


class Truncated(Host):
    """Boots on a disk image cut short where the data of the file mkfs
    wrote last begins; check(boot, disk, name, block) gets that disk, the
    file's name and its first block, now the first one past the end."""
    def __init__(self, name, check):
        super().__init__(name, None)
        self.check = lambda boot: check(boot, *self.cut())

    def cut(self):
        disk = self.disk()
        name, first = lastfile(disk)
        os.truncate(disk, first * BSIZE)
        return disk, name, first


def read_error(boot, disk, name, first):
    """Reading a file whose blocks are past the disk's end fails with one
    console line and -1 (cat says "read error"); the shell goes on."""
    r = run(boot, "cat %s; echo status $?; echo alive" % name, disk=disk)
    line = "ide: error reading block %d\n" % first
    if r.log.count(line) != 1:
        return "expected one %r line in the log" % line.strip()
    want = ["cat: %s: read error" % name, "status 1", "alive"]
    got = lines_besides(r.output(), ("ide:",))
    if got != want:
        return "printed %r, expected %r" % (got, want)
    return None


def lines_besides(out, prefixes):
    """out's non-empty lines, less the kernel's lines that start with one
    of prefixes."""
    return [s for s in out.split("\n") if s and not s.startswith(prefixes)]


def write_error(boot, disk, name, first):
    """A commit whose write home fails (a new block past the disk's end)
    leaves the file system read-only and says so; what was written stays
    readable until reboot.  The next boot's recovery meets the same error,
    says so, and mounts read-only with the logged data still readable."""
    ro = "log: disk error; the file system is read-only until reboot\n"
    boots = [("echo hi > new; echo status $?; cat new; "
              "echo x > other; echo status $?; echo alive",
              ["status 0", "hi", "sh: other: cannot open", "status 1", "alive"]),
             ("cat new; echo x > other; echo status $?; echo alive",
              ["hi", "sh: other: cannot open", "status 1", "alive"])]
    for i, (cmd, want) in enumerate(boots):
        r = run(boot, cmd, disk=disk)
        if "ide: error writing block " not in r.log or r.log.count(ro) != 1:
            return "boot %d: no write error, or not one %r" % (i + 1, ro.strip())
        got = lines_besides(r.output(), ("ide:", "log:"))
        if got != want:
            return "boot %d printed %r, expected %r" % (i + 1, got, want)
    return None


def no_disk(boot):
    """A machine without a disk: the kernel says so and powers off."""
    r = run(boot, "echo up", disk="")
    for line in ("ide: no disk\n",
                 "fsinit: cannot read the superblock; powering off\n"):
        if line not in r.log:
            return "the console never said %r" % line.strip()
    if r.status != 1:
        return "powered off with status %d, expected 1" % r.status
    return None


CASES = [
    Host("boot-2cpus", cpus_started(2), cpus=2),
    Host("boot-4cpus", cpus_started(4), cpus=4),
    Host("boot-8cpus", cpus_started(8), cpus=8),
    Host("boot-1gib", all_memory(1024), mem=1024),
    Host("boot-irq-overrides", irq_overrides),
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
    Host("runner-selftest-panic", panic_pieces),
    Host("runner-panic-console", typed_panic),
    Host("sh-pipe", expect_output("echo a bb ccc | wc", "1 3 9")),
    Host("sh-redirect", expect_output("echo hello > f; cat < f", "hello")),
    Host("sh-status", expect_output("cat /nonexistent; echo $?",
                                    "cat: /nonexistent: cannot open\n1")),
    Host("sh-exit-status", expect_output("echo x; exit 3", "x", status=3)),
    Host("tools-ps", tools_ps),
    Host("tools-ps-usage", expect_output("ps x; echo $?", "usage: ps\n1")),
    Host("tools-free", tools_free),
    Host("tools-free-usage", expect_output("free x; echo $?", "usage: free\n1")),
    Host("tools-sleep", expect_output(
        "sleep 5; echo x; sleep abc; echo $?; sleep 5x; echo $?; sleep; echo $?",
        "x\nsleep: abc: not a number of ticks\n1\n"
        "sleep: 5x: not a number of ticks\n1\nusage: sleep TICKS\n1")),
    Host("tools-time", tools_time),
    Host("tools-cp", expect_output(
        "echo hello > a; cp a b; cat b; echo a-longer-line > c; cp a c; cat c; "
        "cp nosuch x; echo $?; cp / x; echo $?; cp a; echo $?; cat x",
        "hello\nhello\ncp: nosuch: cannot open\n1\ncp: /: not a file\n1\n"
        "usage: cp SRC DST\n1\ncat: x: cannot open", status=1)),
    Host("tools-mv", expect_output(
        "echo hello > a; mv a b; cat b; cat a; mv nosuch c; echo $?; "
        "echo x > c; mv b c; echo $?; cat c; mkdir d; mv d e; echo $?; "
        "mv b; echo $?",
        "hello\ncat: a: cannot open\nmv: nosuch: not found\n1\n"
        "mv: c: exists\n1\nx\nmv: d: cannot link it as e\n1\n"
        "usage: mv SRC DST\n1")),
    Host("tools-head", expect_output(
        "echo one > 1; echo two > 2; echo three > 3; "
        "cat 1 2 3 1 2 3 1 2 3 1 2 3 > f; head f | wc; head -n 2 f; "
        "head -n 0 f; cat f | head -n 1; head -n x f; echo $?; head -n; "
        "echo $?; head nosuch; echo $?; head f f; echo $?",
        "10 10 46\none\ntwo\none\nhead: bad line count x\n1\n"
        "head: bad line count (none)\n1\nhead: nosuch: cannot open\n1\n"
        "usage: head [-n N] [FILE]\n1")),
    Host("tools-touch", expect_output(
        "touch t; cat t; echo $?; echo hi > u; touch u v; cat u v; "
        "mkdir d; touch d; echo $?; touch nodir/x; echo $?; touch; echo $?",
        "0\nhi\n0\ntouch: nodir/x: cannot create\n1\n"
        "usage: touch FILE...\n1")),
    Persist("fs-persistence"),
    Host("zbench-quick", zbench_quick, timeout=180),
    Truncated("disk-read-error", read_error),
    Truncated("disk-write-error", write_error),
    Host("disk-missing", no_disk),
    Host("lockstat", lockstat_prints),
    Guest("usertests", "usertests", cpus=2),
    Guest("zonetests", "zonetests", cpus=2),
    Guest("zonetests-4cpus", "zonetests", cpus=4),
    Guest("pipetests", "pipetests", cpus=2),
    Guest("pipetests-4cpus", "pipetests", cpus=4),
    Guest("locktests", "locktests", cpus=4),
    Guest("synctests", "synctests", cpus=2),
    Guest("synctests-4cpus", "synctests", cpus=4),
    Host("pcount", program("pcount 4 5000", [
        "pcount: 4 processes x 5000 increments on 2 CPUs: 20000 expected",
        "no lock:    %d (%d lost)", "with mutex: 20000 (0 lost)"], cpus=2)),
    Host("prodcons", program("prodcons 3 2 1000", [
        "consumer 0: %d messages", "consumer 1: %d messages",
        "all 3000 messages delivered exactly once, in order per producer"],
        cpus=4)),
    Host("robust", program("robust", [
        "exited in the middle of moving 300",
        "mutex_lock returned MUTEX_OWNERDEAD", "repaired: 700 + 300 = 1000",
        "the next mutex_lock returned 0",
        "was killed in the middle of moving 200",
        "mutex_lock returned MUTEX_OWNERDEAD", "repaired: 500 + 500 = 1000",
        "the next mutex_lock returned 0",
        "robust: both deaths were caught and repaired"], cpus=2)),
    Guest("vmtests", "vmtests", cpus=2),
    Guest("vmtests-4cpus", "vmtests", cpus=4),
    # A short fixed-seed fuzz and stress run; `make stress` runs long ones.
    Host("sysfuzz", fuzz_seeds(1, 4, cpus=4), timeout=120),
    Host("sysfuzz-2cpus", fuzz_seeds(101, 3, cpus=2), timeout=120),
    Host("stress", program("stress 3", ["stress: round 1 ok",
         "stress: round 3 ok", "stress: 3 rounds, ok"], cpus=4), timeout=120),
    # A kill between a sleeper's check and its sleep was lost before
    # sleepkillable(): this failed in 8 runs of 8.
    Host("stress-killrace", program("stress -k 1500", [
         "stress: killrace: 12000 kills, ok"], cpus=4), timeout=120),
]
