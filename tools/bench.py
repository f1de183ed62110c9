#!/usr/bin/env python3
"""make bench: boot zv6, run zbench, and print its figures in a table
against a classic teaching kernel, Linux 6.1, the figures zv6 had before
(docs/bench/before.json) and the targets of issues 8 and 9.

On one CPU (the default) the machine runs under -icount shift=0: one
guest instruction is one nanosecond of guest time, so every figure, which
zbench measures in guest ticks, is the same from run to run whatever the
host is doing.  That run also rewrites the generated section of
docs/performance.md and draws docs/bench/chart.png.  On more CPUs icount
cannot be used (it is single-threaded), so the machine runs in plain
emulation, where guest time is host time: the figures are the median of
NOISYRUNS runs, the table says they are noisy, and the docs are left
alone.  Those runs also print the kernel's lock statistics during zbench
(`lockstat zbench`), the median of each class's counts.  The one-CPU run
is followed by NOISYRUNS plain runs on two CPUs of the figures that need
two (the zone channel, spinning and blocking, with the pipe beside it),
printed as a second table headed NOISY.  See
docs/performance.md.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zrun      # noqa: E402

ROOT = zrun.ROOT
BEFORE = os.path.join(ROOT, "docs", "bench", "before.json")
DOC = os.path.join(ROOT, "docs", "performance.md")
CHART = os.path.join(ROOT, "docs", "bench", "chart.png")
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
ICOUNT = "-icount shift=0"
NOISYRUNS = 5
SYSPYTHON = "/usr/bin/python3"   # Debian's, which python3-matplotlib serves
LINE = re.compile(r"^bench (\S+) (\d+(?:\.\d+)?) (\S+)\s*$")
# A line of lockstat's table (user/lockstat.c): class, acquisitions,
# contended acquisitions, their share in percent.
LOCKLINE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+\.\d)%\s*$")
LOCKHEAD = re.compile(r"^lock\s+acquired\s+contended\s+share\s*$")

# Every line zbench prints, in its order, with the reference figures of
# issue 8 (None: none given).  A target is a floor: higher is better.
#  name                what                                   unit      classic  Linux 6.1  target
FIGURES = [
    ("fork-exit-wait",   "fork + exit + wait",                  "/s",      495,    6331,     6500),
    ("fork-exec-wait",   "fork + exec + wait",                  "/s",      239,    None,     3000),
    ("pipe",             "pipe 8 MiB in 4 KiB writes",          "MiB/s",   18,     614,      640),
    ("getpid",           "getpid",                              "/s",      714666, None,     2000000),
    ("sbrk-touch",       "sbrk(4096) + touch",                  "pages/s", 206628, None,     500000),
    ("memmove",          "memmove 1 MiB",                       "MiB/s",   1595,   5082,     5000),
    ("zone-1",           "zone create+touch+detach, 1 page",    "/s",      None,   17703,    20000),
    ("zone-16",          "zone create+touch+detach, 16 pages",  "/s",      None,   5836,     6500),
    ("zone-256",         "zone create+touch+detach, 256 pages", "/s",      None,   506,      600),
    ("attach-256",       "attach+detach 256-page zone",         "/s",      None,   46630,    50000),
    ("fork-zones-plain", "fork + exit + wait, plain",           "/s",      None,   None,     None),
    ("fork-zones-4x256", "fork + exit + wait, 4x256-page zones", "/s",      None,   None,     None),
    ("fork-zones",       "fork with 4x256-page zones / plain",  "ratio",   None,   0.92,     0.95),
    ("chan",             "zone channel, 64 MiB in 4 KiB, futexes", "MB/s",  None,   879,      1200),
    ("chan-spin",        "zone channel, spinning (2+ CPUs)",    "MB/s",    None,   None,     None),
    ("futex-pingpong",   "futex ping-pong round trip",          "/s",      None,   None,     None),
    ("mutex",            "mutex lock + unlock, uncontended",    "/s",      None,   None,     None),
    ("mutex-syscalls",   "system calls in 100000 of those",     "calls",   None,   None,     None),
]
NAMES = [f[0] for f in FIGURES]
# Figures that zbench skips on one CPU, saying "zbench: skipped NAME: ...".
MULTICPU = {"chan-spin"}
# Figures whose target is a ceiling: at most this.
CEILINGS = {"mutex-syscalls": 0}
# Rows computed from other figures: name, what, unit, Linux 6.1, target
# (a floor), and how.  MB per MiB: the pipe figure is in MiB/s.
MB = 1.048576
DERIVED = [
    ("chan-vs-pipe", "zone channel / pipe, both in MB/s", "ratio",
     879 / 644, 1.0, lambda now: now["chan"] / (now["pipe"] * MB)),
]
# The second table: two CPUs, plain emulation.
TWOCPU = [("chan", "zone channel, blocking with futexes", 1),
          ("chan-spin", "zone channel, spinning", 1),
          ("pipe", "pipe 8 MiB in 4 KiB writes", MB)]
TWOCOLUMNS = ["figure (2 CPUs)", "unit", "median", "min", "max"]
COLUMNS = ["figure", "unit", "classic", "Linux 6.1", "zv6 before",
           "zv6 now", "target", "now/Linux", "now/target", "met"]
LOCKCOLUMNS = ["lock", "acquired", "contended", "share"]


class BenchError(Exception):
    pass


def fmt(x, unit=""):
    """A figure as the table shows it."""
    if x is None:
        return "-"
    if unit == "ratio":
        return "%.3f" % x
    return "%d" % round(x)


def ratio(a, b):
    return "-" if a is None or b is None else "%.2f" % (a / b)


def rows(now, before):
    """The table, a list of rows of strings (COLUMNS)."""
    out = []
    for name, what, unit, classic, linux, target in FIGURES:
        x = now.get(name)
        met = "-" if target is None or x is None else \
            ("yes" if x >= target else "no")
        if name in CEILINGS and x is not None:
            met = "yes" if x <= CEILINGS[name] else "no"
        goal = "<= %d" % CEILINGS[name] if name in CEILINGS else \
            "-" if target is None else ">= " + fmt(target, unit)
        out.append([what, unit, fmt(classic, unit), fmt(linux, unit),
                    fmt(before.get(name), unit), fmt(x, unit), goal,
                    ratio(x, linux), ratio(x, target), met])
    for name, what, unit, linux, target, how in DERIVED:
        x = derive(now, how)
        met = "-" if x is None else ("yes" if x >= target else "no")
        out.append([what, unit, "-", fmt(linux, unit), "-", fmt(x, unit),
                    ">= " + fmt(target, unit), ratio(x, linux),
                    ratio(x, target), met])
    return out


def derive(now, how):
    try:
        return how(now)
    except (KeyError, ZeroDivisionError):
        return None


def two_rows(runs):
    """The two-CPU table: median, min and max of each figure over runs."""
    out = []
    for name, what, scale in TWOCPU:
        xs = [r[name] * scale for r in runs if name in r]
        if not xs:
            out.append([what, "MB/s", "-", "-", "-"])
            continue
        out.append([what, "MB/s", fmt(statistics.median(xs)), fmt(min(xs)),
                    fmt(max(xs))])
    return out


def text_table(table, columns=COLUMNS, left=2):
    """table under the heading columns, the first left columns
    left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in [columns] + table)
              for i in range(len(columns))]

    def line(r):
        return "  ".join(c.ljust(w) if i < left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([line(columns), line(["-" * w for w in widths])] +
                     [line(r) for r in table])


def lock_rows(runs):
    """The lock table (LOCKCOLUMNS) of several runs, each {class:
    (acquisitions, contended)}: each class's median counts, most
    contended first."""
    def median(name, k):
        return statistics.median(run.get(name, (0, 0))[k] for run in runs)
    med = {n: (median(n, 0), median(n, 1)) for run in runs for n in run}
    order = sorted(med, key=lambda n: (-med[n][1], -med[n][0], n))
    return [[n, fmt(med[n][0]), fmt(med[n][1]),
             "%.1f%%" % (100.0 * med[n][1] / med[n][0]) if med[n][0] else "-"]
            for n in order]


def markdown_table(table, columns=COLUMNS):
    head = "| " + " | ".join(columns) + " |"
    rule = "|" + "|".join(["---"] * 2 + ["---:"] * (len(columns) - 2)) + "|"
    return "\n".join([head, rule] + ["| " + " | ".join(r) + " |"
                                     for r in table])


def skipped(output):
    """The figures zbench said it skipped (only MULTICPU ones may be)."""
    return set(re.findall(r"^zbench: skipped (\S+):", output, re.M)) & MULTICPU


def parse(output, names=NAMES):
    """zbench's lines as {name: value}; BenchError if any of names is
    missing (and not skipped)."""
    got = {}
    for line in output.split("\n"):
        m = LINE.match(line)
        if m:
            got[m.group(1)] = float(m.group(2))
    missing = [n for n in names if n not in got and n not in skipped(output)]
    if missing:
        raise BenchError("zbench printed no figure for %s" % " ".join(missing))
    return got


def parse_locks(output):
    """Every lockstat table in output, in order: a list of lists of
    (class, acquisitions, contended)."""
    tables = []
    for line in output.split("\n"):
        if LOCKHEAD.match(line):
            tables.append([])
        elif tables and LOCKLINE.match(line):
            m = LOCKLINE.match(line)
            tables[-1].append((m.group(1), int(m.group(2)), int(m.group(3))))
    return tables


def echo_lines():
    """An echo for zrun.boot that shows zbench's lines as they come."""
    pending = [""]

    def echo(text):
        pending[0] += text
        *done, pending[0] = pending[0].split("\n")
        for line in done:
            if LINE.match(line):
                print("  " + line, flush=True)
    return echo


def one_run(a, qemuextra, cpus=None, names=NAMES):
    """Boot once on a copy of the disk, run zbench (only names, unless
    all); {name: value}, and on more than one CPU the locks during zbench,
    {class: (acquisitions, contended)} (else None)."""
    cpus = cpus or a.cpus
    tmp = tempfile.mkdtemp(prefix="zv6-bench-")
    cmd = "zbench" if names == NAMES else "zbench " + " ".join(names)
    if cpus > 1:
        cmd = "lockstat " + cmd
    try:
        disk = os.path.join(tmp, "fs.img")
        shutil.copyfile(zrun.DISK, disk)
        r = zrun.boot(cmd, cpus, a.mem, a.timeout, disk, qemuextra,
                      echo=echo_lines())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if r.error or r.status != 0:
        tail = "\n".join(r.log.rstrip("\n").split("\n")[-15:])
        raise BenchError("%s %s:\n%s" % (
            cmd, r.error or "exited %d" % r.status, tail))
    if cpus == 1:
        return parse(r.output(), names), None
    tables = parse_locks(r.output())
    if not tables:
        raise BenchError("lockstat printed no table")
    return parse(r.output(), names), {n: (acq, con) for n, acq, con in tables[-1]}


def measure(a):
    """Every figure: one icount run on one CPU, else the median of
    NOISYRUNS plain runs.  Returns the figures, the QEMU options used,
    and the lock statistics of each run (empty on one CPU)."""
    if a.cpus == 1:
        extra = a.qemuextra if "-icount" in a.qemuextra else \
            (ICOUNT + " " + a.qemuextra).strip()
        print("bench: 1 CPU, %s; about two minutes of host time" % extra,
              flush=True)
        return one_run(a, extra)[0], extra, []
    runs, locks = [], []
    for i in range(NOISYRUNS):
        print("bench: run %d of %d on %d CPUs, plain emulation"
              % (i + 1, NOISYRUNS, a.cpus), flush=True)
        figures, lockrun = one_run(a, a.qemuextra)
        runs.append(figures)
        locks.append(lockrun)
    return {n: statistics.median(r[n] for r in runs) for n in NAMES}, \
        a.qemuextra, locks


def measure_two(a):
    """The TWOCPU figures: NOISYRUNS plain runs on two CPUs."""
    names = [n for n, _, _ in TWOCPU]
    runs = []
    for i in range(NOISYRUNS):
        print("bench: run %d of %d on 2 CPUs, plain emulation: %s"
              % (i + 1, NOISYRUNS, " ".join(names)), flush=True)
        runs.append(one_run(a, a.qemuextra.replace(ICOUNT, "").strip(), 2,
                            names)[0])
    return two_rows(runs)


def noisy_note(n):
    return ("NOISY: %d CPUs in plain emulation (no icount), median of %d "
            "runs; guest time is host time, so these figures move with "
            "the host's load." % (n, NOISYRUNS))


def load_before():
    try:
        with open(BEFORE) as f:
            return json.load(f)["figures"]
    except FileNotFoundError:
        return {}


def revision():
    """The commit measured, with a note if the tree has changes."""
    def git(*args):
        return subprocess.run(["git", "-C", ROOT] + list(args),
                              capture_output=True, text=True).stdout.strip()
    rev = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "kernel", "user")
    return rev + (" with uncommitted changes to kernel/ or user/" if dirty else "")


