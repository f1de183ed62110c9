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
import socket
import struct
import subprocess
import sys
import tempfile
import threading
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
    boot(cmd, cpus=, disk=, timeout=, qemuextra=) runs one command line in
    a fresh machine (disk="" for a machine without one; qemuextra is added
    to QEMU's command line); boot.converse(steps, disk=, monitor=, iso=)
    types at the interactive shell (zrun.converse)."""
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
# Runner self-tests: only init may panic the kernel (kpanic), so the
# runner's panic detection in the middle of a shell session is tested on
# text made to look like a panic, which it cannot tell from the kernel's.

PANIC_LOG = ("zv6: 2 cpus started\n$ panic: zput: bad zone\n  cpu 1, pid 3 sh\n"
             "  0x80104abc  zput+0x1c\n  0x80105def  sys_shmdt+0x2a\n")
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
    log, error = zrun.collect(standin(["$ pa", "nic: zput: bad zone\n",
                                       "  0x80104abc  zput+0x1c\n"], False), 30)
    took = time.monotonic() - start
    if error != "kernel panic" or took > 10:
        return "stand-in panicked in pieces: after %.1f s, %r" % (took, error)
    if not log.endswith("  0x80104abc  zput+0x1c\n"):
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


KERNEL = os.path.join(ROOT, "build", "kernel.elf")
FRAME = re.compile(r"  0x([0-9a-f]+)  ([A-Za-z_][\w.]*)\+0x([0-9a-f]+)$")
SYSCALL_CHAIN = ["sys_kpanic", "syscall", "trap", "alltraps"]


def symbols(elf):
    """name -> address of every function in elf, by the host's nm."""
    out = subprocess.run(["nm", elf], capture_output=True, text=True,
                         check=True).stdout
    return {f[2]: int(f[0], 16) for f in (l.split() for l in out.splitlines())
            if len(f) == 3 and f[1] in "tT"}


def backtrace(lines):
    """The (address, name, offset) frames that open lines."""
    frames = []
    for line in lines:
        m = FRAME.match(line)
        if not m:
            break
        frames.append((int(m.group(1), 16), m.group(2), int(m.group(3), 16)))
    return frames


def kpanic(arg, first, cpus):
    """A check: booted with kpanic as init, the kernel panics with the
    line first, then names the CPU and the process, then the call chain
    SYSCALL_CHAIN, each frame's name and offset agreeing with nm on the
    kernel; the child that kept printing "busy" before prints nothing
    after (the other CPUs were stopped)."""
    def check(boot):
        r = boot("init=/kpanic" + arg)
        if r.error != "kernel panic":
            raise CheckFailed("no panic: %s" % r.error, r.log)
        lines = r.log.split("\n")
        if first not in lines:
            raise CheckFailed("no line %r" % first, r.log)
        at = lines.index(first)
        m = re.match(r"  cpu (\d+), pid 1 kpanic$", lines[at + 1])
        if not m or int(m.group(1)) >= cpus:
            raise CheckFailed("no 'cpu N, pid 1 kpanic' after the panic", r.log)
        if "did not stop" in lines[at + 2]:
            raise CheckFailed(lines[at + 2].strip(), r.log)
        frames = backtrace(lines[at + 2:])
        if [f[1] for f in frames] != SYSCALL_CHAIN:
            raise CheckFailed("backtrace %s, expected %s" % (
                [f[1] for f in frames], SYSCALL_CHAIN), r.log)
        syms = symbols(KERNEL)
        for addr, name, off in frames:
            if syms.get(name, -1) + off != addr:
                raise CheckFailed("0x%x is not %s+0x%x by nm" % (addr, name, off),
                                  r.log)
        if "busy" not in lines[:at]:
            raise CheckFailed("the busy child never printed", r.log)
        rest = lines[at + 2 + len(frames):]
        if any(rest):
            raise CheckFailed("printed after the panic: %r" % rest[:3], r.log)
        return None
    return check


def user_fault(boot):
    """A program that writes to its own text is killed with a line naming
    its pid, name, the address and an eip inside the faulting function
    (by nm on the program); the shell sees status -1."""
    r = run(boot, "crash; echo $?")
    out = r.output().strip("\n").split("\n")
    m = re.match(r"pid \d+ crash: trap 14 err 7 addr 0x([0-9a-f]+) "
                 r"eip 0x([0-9a-f]+): killed$", out[0])
    if not m or out[1:] != ["-1"]:
        return "crash printed %r" % out
    syms = symbols(os.path.join(ROOT, "build", "user", "crash"))
    start, addr, eip = syms["crashhere"], int(m.group(1), 16), int(m.group(2), 16)
    after = min(a for a in syms.values() if a > start)
    if addr != start or not start <= eip < after:
        return "addr 0x%x eip 0x%x: not in crashhere at 0x%x..0x%x" % (
            addr, eip, start, after)
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
    """(name, first block, offset of its inode in image) of the file whose
    data mkfs wrote last, at the end of the used part of image
    (kernel/fs.h has the layout)."""
    with open(image, "rb") as f:
        img = f.read()
    inodestart = struct.unpack_from("<8I", img, BSIZE)[6]
    ipb = BSIZE // 64

    def dinodeat(inum):
        return (inodestart + inum // ipb) * BSIZE + inum % ipb * 64

    def dinode(inum):   # (type, major, minor, nlink, size, addrs...)
        return struct.unpack_from("<4hI13I", img, dinodeat(inum))
    root = dinode(ROOTINO)
    files = []
    for off in range(2 * 16, root[4], 16):   # past "." and ".."
        inum, name = struct.unpack_from("<H14s", img,
                                        root[5 + off // BSIZE] * BSIZE + off % BSIZE)
        if inum and dinode(inum)[4] > 0:
            files.append((dinode(inum)[5], name.rstrip(b"\0").decode(),
                          dinodeat(inum)))
    first, name, at = max(files)
    return name, first, at


def plant(disk, data):
    """Make the last file of disk hold just data (at most one block);
    returns its name."""
    name, first, at = lastfile(disk)
    assert len(data) <= BSIZE
    with open(disk, "r+b") as f:
        f.seek(first * BSIZE)
        f.write(data)
        f.seek(at + 8)   # struct dinode: four shorts, then the size
        f.write(struct.pack("<I", len(data)))
    return name


class WithDisk(Host):
    """check(boot, disk) gets a copy of the disk image of its own to change."""
    def __init__(self, name, check):
        super().__init__(name, None)
        self.check = lambda boot: check(boot, self.disk())


class Truncated(Host):
    """Boots on a disk image cut short where the data of the file mkfs
    wrote last begins; check(boot, disk, name, block) gets that disk, the
    file's name and its first block, now the first one past the end."""
    def __init__(self, name, check):
        super().__init__(name, None)
        self.check = lambda boot: check(boot, *self.cut())

    def cut(self):
        disk = self.disk()
        name, first, _ = lastfile(disk)
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


NODISK = "ide: no disk\n"
NOINIT = "zv6: no file system, so no /init"


def no_disk(boot):
    """A one-shot boot without a disk: the kernel says so, cannot run the
    command, and powers off with status 1 rather than leave the runner
    waiting."""
    r = run(boot, "echo up", disk="")
    for line in (NODISK, NOINIT + " to run the command; powering off\n"):
        if line not in r.log:
            return "the console never said %r" % line.strip()
    if r.status != 1:
        return "powered off with status %d, expected 1" % r.status
    return None


SUPERBLOCK = ("magic", "size", "nblocks", "ninodes", "nlog", "logstart",
              "inodestart", "bmapstart")   # struct superblock, in block 1


def bad_superblock(why, **fields):
    """A check: a one-shot boot on a disk whose superblock has the given
    fields says why in one line and powers off with status 1, as without
    a disk, instead of panicking or running the command."""
    def check(boot, disk):
        with open(disk, "r+b") as f:
            for name, value in fields.items():
                f.seek(BSIZE + 4 * SUPERBLOCK.index(name))
                f.write(struct.pack("<I", value))
        r = run(boot, "echo up", disk=disk)
        line = "fsinit: bad superblock: %s\n" % why
        if r.log.count(line) != 1:
            return "expected one %r line in the log:\n%s" % (line.strip(), r.log)
        if NOINIT + " to run the command; powering off\n" not in r.log:
            return "the console never said %r" % NOINIT
        if "up" in r.output().split("\n"):
            return "the command ran"
        if r.status != 1:
            return "powered off with status %d, expected 1" % r.status
        return None
    return check


def free_port():
    """A TCP port on which nothing listens now."""
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def under_gdb(boot, cmd, commands, timeout=45):
    """Boot cmd stopped, waiting for GDB on a free port, and run GDB with
    the repository's .gdbinit and then commands (the last should kill the
    machine).  GDB starts again until QEMU listens.  Returns GDB's output
    and the machine's Result."""
    port = free_port()
    done = {}
    machine = threading.Thread(target=lambda: done.update(r=boot(
        cmd, qemuextra="-S -gdb tcp:localhost:%d" % port)))
    machine.start()
    argv = ["gdb", "-batch", "-nx", "-x", ".gdbinit"]
    for c in commands:
        argv += ["-ex", c]
    env = dict(os.environ, ZV6_GDBPORT=str(port))
    deadline = time.monotonic() + timeout
    out = None
    try:
        while out is None or "Connection refused" in out and \
                machine.is_alive() and time.monotonic() < deadline:
            time.sleep(0 if out is None else 0.2)
            out = subprocess.run(
                argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                timeout=max(1, deadline - time.monotonic())).stdout.decode(
                    "latin-1")
    except subprocess.TimeoutExpired:
        out = "gdb: timed out after %d s" % timeout
    machine.join()
    return out, done["r"]


# zonetests' first read() after it created zone 7: init, sh and zonetests
# exist, and zonetests runs on the CPU that stops.
GDB_STOP = ('break sys_read if ztable.zone[7].state == ZLIVE && '
            '$_streq($zv6_name(), "zonetests")')
GDB_PS = re.compile(r"^ *(\d+) +(\d+|-) (\w+) +(\d+) +(\d+|-)  (\S+) *(.*)$",
                    re.M)
GDB_RANGE = re.compile(r"^0x([0-9a-f]{8}) 0x([0-9a-f]{8}) +(\d+)  "
                       r"(\S+(?: cow| 4M)*) +(\w+(?: \d+)?)$", re.M)


GDB_ZONE = re.compile(r"^( *(\d+) +(\d+) +(\d+) +(\d+)  )(\S.*)$")


def gdb_zones(out):
    """zv6-zones's lines, by zone id: (pages, nref, waiting, holders).  A
    zone's line names its first holder; a line each follows for the
    others, indented to that column."""
    zones = {}
    lines = out.split("\n")
    for i, line in enumerate(lines):
        m = GDB_ZONE.match(line)
        if not m:
            continue
        indent = " " * len(m.group(1))
        holders = [m.group(6)]
        for more in lines[i + 1:]:
            if not re.match(indent + r"\S", more):
                break
            holders.append(more[len(indent):])
        zones[m.group(2)] = m.group(3, 4, 5) + (holders,)
    return zones


def gdb_ps(out):
    """zv6-ps's lines, by name: (pid, ppid, state, size, cpu, zones)."""
    return {m.group(6): (m.group(1), m.group(2), m.group(3), m.group(4),
                         m.group(5), m.group(7))
            for m in GDB_PS.finditer(out)}


def gdb_ranges_wrong(ranges):
    """Why zv6-pgdir's ranges of zonetests are wrong, or None: read-only
    text at 0, writable data, a stack, zone 7 at SHMBASE, sorted, and
    merged (no two adjacent ranges alike)."""
    if not ranges or ranges[0][0] != 0 or ranges[0][3:] != ("r-u", "program"):
        return "no read-only program range at 0"
    if not any(r[3:] == ("rwu", "program") for r in ranges):
        return "no writable program data"
    if not any(r[4] == "stack" and r[3] == "rwu" for r in ranges):
        return "no stack"
    if (0x60000000, 0x60001000, 1, "rwu", "zone 7") not in ranges:
        return "zone 7 not named at 0x60000000"
    for a, b in zip(ranges, ranges[1:]):
        if a[1] > b[0] or a[1] == b[0] and a[3:] == b[3:]:
            return "ranges overlap or are not merged: %r, %r" % (a, b)
    return None


def data_symbol(program):
    """(name, address, section) of a data or bss symbol of program, by nm."""
    out = subprocess.run(["nm", program], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    for fields in (line.split() for line in out.splitlines()):
        if len(fields) != 3:
            continue
        addr, kind, name = fields
        if kind in "bBdD" and name != "end":
            return name, int(addr, 16), ".bss" if kind in "bB" else ".data"
    raise CheckFailed("%s has no data symbol" % program)


def gdb_commands(boot):
    """The zv6 GDB commands (tools/gdb/zv6.py) on a live machine, through
    the repository's .gdbinit: zv6-ps, zv6-zones, zv6-pgdir and zv6-user
    show what the kernel holds, and bad arguments get one-line errors.
    After zv6-user sh, GDB puts sh's text and its data where nm does."""
    sh = os.path.join(ROOT, "build", "user", "sh")
    data = data_symbol(sh)
    out, r = under_gdb(boot, "zonetests --hold 7", [
        GDB_STOP, "continue", "zv6-ps", "zv6-zones", "zv6-pgdir",
        "zv6-pgdir 99", "zv6-user sh", "info symbol 0",
        "info symbol 0x%x" % data[1], "zv6-user nosuch", "kill"])
    if r.error == "kernel panic":
        raise CheckFailed(r.error, r.log)
    ps = gdb_ps(out)
    if not {"init", "sh", "zonetests"} <= set(ps):
        return "zv6-ps did not list init, sh and zonetests: %r" % out
    pid = ps["zonetests"][0]
    if ps["init"][:3] != ("1", "-", "sleep") or ps["sh"][1] != "1" or \
            ps["zonetests"][1:3] != (ps["sh"][0], "run") or \
            not ps["zonetests"][4].isdigit() or ps["zonetests"][5] != "7":
        return "zv6-ps: %r" % ps
    if gdb_zones(out).get("7") != ("1", "1", "0",
                                   ["%s zonetests@0x60000000" % pid]):
        return "zv6-zones did not show zone 7 held by %s: %r" % (pid, out)
    if "pid %s zonetests: page directory at physical 0x" % pid not in out:
        return "zv6-pgdir did not show the running zonetests: %r" % out
    ranges = [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3)),
               m.group(4), m.group(5)) for m in GDB_RANGE.finditer(out)]
    why = gdb_ranges_wrong(ranges)
    if why:
        return "zv6-pgdir: %s: %r" % (why, ranges)
    for line in ("zv6: no process with pid 99",
                 "_start in section .text of %s" % sh,
                 "%s in section %s of %s" % (data[0], data[2], sh),
                 "zv6-user: no program nosuch in build/user"):
        if line not in out:
            return "gdb never printed %r: %r" % (line, out)
    return None


GDB_PGDIR = re.compile(r"^pid (\d+) (\S+): page directory at physical 0x",
                       re.M)


def gdb_pgdirs(out):
    """zv6-pgdir's listings in out: a dict from pid to its ranges, each
    (start, end, pages, perm, what)."""
    heads = list(GDB_PGDIR.finditer(out))
    listings = {}
    for head, nxt in zip(heads, heads[1:] + [None]):
        text = out[head.end():nxt.start() if nxt else len(out)]
        listings[head.group(1)] = [
            (int(m.group(1), 16), int(m.group(2), 16), int(m.group(3)),
             m.group(4), m.group(5)) for m in GDB_RANGE.finditer(text)]
    return listings


def gdb_sharing(boot):
    """The zv6 GDB commands while zonedemo's processes share zone 7, when
    its read-only observer has seen every worker done (its pipe() call,
    the only one in zonedemo; workers may still be exiting): zv6-zones
    lists every holder, counts them in nref and marks the observer, whose
    zv6-pgdir shows the zone r-u; the others map it writable, or not yet
    (a forked child maps it at its first touch); fork left some page
    copy-on-write."""
    out, r = under_gdb(boot, "zonedemo", [
        'break sys_pipe if $_streq($zv6_name(), "zonedemo")', "continue",
        "zv6-ps", "zv6-zones",
        "python for p in procs(): gdb.execute('zv6-pgdir %d' % int(p['pid']))",
        "kill"])
    if r.error == "kernel panic":
        raise CheckFailed(r.error, r.log)
    pages, nref, waiting, listed = gdb_zones(out).get("7", (0, 0, 0, []))
    if (pages, waiting) != ("1", "0"):
        return "zv6-zones did not list zone 7: %r" % out
    nref = int(nref)
    holders = [re.fullmatch(r"(\d+) zonedemo@0x60000000(\(ro\))?", h)
               for h in listed]
    if None in holders or len(holders) != nref:
        return "zv6-zones: holders %r for nref %d" % (listed, nref)
    if len([h for h in holders if h.group(2)]) != 1:
        return "zv6-zones: not one read-only holder: %r" % listed
    ps = {v[0]: v for v in GDB_PS.findall(out)}
    pgdirs = gdb_pgdirs(out)
    for h in holders:
        pid = h.group(1)
        if pid not in ps or ps[pid][6] != "7" or pid not in pgdirs:
            return "pid %s: not in zv6-ps with zone 7, or no zv6-pgdir" % pid
        zone = [x for x in pgdirs[pid] if x[4] == "zone 7"]
        want = [(0x60000000, 0x60001000, 1, "r-u" if h.group(2) else "rwu",
                 "zone 7")]
        if zone != want and (h.group(2) or zone):
            return "zv6-pgdir %s: zone 7 as %r, expected %r" % (pid, zone, want)
    if not any(x[3].endswith(" cow") for v in pgdirs.values() for x in v):
        return "no copy-on-write page in any zv6-pgdir: %r" % pgdirs
    return None


def no_disk_console(boot):
    """An interactive boot without a disk stays up: after its one line
    about it, the console still echoes and ^P lists the first process,
    asleep for good."""
    stays = NOINIT + "; the console stays up (^P lists processes)\n"
    log, error = boot.converse([(NODISK, None), (stays, "abc\x10"),
                                ("abc", None), ("1 sleep init\n", None)],
                               disk="")
    if error:
        raise CheckFailed(error, log)
    return None


# The VGA text screen (kernel/vga.c) as QEMU's monitor reads it back:
# pmemsave copies its cells, each a character and a colour byte, and the
# CRT controller's registers 14 and 15 hold the cursor's cell.
VGA_TEXT, VGA_COLS, VGA_ROWS, VGA_GREY = 0xB8000, 80, 25, 0x07
KEYHOLD_MS = 20           # how long sendkey holds a key down
KEYGAP = 0.1              # seconds between keys: a key is up before the next
KEYNAMES = {" ": "spc", "\n": "ret", "-": "minus", ".": "dot"}


def press(mon, keys):
    """Press and release each key (QEMU's names: "a", "shift-h", "ret")."""
    for key in keys:
        mon.command("sendkey %s %d" % (key, KEYHOLD_MS))
        time.sleep(KEYGAP)


def keys_for(text):
    """The keys that type text (lower-case letters, digits, a few signs)."""
    return [KEYNAMES.get(c, c) for c in text]


def crtc(mon, reg):
    mon.command("o /b 0x3d4 %d" % reg)
    m = re.search(r"= 0x([0-9a-f]+)", mon.command("i /b 0x3d5"))
    if not m:
        raise CheckFailed("cannot read CRT controller register %d" % reg)
    return int(m.group(1), 16)


def screen(mon, path):
    """(rows, (row, col) of the cursor, set of colour bytes) of the screen,
    each row without its trailing blanks.  path: a file for pmemsave."""
    mon.command('pmemsave 0x%x %d "%s"' % (VGA_TEXT, VGA_COLS * VGA_ROWS * 2, path))
    with open(path, "rb") as f:
        cells = f.read()
    if len(cells) != VGA_COLS * VGA_ROWS * 2:
        raise CheckFailed("pmemsave gave %d bytes of screen" % len(cells))
    rows = [cells[r * 2 * VGA_COLS:(r + 1) * 2 * VGA_COLS:2].decode("latin-1").rstrip()
            for r in range(VGA_ROWS)]
    at = crtc(mon, 14) << 8 | crtc(mon, 15)
    return rows, divmod(at, VGA_COLS), set(cells[1::2])


def render(text):
    """The lines a screen VGA_COLS wide shows for text: newlines, a
    backspace moving back over its line, long lines wrapped."""
    lines, col = [[]], 0
    for c in text:
        if c == "\n" or c != "\b" and col == VGA_COLS:
            lines.append([])
            col = 0
        if c == "\b":
            col = max(col - 1, 0)
        elif c != "\n":
            line = lines[-1]
            line[col:col + 1] = [c]
            col += 1
    return ["".join(line).rstrip() for line in lines]


def on_screen(boot, steps, **kw):
    """Converse with a monitor; a step's send "SCREEN" reads the screen
    at that point; kw go to boot.converse.  Returns (log, (rows, cursor,
    colours))."""
    seen = []
    with tempfile.TemporaryDirectory(prefix="zv6-screen-") as d:
        def look(mon):
            seen.append(screen(mon, os.path.join(d, "vga")))
        steps = [(want, look if send == "SCREEN" else send) for want, send in steps]
        log, error = boot.converse(steps, monitor=os.path.join(d, "mon"), **kw)
    if error:
        raise CheckFailed(error, log)
    return log, seen[0]


def screen_keyboard(boot):
    """Keys pressed on the PS/2 keyboard are typed at the shell: letters,
    Shift, Caps Lock (letters only), ^U killing the line, Backspace, an
    arrow key ignored, Enter, and ^P with the right Control (an extended
    key).  The serial line shows the echo and
    the command's output; the VGA screen shows the same, with the cursor
    after the new prompt, in light grey on black."""
    keys = keys_for("junk") + ["ctrl-u"] + keys_for("echo ") + ["shift-h", "i",
            "caps_lock", "x", "caps_lock", "y", "z", "backspace", "left", "ret"]
    log, (rows, (row, col), colours) = on_screen(boot, [
        ("$ ", lambda mon: press(mon, keys)), ("\nHiXy\n$ ", "SCREEN"),
        ("", lambda mon: press(mon, ["ctrl_r-p"])), (" sh\n", None)])
    echo = "junk" + "\b \b" * 4 + "echo HiXyz\b \b\nHiXy\n$ "
    if echo not in log:
        return "serial line never showed %r:\n%r" % (echo, log[-200:])
    if "1 sleep init\n" not in log:
        return "^P listed no init"
    if (col, rows[row]) != (2, "$") or rows[row - 2:row] != ["$ echo HiXy", "HiXy"]:
        return "screen shows %r with the cursor at row %d column %d" % (
            rows[:row + 1], row, col)
    if any(rows[row + 1:]) or colours != {VGA_GREY}:
        return "screen has %r below the cursor, colours %r" % (rows[row + 1:], colours)
    return None


def screen_scroll(boot):
    """After more lines than the screen holds (ls), the screen has
    scrolled: it shows the last VGA_ROWS lines of the serial console,
    with the cursor after the prompt on the bottom row."""
    log, (rows, cursor, _) = on_screen(boot, [("$ ", "ls\n"), ("\n$ ", "SCREEN")])
    lines = render(log)
    if len(lines) <= VGA_ROWS + 5:
        return "ls printed too little to scroll: %d lines" % len(lines)
    if rows != lines[-VGA_ROWS:]:
        return "screen shows %r, the serial console's last lines are %r" % (
            rows, lines[-VGA_ROWS:])
    if cursor != (VGA_ROWS - 1, 2):
        return "cursor at row %d column %d, expected %d 2" % (cursor + (VGA_ROWS - 1,))
    return None


# Lines of exactly VGA_COLS characters, and '\b' moving left without
# erasing, even off a full row's pending wrap and at a row's start.
WRAPPING = ["x" * VGA_COLS, "y" * VGA_COLS + "\bZ", "abc\b\bX", "\bq"]
WRAPPED = ["x" * VGA_COLS, "y" * (VGA_COLS - 1) + "Z", "aXc", "q"]


def screen_wrap(boot, disk):
    """cat of WRAPPING: a full row's newline only ends it (before, each
    left a blank row), and '\b' from a program moves the cursor without
    erasing, on the screen as on the serial line.  Then the line editor
    erases the character typed in a row's last column, and the next one
    takes its place there."""
    name = plant(disk, "".join(s + "\n" for s in WRAPPING).encode())
    typed = "a" * (VGA_COLS - len("$ echo ") - 1) + "b"
    log, (rows, (row, col), _) = on_screen(boot, [
        ("$ ", "cat %s\n" % name),
        ("\n$ ", "echo %sa\x7fb\n" % typed[:-1]), ("\n$ ", "SCREEN")], disk=disk)
    want = ["$ cat " + name] + WRAPPED + ["$ echo " + typed, typed, "$"]
    if (col, rows[row + 1 - len(want):row + 1]) != (2, want):
        return "screen shows %r with the cursor at row %d column %d, expected %r" % (
            rows[:row + 1], row, col, want)
    if render(log)[-len(want):] != want:
        return "the serial line shows %r, expected %r" % (render(log)[-len(want):], want)
    return None


ISO = os.path.join(ROOT, "build", "zv6.iso")


def iso_boot(boot):
    """GRUB boots build/zv6.iso (make iso) from a CD on the secondary IDE
    channel, to the shell, which writes and reads the file system on the
    disk at the primary master."""
    if not os.path.exists(ISO):
        return "no %s: make iso" % os.path.relpath(ISO, ROOT)
    log, error = boot.converse([("$ ", "echo iso-ok > f; cat f\n"),
                                ("\niso-ok\n", None)], iso=ISO)
    if error:
        raise CheckFailed(error, log)
    if "GRUB" not in log or "cpus started" not in log:
        return "the console shows no GRUB before the kernel's boot"
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
    Host("panic-backtrace", kpanic("", "panic: kpanic: on request", 2), cpus=2),
    Host("panic-backtrace-4cpus", kpanic("", "panic: kpanic: on request", 4),
         cpus=4),
    Host("panic-kernel-fault", kpanic(
        " fault", "panic: unexpected trap 14 err 2 addr 0x60000000 in the kernel",
        2), cpus=2),
    Host("panic-refused", expect_output(
        "kpanic; echo $?; kpanic fault; echo $?; kpanic x; echo $?",
        "kpanic: refused: only init (pid 1) may panic the kernel\n1\n"
        "kpanic: refused: only init (pid 1) may panic the kernel\n1\n"
        "usage: kpanic [fault]\n1")),
    Host("user-fault-line", user_fault),
    Host("init-replaced-missing", expect_output(
        "init=/nosuch", "init: cannot exec /nosuch", status=127)),
    Host("harness-selftest", program(
        "harnesscheck; echo status $?; harnesscheck passes passes; "
        "echo status $?; harnesscheck nosuch; echo status $?", [
            "ok passes", "FAIL fails: got 2, want 1", "FAIL crashes: killed",
            "FAIL hangs: timed out after 1 s",
            "harnesscheck: helperfails: pid %d: helper saw 3",
            "FAIL helperfails: helper exited 1",
            "FAIL orphan: leaked %d pages, 1 processes, 1 files, 0 inodes, 0 zones",
            "ok clean", "2 passed, 5 failed", "status 1",
            "ok passes", "ok passes", "2 passed, 0 failed", "status 0",
            "harnesscheck: no test named nosuch", "status 1"])),
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
    WithDisk("disk-bad-magic", bad_superblock("wrong magic", magic=0)),
    WithDisk("disk-bad-size", bad_superblock("image larger than FSSIZE",
                                             size=0xFFFFFFFF)),
    WithDisk("disk-bad-log", bad_superblock("log area does not fit",
                                            nlog=0xFFFFFFF0)),
    WithDisk("disk-bad-ninodes", bad_superblock("inodes do not fit",
                                                ninodes=0xFFFFFFFF)),
    WithDisk("disk-bad-nblocks", bad_superblock("bitmap and data do not fit",
                                                nblocks=0xFFFFFFF0)),
    Host("gdb-commands", gdb_commands),
    Host("gdb-sharing", gdb_sharing),
    Host("disk-missing-console", no_disk_console),
    Host("screen-keyboard", screen_keyboard),
    Host("screen-scroll", screen_scroll),
    WithDisk("screen-wrap", screen_wrap),
    Host("iso-boot", iso_boot),
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
    Guest("checktests", "checktests", cpus=2),
    Guest("checktests-4cpus", "checktests", cpus=4),
    Guest("failtests", "failtests", cpus=2),
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
