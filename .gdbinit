# zv6: `gdb` at the repository root loads the kernel's symbols and the
# zv6 commands, and attaches to `make qemu-gdb` at once.  GDB reads this
# file only if allowed to: put
#   add-auto-load-safe-path /path/to/zv6/.gdbinit
# in ~/.gdbinit, or run `make gdb` (docs/debugging.md).
source tools/gdb/zv6.py
file build/kernel.elf
python
print("zv6: attaching to QEMU at localhost:%d" % gdb_port())
gdb.execute("target remote localhost:%d" % gdb_port())
end
