# zv6 build.  `make qemu` boots to a shell, `make test` runs the test suite,
# `make run CMD="prog args"` runs one command line in a fresh boot.
# Everything is built under build/.

B := build

CPUS ?= 2
MEM ?= 512
TIMEOUT ?= 120
QEMUEXTRA ?=
QEMU := qemu-system-i386
# MiB: the kernel direct-maps RAM below PHYSTOP (kernel/memlayout.h)
MAXMEM := 2016
ifneq ($(shell [ "$(MEM)" -ge 16 ] 2>/dev/null && [ "$(MEM)" -le $(MAXMEM) ] && echo ok),ok)
$(error MEM=$(MEM): give a size in MiB from 16 to $(MAXMEM))
endif
ifneq ($(shell [ "$(CPUS)" -ge 1 ] 2>/dev/null && [ "$(CPUS)" -le 8 ] && echo ok),ok)
$(error CPUS=$(CPUS): give a number of CPUs from 1 to 8)
endif

# `make DEBUG=1` builds a kernel that junk-fills freed pages (kalloc.c).
DEBUG ?=
# `make V=1` shows the full commands.
Q := $(if $(V),,@)
say = $(if $(V),,@echo "  $(1)	$(2)")

CC := gcc
LD := ld -m elf_i386 -z noexecstack
HOSTCC := cc
CFLAGS := -m32 -march=i686 -fno-pic -fno-pie -static -fno-builtin \
	-fno-strict-aliasing -fno-stack-protector -fno-omit-frame-pointer \
	-ffreestanding -nostdinc -O2 -ggdb -Wall -Werror -MD $(if $(DEBUG),-DDEBUG)
# The kernel never touches the x87/SSE registers: they belong to the
# running process (kernel/fpu.c).
KCFLAGS := $(CFLAGS) -mgeneral-regs-only -I kernel
# Probe every page of a large stack frame, so that no frame can step over
# the guard page below the user stack into the program's data.  User code
# may use SSE2: each process has its own registers (kernel/fpu.c).
UCFLAGS := $(CFLAGS) -msse2 -fstack-clash-protection -I . -I user

