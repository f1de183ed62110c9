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
UPROGS := $(patsubst user/%.c,$(B)/user/%,$(wildcard user/*.c))

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

$(B)/kernel.elf: $(KOBJS) kernel/kernel.ld
	$(call say,LD,$@)
	$(Q)$(LD) -T kernel/kernel.ld -o $@ $(KOBJS)

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
$(B)/user/%: $(B)/user/%.o $(B)/user/lib/crt0.S.o $(ULIBA) user/user.ld
	$(call say,LD,$@)
	$(Q)$(LD) -T user/user.ld -o $@ $(B)/user/lib/crt0.S.o $< $(ULIBA)

$(B)/mkfs: tools/mkfs.c kernel/fs.h kernel/param.h
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)
	$(Q)$(HOSTCC) -Wall -Werror -I . -o $@ $<

$(B)/fs.img: $(B)/mkfs $(UPROGS)
	$(call say,MKFS,$@)
	$(Q)$(B)/mkfs $@ $(UPROGS)

QEMUOPTS = -kernel $(B)/kernel.elf -smp $(CPUS) -m $(MEM) -nographic -no-reboot -nic none \
	-drive file=$(B)/fs.img,index=0,media=disk,format=raw \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMUEXTRA)

qemu: all
	$(QEMU) $(QEMUOPTS)

# Wait for gdb: `make qemu-gdb`, then `gdb build/kernel.elf` and
# `target remote :1234`.
qemu-gdb: all
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::1234

run: all
	@python3 tools/zrun.py --cpus $(CPUS) --mem $(MEM) --timeout $(TIMEOUT) \
		--qemuextra "$(QEMUEXTRA)" --disk $(B)/fs.img -- "$(CMD)"

test: all
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

.PHONY: all deps qemu qemu-gdb run test clean FORCE
.SECONDARY:
.DELETE_ON_ERROR:

-include $(B)/kernel/*.d $(B)/user/*.d $(B)/user/lib/*.d
