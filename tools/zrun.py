#!/usr/bin/env python3
"""Boot zv6 headless, run one shell command line, and power off.

The command line travels to the kernel as the multiboot command line
(QEMU's -append); init runs it with `sh -c` and powers the machine off
through QEMU's isa-debug-exit device with the shell's exit status, which
QEMU turns into its own exit code (status << 1 | 1).

As a program (what `make run` calls) it prints the command's output and
exits with its status; as a module, boot() returns a Result for the
test runner.
"""
import argparse
import os
import shlex
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, "build", "kernel.elf")
DISK = os.path.join(ROOT, "build", "fs.img")
BOOTED = "cpus started"      # the kernel's last boot line
PANIC = "panic:"


class PanicWatch:
    """Spots the first "panic:" on a console whose text arrives in pieces
    of any size, a few bytes at a time or many lines at once: a piece may
    end in the middle of the word, so the last len(PANIC)-1 characters are
    kept and searched together with the next piece.  "panic:" counts
    wherever it is (a panic can cut into a line another CPU is printing),
    so a program that prints it looks like a panic too."""
    def __init__(self):
        self.tail = ""
        self.seen = False

    def feed(self, text):
        """Take the next piece; True once "panic:" has been seen."""
        if not self.seen:
            joined = self.tail + text
            self.seen = PANIC in joined
            self.tail = joined[-(len(PANIC) - 1):]
        return self.seen


def let_panic_finish(quiet_since, quiet=0.5, limit=5.0):
    """After a panic line, wait for the lines that follow it (the
    backtrace) until the console has been quiet for `quiet` seconds, or
    `limit` seconds have passed.  quiet_since() is when output last came."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if time.monotonic() - quiet_since() >= quiet:
            return
        time.sleep(0.05)


class Result:
    def __init__(self, status, log, error):
        self.status = status   # the command's exit status, or None
        self.log = log         # everything the machine printed, \r removed
        self.error = error     # why there is no status (timeout, panic...)

    def output(self):
        """What the command printed: the log after the boot lines."""
        lines = self.log.split("\n")
        for i, line in enumerate(lines):
            if BOOTED in line:
                return "\n".join(lines[i + 1:])
        return self.log


def qemu_command(cmd, cpus, mem, disk, qemuextra, monitor=None, iso=None):
    """The QEMU command line; an empty disk means a machine with none.
    cmd None boots to the interactive shell.  monitor is the path of a
    Unix socket to serve QEMU's monitor on (see Monitor); iso boots that
    CD image (make iso) on the secondary IDE channel instead of the kernel,
    leaving the disk the primary master, where the kernel looks for it."""
    drive = ["-drive", "file=%s,index=0,media=disk,format=raw" % disk] \
        if disk else []
    if iso:
        start = ["-drive", "file=%s,index=2,media=cdrom,format=raw" % iso, "-boot", "d"]
    else:
        start = ["-kernel", KERNEL] + (["-append", cmd] if cmd is not None else [])
    mon = "unix:%s,server=on,wait=off" % monitor if monitor else "none"
    return ["qemu-system-i386"] + start + [
            "-smp", str(cpus), "-m", str(mem),
            "-nographic", "-no-reboot", "-nic", "none", "-monitor", mon] + \
        drive + ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] + \
        shlex.split(qemuextra or "")


class Monitor:
    """QEMU's human monitor on a Unix socket: command() sends one command
    line and returns what QEMU answered, up to its next prompt."""
    PROMPT = b"(qemu) "

    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.answer()            # the greeting

    def answer(self):
        got = b""
        while not got.endswith(self.PROMPT):
            piece = self.sock.recv(4096)
            if not piece:
                raise OSError("QEMU closed its monitor")
            got += piece
        return got[:-len(self.PROMPT)].decode("latin-1")

    def command(self, line):
        """Run line; QEMU's answer, without the echo of the line itself."""
        self.sock.sendall(line.encode("latin-1") + b"\n")
        text = self.answer().replace("\r", "")
        return text.split("\n", 1)[1] if "\n" in text else ""

    def close(self):
        self.sock.close()