KSRCS := $(wildcard kernel/*.c kernel/*.S)
KOBJS := $(patsubst kernel/%,$(B)/kernel/%.o,$(KSRCS))
ULIBSRCS := $(wildcard user/lib/*.c user/lib/*.S)
ULIBOBJS := $(patsubst user/lib/%,$(B)/user/lib/%.o,$(ULIBSRCS)) $(B)/user/lib/string.c.o
# A program is user/NAME.c, or a directory user/NAME/ whose .c files
# together make program NAME (a big test suite, split by area).
UDIRPROGS := $(filter-out lib,$(sort $(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c))))))
UPROGS := $(patsubst user/%.c,$(B)/user/%,$(wildcard user/*.c)) \
	$(patsubst %,$(B)/user/%,$(UDIRPROGS))

all: deps $(B)/kernel.elf $(B)/fs.img

# Check (and on a root Debian machine, install) the packages the build needs.
deps:
	@sh tools/deps.sh

# Objects depend on the compiler flags, so switching DEBUG rebuilds them.
$(B)/cflags: FORCE
	@mkdir -p $(@D)
	@echo '$(CFLAGS)' | cmp -s - $@ || echo '$(CFLAGS)' > $@

$(B)/kernel/%.c.o: kernel/%.c $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel/%.S.o: kernel/%.S $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

# The kernel carries its own symbol table, for panic backtraces
# (kernel/ksym.c), so it is linked twice: first with an empty table, then
# with the table made from the first link's symbols.  The table follows
# the text (kernel/kernel.ld), so the two links must agree on every
# function, which is all the table names; the second link checks that
# they do.
KSYMS = sh tools/ksyms.sh
nmfixed = nm -n $(1) | awk '$$2 == "t" || $$2 == "T"'

$(B)/ksyms/empty.S: tools/ksyms.sh
	@mkdir -p $(@D)
	$(Q)$(KSYMS) < /dev/null > $@

$(B)/ksyms/table.S: $(B)/kernel0.elf tools/ksyms.sh
	$(call say,NM,$<)
	$(Q)nm -n $< | $(KSYMS) > $@

$(B)/ksyms/%.S.o: $(B)/ksyms/%.S
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel0.elf: $(KOBJS) $(B)/ksyms/empty.S.o kernel/kernel.ld
	$(call say,LD,$@)
	$(Q)$(LD) -T kernel/kernel.ld -o $@ $(KOBJS) $(B)/ksyms/empty.S.o

$(B)/kernel.elf: $(B)/kernel0.elf $(B)/ksyms/table.S.o
	$(call say,LD,$@)
	$(Q)$(LD) -T kernel/kernel.ld -o $@ $(KOBJS) $(B)/ksyms/table.S.o
	$(Q)$(call nmfixed,$<) > $@.nm0 && $(call nmfixed,$@) > $@.nm1 && \
		cmp -s $@.nm0 $@.nm1 || \
		{ echo "kernel.elf: the symbol table moved functions:"; \
		  diff $@.nm0 $@.nm1 | head -5; exit 1; }
	$(Q)rm -f $@.nm0 $@.nm1

$(B)/user/lib/%.c.o: user/lib/%.c $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

# The kernel's string routines serve user programs too.
$(B)/user/lib/string.c.o: kernel/string.c $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$< (user))
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/lib/%.S.o: user/lib/%.S $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/%.o: user/%.c $(B)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

# The library is an archive, so that each program links only the parts
# it uses: /true need not carry the channel code.
ULIBA := $(B)/user/lib/libc.a
$(ULIBA): $(filter-out %crt0.S.o,$(ULIBOBJS))
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# crt0 must come first: programs start at its _start.  user.ld puts text
# and data in separate segments, so exec can map the text read-only.
LINKUSER = $(LD) -T user/user.ld -o $@ $(B)/user/lib/crt0.S.o \
	$(filter-out %crt0.S.o,$(filter %.o,$^)) $(ULIBA)

$(B)/user/%: $(B)/user/%.o $(B)/user/lib/crt0.S.o $(ULIBA) user/user.ld
	$(call say,LD,$@)
	$(Q)$(LINKUSER)

# Program NAME from user/NAME/*.c; its objects go in $(B)/user/NAME.objs/.
define DIRPROG
$(B)/user/$(1).objs/%.o: user/$(1)/%.c $(B)/cflags
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)
	$$(Q)$$(CC) $$(UCFLAGS) -c -o $$@ $$<

$(B)/user/$(1): $(patsubst user/$(1)/%.c,$(B)/user/$(1).objs/%.o,$(wildcard user/$(1)/*.c)) \
		$(B)/user/lib/crt0.S.o $(ULIBA) user/user.ld
	$$(call say,LD,$$@)
	$$(Q)$$(LINKUSER)
endef
$(foreach p,$(UDIRPROGS),$(eval $(call DIRPROG,$(p))))

$(B)/mkfs: tools/mkfs.c kernel/fs.h kernel/param.h
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)
	$(Q)$(HOSTCC) -Wall -Werror -I . -o $@ $<

$(B)/fs.img: $(B)/mkfs $(UPROGS)
	$(call say,MKFS,$@)
	$(Q)$(B)/mkfs $@ $(UPROGS)

# The machine, less how it boots and where its screen goes.
QEMUMACHINE = -smp $(CPUS) -m $(MEM) -no-reboot -nic none \
	-drive file=$(B)/fs.img,index=0,media=disk,format=raw \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMUEXTRA)
QEMUOPTS = -kernel $(B)/kernel.elf -nographic $(QEMUMACHINE)

qemu: all
	$(QEMU) $(QEMUOPTS)

# QEMU's window shows the VGA screen and takes the keyboard; the serial
# console stays on this terminal, with QEMU's monitor behind Ctrl-A C.
qemu-gui: all
	$(QEMU) -kernel $(B)/kernel.elf -serial mon:stdio $(QEMUMACHINE)

# A CD image that GRUB boots (tools/grub.cfg); the file system stays on
# the IDE disk, the primary master, so the CD goes on the secondary channel.
ISO := $(B)/zv6.iso
iso: $(ISO)

$(ISO): $(B)/kernel.elf tools/grub.cfg
	@sh tools/deps.sh iso
	@mkdir -p $(B)/iso/boot/grub
	$(call say,ISO,$@)
	$(Q)cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	$(Q)cp tools/grub.cfg $(B)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(B)/iso >$(B)/iso.log 2>&1 || \
		{ cat $(B)/iso.log >&2; rm -f $@; exit 1; }

qemu-iso: all $(ISO)
	$(QEMU) -drive file=$(ISO),index=2,media=cdrom,format=raw -boot d -nographic $(QEMUMACHINE)

# `make qemu-gdb` boots stopped, waiting for GDB on GDBPORT; `make gdb` in
# another terminal attaches with the zv6 commands (docs/debugging.md).
# The port, 25000 + uid % 5000 unless ZV6_GDBPORT says otherwise, is
# computed by tools/gdb/port.py, which .gdbinit uses too.  With CMD, the
# machine runs that command line and powers off, as with `make run`.
GDBPORT = $(shell python3 tools/gdb/port.py)

qemu-gdb: all
	@echo "zv6: QEMU is stopped, waiting for GDB on localhost:$(GDBPORT)."
	@echo "zv6: in another terminal here, type: make gdb"
	$(QEMU) $(QEMUOPTS) $(if $(CMD),-append "$(CMD)") -S -gdb tcp:localhost:$(GDBPORT)

# Does not rebuild: the symbols must be those of the kernel QEMU runs.
gdb:
	@test -f $(B)/kernel.elf || { echo "gdb: no $(B)/kernel.elf; run make qemu-gdb first" >&2; exit 1; }
	ZV6_GDBPORT=$(GDBPORT) gdb -q -iex 'add-auto-load-safe-path $(CURDIR)/.gdbinit'

run: all
	@python3 tools/zrun.py --cpus $(CPUS) --mem $(MEM) --timeout $(TIMEOUT) \
		--qemuextra "$(QEMUEXTRA)" --disk $(B)/fs.img -- "$(CMD)"

test: all $(ISO)
	@python3 tools/runtests.py --cpus $(CPUS) --mem $(MEM) \
		--qemuextra "$(QEMUEXTRA)" $(if $(T),--only "$(T)")

# `make stress`: 200 fuzzer seeds and 10 stress rounds, on 4 CPUs unless
# CPUS is given (tools/stress.py, docs/fuzzing.md).
STRESSCPUS = $(if $(filter file,$(origin CPUS)),4,$(CPUS))

stress: all
	@python3 tools/stress.py --cpus $(STRESSCPUS) --mem $(MEM)

# `make bench`: the benchmark (tools/bench.py, docs/performance.md).  Without
# CPUS it runs on one CPU under -icount, where figures repeat; a boot can
# take many minutes of host time, hence its own TIMEOUT.
BENCHCPUS = $(if $(filter file,$(origin CPUS)),1,$(CPUS))
BENCHTIMEOUT = $(if $(filter file,$(origin TIMEOUT)),1800,$(TIMEOUT))

bench: all
	@sh tools/deps.sh bench || true
	@python3 tools/bench.py --cpus $(BENCHCPUS) --mem $(MEM) --timeout $(BENCHTIMEOUT) \
		--qemuextra "$(QEMUEXTRA)"

.PHONY: bench stress

clean:
	rm -rf $(B)

.PHONY: all deps qemu qemu-gdb gdb qemu-gui iso qemu-iso run test clean FORCE
.SECONDARY:
.DELETE_ON_ERROR:

-include $(B)/kernel/*.d $(B)/user/*.d $(B)/user/lib/*.d $(B)/user/*.objs/*.d
