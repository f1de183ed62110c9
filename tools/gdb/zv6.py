"""GDB commands that know zv6's data structures (docs/debugging.md).

The repository's .gdbinit sources this file, then loads the kernel's
symbols and attaches to `make qemu-gdb`.  Commands:

  zv6-ps            the process table, as ps prints it, with parents
  zv6-zones         each live zone: id, pages, references, who maps it where
  zv6-pgdir [PID]   a process's user mappings, merged into ranges
  zv6-user [PROG]   load build/user/PROG's symbols (user programs all start
                    at address 0, so one program's symbols at a time)
  $zv6_name()       the name of the process the selected CPU runs

They read the kernel's memory through QEMU's gdb stub, as the CPU that
GDB has selected sees it: kernel addresses are mapped in every page
directory, so any stop after paging is on will do.  Page-table entries
hold physical addresses, which the kernel direct-maps at KERNBASE.  The
constants come from the kernel's own headers, parsed at load time, so
they cannot drift from the C code.
"""
import os
import re
import struct
import sys

import gdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from port import gdb_port   # noqa: E402  (for .gdbinit)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
USERBIN = os.path.join(ROOT, "build", "user")
DEFINE = re.compile(
    r"^#define\s+(\w+)\s+([0-9a-fA-Fx()*+<\s-]+?)\s*(?://.*)?$")
ARITHMETIC = re.compile(r"^[0-9a-fA-Fx()*+<\s-]+$")


def header_constants(*names):
    """The numeric #defines of kernel/NAME for each name: a dict from
    macro name to value.  Only literals and arithmetic on literals count."""
    consts = {}
    for name in names:
        with open(os.path.join(ROOT, "kernel", name)) as f:
            for line in f:
                m = DEFINE.match(line.strip())
                if m and ARITHMETIC.match(m.group(2)):
                    consts[m.group(1)] = int(eval(m.group(2), {}, {}))
    return consts


K = header_constants("mmu.h", "memlayout.h", "param.h")
# The kernel's tables, named with their files: they are static there.
PROCS = "'proc.c'::ptable.proc"
ZONES = "'zone.c'::ztable.zone"
PAGE = struct.Struct("<%dI" % K["NPTENTRIES"])


def kernel_value(expr):
    """gdb.parse_and_eval(expr), with a one-line error when the kernel's
    symbols are missing.  The value is read lazily, when used."""
    try:
        return gdb.parse_and_eval(expr)
    except gdb.MemoryError:
        raise
    except gdb.error as e:
        raise gdb.GdbError("zv6: no %s: %s (is build/kernel.elf loaded?)"
                           % (expr, e))


class ZCommand(gdb.Command):
    """A zv6 command: run(arg) does the work, and a kernel address that
    cannot be read (paging not on yet, or a bad pointer) ends it with one
    line instead of a Python traceback."""
    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError("zv6: %s (has the kernel turned paging on? "
                               "stop it later, e.g. at `break scheduler`)" % e)


def elements(array):
    """The elements of a C array value, in order."""
    low, high = array.type.range()
    return [array[i] for i in range(low, high + 1)]


def read_page(pa):
    """The NPTENTRIES entries of the page-table page at physical address pa."""
    mem = gdb.selected_inferior().read_memory(pa + K["KERNBASE"], K["PGSIZE"])
    return PAGE.unpack(bytes(mem))


def procs():
    """The process-table entries in use."""
    unused = int(kernel_value("UNUSED"))
    return [p for p in elements(kernel_value(PROCS))
            if int(p["state"]) != unused]


def proc_name(p):
    return p["name"].string(length=int(p["name"].type.sizeof)).split("\0")[0]


def state_name(p):
    """The state's name as ps and ^P print it (proc.c's states[])."""
    return kernel_value("'proc.c'::states")[int(p["state"])].string()


def running_cpus():
    """A dict from the address of each running proc to its CPU number."""
    cpus = elements(kernel_value("cpus"))[:int(kernel_value("ncpu"))]
    return {int(c["proc"]): i for i, c in enumerate(cpus) if int(c["proc"])}


def find_proc(pid):
    for p in procs():
        if int(p["pid"]) == pid:
            return p
    raise gdb.GdbError("zv6: no process with pid %d" % pid)


