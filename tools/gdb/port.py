"""The TCP port on which `make qemu-gdb` waits for GDB, and .gdbinit
connects: $ZV6_GDBPORT if set, else 25000 + uid % 5000, so that users
sharing a machine get different ports.  Run as a program, prints it."""
import os


def gdb_port():
    return int(os.environ.get("ZV6_GDBPORT") or 25000 + os.getuid() % 5000)


if __name__ == "__main__":
    print(gdb_port())