def collect(proc, timeout, echo=None):
    """Read the console of machine proc (its stdout) until proc exits, or
    the console shows a panic, or timeout seconds pass; in the last two
    cases proc is stopped, after the panic's backtrace has come.  Returns
    (log, error): the console, \r removed, and None if proc exited by
    itself, else why it was stopped.  echo(text) sees output as it comes."""
    chunks = []
    watch = PanicWatch()
    panicked = threading.Event()
    last = [time.monotonic()]   # when the last piece came

    def reader():
        for raw in iter(lambda: proc.stdout.read1(4096), b""):
            text = raw.decode("latin-1").replace("\r", "")
            chunks.append(text)
            last[0] = time.monotonic()
            if echo:
                echo(text)
            if watch.feed(text):
                panicked.set()
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if panicked.wait(0.1):
            let_panic_finish(lambda: last[0])
            break
    error = None
    if proc.poll() is None:
        proc.kill()
        error = "kernel panic" if panicked.is_set() else \
            "timed out after %d s" % timeout
    proc.wait()
    t.join(2)
    return "".join(chunks), error


def boot(cmd, cpus=2, mem=512, timeout=120, disk=DISK, qemuextra="",
         echo=None):
    """Boot, run cmd, return a Result.  echo(text) sees output as it comes."""
    if not cmd.strip():
        return Result(None, "", "empty command")
    proc = subprocess.Popen(qemu_command(cmd, cpus, mem, disk, qemuextra),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    log, error = collect(proc, timeout, echo)
    if error:
        return Result(None, log, error)
    if proc.returncode % 2 == 0:
        return Result(None, log, "machine stopped without powering off "
                      "(QEMU exit code %d)" % proc.returncode)
    status = proc.returncode >> 1
    return Result(status, log, None)


def converse(steps, cpus=2, mem=512, timeout=60, disk=DISK, qemuextra="",
             monitor=None, iso=None):
    """Boot to the interactive shell and type at it, as a person would.
    steps is a list of (wait_for, send): wait until the console has shown
    wait_for (since the previous step), then send the bytes send on the
    serial line.  send may instead be a function, called with a Monitor
    on QEMU (given a socket path monitor) to press keys or look at the
    machine; an exception it raises ends the conversation as its error.
    The last step may send None.  iso: boot that CD image (qemu_command).
    Returns (log, error); error is None if every step's text appeared
    before the timeout, and the console showed no panic on the way (a
    panic ends the conversation at once)."""
    cmd = qemu_command(None, cpus, mem, disk, qemuextra, monitor, iso)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    log = []
    watch = PanicWatch()
    last = [time.monotonic()]   # when the last piece came
    lock = threading.Condition()

    def reader():
        for raw in iter(lambda: proc.stdout.read1(4096), b""):
            text = raw.decode("latin-1").replace("\r", "")
            with lock:
                log.append(text)
                last[0] = time.monotonic()
                watch.feed(text)
                lock.notify_all()
    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = 0
    error = None
    mon = None
    for want, send in steps:
        with lock:
            while True:
                text = "".join(log)
                at = text.find(want, seen)
                if at >= 0 or watch.seen or time.monotonic() > deadline or \
                        proc.poll() is not None:
                    break
                lock.wait(0.1)
        if watch.seen:
            let_panic_finish(lambda: last[0])
            error = "kernel panic"
            break
        if at < 0:
            error = "never saw %r" % want
            break
        seen = at + len(want)
        if callable(send):
            try:
                mon = mon or Monitor(monitor)
                send(mon)
            except Exception as e:
                error = "%s: %s" % (type(e).__name__, e)
                break
        elif send is not None:
            proc.stdin.write(send.encode("latin-1"))
            proc.stdin.flush()
    if mon:
        mon.close()
    proc.kill()
    proc.wait()
    return "".join(log), error


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--mem", type=int, default=512)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--disk", default=DISK)
    ap.add_argument("--qemuextra", default="")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print the firmware and boot lines")
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    cmd = " ".join(a.cmd)
    if not cmd.strip():
        print("zrun: no command given (use CMD=\"prog args\")", file=sys.stderr)
        return 2
    r = boot(cmd, a.cpus, a.mem, a.timeout, a.disk, a.qemuextra)
    out = r.log if a.verbose else r.output()
    sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    if r.error:
        print("zrun: %s" % r.error, file=sys.stderr)
        return 125
    return r.status


if __name__ == "__main__":
    sys.exit(main())