def current_proc():
    """The process whose page directory the selected CPU has loaded (%cr3),
    or None when that CPU runs on the kernel's own page directory."""
    cr3 = int(gdb.parse_and_eval("$cr3")) & ~(K["PGSIZE"] - 1)
    for p in procs():
        if int(p["pgdir"]) and int(p["pgdir"]) - K["KERNBASE"] == cr3:
            return p
    return None


def proc_arg(arg, command):
    """The process named by a command's PID argument, or without one the
    process the selected CPU is running."""
    arg = arg.strip()
    if arg:
        if not arg.isdigit():
            raise gdb.GdbError("usage: %s [PID]" % command)
        return find_proc(int(arg))
    p = current_proc()
    if p is None:
        raise gdb.GdbError("%s: this CPU runs no process; give a PID "
                           "(see zv6-ps)" % command)
    return p


def attachments(p):
    """(zone id, va, rdonly) for each zone p has attached."""
    zones = kernel_value(ZONES)
    base = int(zones[0].address)
    size = zones[0].type.sizeof
    return [((int(a["zone"]) - base) // size, int(a["va"]), int(a["rdonly"]))
            for a in elements(p["zones"]) if int(a["zone"])]


class Ps(ZCommand):
    """zv6-ps: list the process table as ps does (pid, state, size, CPU,
    name, zone ids), with each parent's pid."""
    def __init__(self):
        super().__init__("zv6-ps", gdb.COMMAND_DATA)

    def run(self, arg):
        if arg.strip():
            raise gdb.GdbError("usage: zv6-ps")
        oncpu = running_cpus()
        print("%4s %4s %-6s %9s %3s  %-15s %s"
              % ("PID", "PPID", "STATE", "SIZE", "CPU", "NAME", "ZONES"))
        for p in procs():
            parent = p["parent"]
            ppid = int(parent["pid"]) if int(parent) else "-"
            zones = " ".join(str(zid) for zid, _, _ in attachments(p))
            line = "%4d %4s %-6s %9d %3s  %-15s %s" \
                % (int(p["pid"]), ppid, state_name(p), int(p["sz"]),
                   oncpu.get(int(p.address), "-"), proc_name(p), zones)
            print(line.rstrip())


class Zones(ZCommand):
    """zv6-zones: list each live zone: id, pages, references, M_WAIT
    sleepers not yet handed one, and which processes map it at which
    address ("(ro)": read-only), one process a line."""
    def __init__(self):
        super().__init__("zv6-zones", gdb.COMMAND_DATA)

    def run(self, arg):
        if arg.strip():
            raise gdb.GdbError("usage: zv6-zones")
        holders = {}
        for p in procs():
            for zid, va, rdonly in attachments(p):
                holders.setdefault(zid, []).append(
                    "%d %s@0x%x%s" % (int(p["pid"]), proc_name(p), va,
                                      "(ro)" if rdonly else ""))
        live = int(kernel_value("ZLIVE"))
        print("%4s %6s %4s %7s  %s"
              % ("ZONE", "PAGES", "NREF", "WAITING", "MAPPED BY"))
        for zid, z in enumerate(elements(kernel_value(ZONES))):
            if int(z["state"]) != live:
                continue
            first = "%4d %6d %4d %7d  " % (zid, int(z["npages"]),
                                           int(z["nref"]), int(z["nwaiting"]))
            for i, holder in enumerate(holders.get(zid, ["-"])):
                print((first if i == 0 else " " * len(first)) + holder)


def user_ptes(pgdir):
    """(va, pte) for each present user page below KERNBASE in the page
    directory at kernel address pgdir; a 4 MiB page counts as one."""
    span = K["PGSIZE"] * K["NPTENTRIES"]
    pdes = read_page(pgdir - K["KERNBASE"])
    for pdx in range(K["KERNBASE"] // span):
        pde = pdes[pdx]
        if not pde & K["PTE_P"]:
            continue
        if pde & K["PTE_PS"]:
            yield pdx * span, pde
            continue
        for ptx, pte in enumerate(read_page(pde & ~(K["PGSIZE"] - 1))):
            if pte & K["PTE_P"]:
                yield pdx * span + ptx * K["PGSIZE"], pte


def perms(pte):
    """r, w or -, u or - (user or kernel only), then " cow" or " 4M"."""
    s = "r" + ("w" if pte & K["PTE_W"] else "-") + \
        ("u" if pte & K["PTE_U"] else "-")
    if pte & K["PTE_COW"]:
        s += " cow"
    if pte & K["PTE_PS"]:
        s += " 4M"
    return s


def region(p, zones, va):
    """What va is in process p: "zone N", or one of exec's parts."""
    for zid, start, npages in zones:
        if start <= va < start + npages * K["PGSIZE"]:
            return "zone %d" % zid
    stackbot = int(p["stackbot"])
    if va < stackbot:
        return "program"
    if va < stackbot + K["USTACKMAX"]:
        return "stack"
    return "heap"


class Pgdir(ZCommand):
    """zv6-pgdir [PID]: the user mappings of process PID (without one, of
    the process the selected CPU runs), merged into ranges of pages with
    the same permissions: r, w or -, u or -, cow (copy-on-write), 4M
    (a 4 MiB page), and what the range is part of: program (text and
    data), stack, heap, or a zone."""
    def __init__(self):
        super().__init__("zv6-pgdir", gdb.COMMAND_DATA)

    def run(self, arg):
        p = proc_arg(arg, "zv6-pgdir")
        npages = [int(z["npages"]) for z in elements(kernel_value(ZONES))]
        zones = [(zid, va, npages[zid]) for zid, va, _ in attachments(p)]
        pgdir = int(p["pgdir"])
        if pgdir == 0:
            raise gdb.GdbError("zv6-pgdir: pid %d has no page directory yet"
                               % int(p["pid"]))
        print("pid %d %s: page directory at physical 0x%x"
              % (int(p["pid"]), proc_name(p), pgdir - K["KERNBASE"]))
        print("%-10s %-10s %6s  %-10s %s"
              % ("START", "END", "PAGES", "PERM", "WHAT"))
        for start, end, perm, what in merged(user_ptes(pgdir), p, zones):
            print("0x%08x 0x%08x %6d  %-10s %s"
                  % (start, end, (end - start) // K["PGSIZE"], perm, what))


def merged(ptes, p, zones):
    """Runs of adjacent pages with the same permissions and region, as
    (start, end, perm, what)."""
    run = None
    for va, pte in ptes:
        size = K["SUPERPGSIZE"] if pte & K["PTE_PS"] else K["PGSIZE"]
        key = (perms(pte), region(p, zones, va))
        if run and run[1] == va and tuple(run[2:]) == key:
            run[1] = va + size
            continue
        if run:
            yield tuple(run)
        run = [va, va + size, key[0], key[1]]
    if run:
        yield tuple(run)


class User(ZCommand):
    """zv6-user [PROG]: load the symbols of build/user/PROG (without PROG,
    of the program the selected CPU is running), in place of the user
    program loaded before.  User programs are linked at address 0, so
    their sections load where the ELF file says.  The kernel has a main
    too: break on a user function by file, e.g. `break sh.c:main`."""
    loaded = None

    def __init__(self):
        super().__init__("zv6-user", gdb.COMMAND_FILES)

    def run(self, arg):
        name = arg.strip()
        if not name:
            p = current_proc()
            if p is None:
                raise gdb.GdbError("zv6-user: this CPU runs no process; "
                                   "give a program name")
            name = proc_name(p)
        path = os.path.join(USERBIN, name)
        if "/" in name or not os.path.isfile(path):
            raise gdb.GdbError("zv6-user: no program %s in build/user" % name)
        if User.loaded:
            gdb.execute('remove-symbol-file "%s"' % User.loaded,
                        to_string=True)
            User.loaded = None
        gdb.execute('add-symbol-file "%s"' % path, to_string=True)
        User.loaded = path
        print("zv6-user: symbols of %s loaded" % path)


class CurrentName(gdb.Function):
    """$zv6_name(): the name of the process the selected CPU runs, or ""
    (for breakpoint conditions: every user program is linked at 0, so a
    user address alone does not say which program stopped there)."""
    def __init__(self):
        super().__init__("zv6_name")

    def invoke(self):
        try:
            p = current_proc()
        except gdb.MemoryError:   # paging is not on yet
            return ""
        return proc_name(p) if p is not None else ""


CurrentName()
Ps()
Zones()
Pgdir()
User()