def draw(now, before):
    """Draw docs/bench/chart.png; False if no Python here has matplotlib.
    python3 on PATH need not be Debian's (pyenv, a venv), and then it does
    not see the python3-matplotlib package: Debian's python3 draws."""
    try:
        plot(now, before)
        return True
    except ImportError:
        pass
    if not os.path.exists(SYSPYTHON) or \
            os.path.realpath(SYSPYTHON) == os.path.realpath(sys.executable):
        return False
    data = json.dumps({"now": now, "before": before})
    return subprocess.run([SYSPYTHON, os.path.abspath(__file__), "--chart",
                           data]).returncode == 0


def plot(now, before):
    """The chart: each figure with a target as a fraction of it.
    ImportError, before drawing anything, if matplotlib is missing."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figs = [f for f in FIGURES if f[5] is not None]
    series = [("zv6 before", lambda f: before.get(f[0]), "#b0b0b0"),
              ("zv6 now", lambda f: now.get(f[0]), "#3070b0"),
              ("Linux 6.1", lambda f: f[4], "#e08030")]
    width = 0.27
    fig, ax = plt.subplots(figsize=(11, 4.8))
    for k, (label, value, colour) in enumerate(series):
        xs, ys = [], []
        for i, f in enumerate(figs):
            if value(f) is not None:
                xs.append(i + (k - 1) * width)
                ys.append(value(f) / f[5])
        ax.bar(xs, ys, width, label=label, color=colour)
    ax.axhline(1.0, color="#30a030", linewidth=1.5, label="target")
    ax.set_yscale("log")
    ax.set_ylim(0.01, 10)   # every figure fits: the best are about 5x their target
    ax.set_ylabel("figure / target (log scale; 1 = target met)")
    ax.set_xticks(range(len(figs)))
    ax.set_xticklabels([f[1] for f in figs], rotation=30, ha="right",
                       fontsize=8)
    ax.set_title("zv6 against its targets (1 CPU, -icount shift=0)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    os.makedirs(os.path.dirname(CHART), exist_ok=True)
    fig.savefig(CHART, dpi=90, metadata={"Software": None})
    plt.close(fig)


def write_doc(table, two, extra, drawn):
    """Rewrite the generated section of docs/performance.md."""
    with open(DOC) as f:
        doc = f.read()
    if doc.count(BEGIN) != 1 or doc.count(END) != 1 or \
            doc.index(BEGIN) > doc.index(END):
        raise BenchError("%s: no single %s ... %s section" % (DOC, BEGIN, END))
    chart = os.path.relpath(CHART, os.path.dirname(DOC))
    lines = [BEGIN,
             "<!-- written by `make bench` (tools/bench.py): edits here are lost -->",
             "",
             "Measured on commit %s: 1 CPU, QEMU `%s`." % (revision(), extra),
             "",
             markdown_table(table), "",
             "Two CPUs: " + noisy_note(2), "",
             markdown_table(two, TWOCOLUMNS), ""]
    if drawn:
        lines += ["![zv6 before and now, and Linux 6.1, as fractions of "
                  "each target](%s)" % chart, ""]
    elif os.path.exists(os.path.join(os.path.dirname(DOC), chart)):
        lines += ["![chart](%s)" % chart, "",
                  "(The chart is from an earlier run: matplotlib was missing.)", ""]
    lines.append(END)
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(DOC, "w") as f:
        f.write(head + "\n".join(lines) + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--mem", type=int, default=512)
    ap.add_argument("--timeout", type=int, default=1800,
                    help="seconds one boot may take")
    ap.add_argument("--qemuextra", default="")
    ap.add_argument("--chart", metavar="JSON", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.chart:      # draw() asking another Python to draw
        data = json.loads(a.chart)
        try:
            plot(data["now"], data["before"])
        except ImportError:
            return 1
        return 0
    try:
        now, extra, locks = measure(a)
        table = rows(now, load_before())
        if a.cpus > 1:
            print()
            print(noisy_note(a.cpus) + " Only the 1-CPU run is comparable "
                  "with the before column.")
            print(text_table(table))
            print()
            print("NOISY: the kernel's locks during zbench (lockstat zbench), "
                  "each count the median of %d runs:" % NOISYRUNS)
            print(text_table(lock_rows(locks), LOCKCOLUMNS, 1))
            print("NOISY: docs/performance.md not updated (only `make bench` "
                  "on one CPU writes it)")
            return 0
        two = measure_two(a)
        print()
        print(text_table(table))
        print()
        print(noisy_note(2))
        print(text_table(two, TWOCOLUMNS))
        drawn = draw(now, load_before())
        write_doc(table, two, extra, drawn)
        print("bench: wrote docs/performance.md" +
              (" and docs/bench/chart.png" if drawn else
               "; chart skipped: matplotlib is not installed"))
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
