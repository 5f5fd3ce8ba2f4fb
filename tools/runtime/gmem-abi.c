// SPDX-License-Identifier: GPL-2.0-only
/*
 * gmem-abi.c - the guest_memfd ABI that Linux 6.18 released, checked the
 * way a VMM uses it.
 *
 * Plain C on raw ioctls and the <linux/kvm.h> it is built against (the
 * series' uapi headers), with no KVM selftest library: what a VMM written
 * for Linux 6.18 sees on the running kernel.  Every check compares with
 * the table of released values below (../shared/reference/
 * guest_memfd-upstream-6.18.md in the project: "The ABI a VMM sees") and
 * prints one TAP line; the check names are stable, so that the host side
 * (tools/runtime-test.sh) can compare a kernel's failures with the ones
 * expected of it.
 *
 * Exit status: 0 every check passed, 1 some check failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/falloc.h>
#include <linux/kvm.h>

/* The uapi values that 6.18 released. */
#define REL_KVM_CAP_GUEST_MEMFD		234
#define REL_KVM_CAP_GUEST_MEMFD_FLAGS	244
#define REL_FLAG_MMAP			(1ULL << 0)
#define REL_FLAG_INIT_SHARED		(1ULL << 1)

/* What a VM type of this architecture must report and accept. */
struct vm_expect {
	const char *name;
	unsigned long type;
	uint64_t flags;		/* KVM_CAP_GUEST_MEMFD_FLAGS on the VM */
	int bind_no_mmap;	/* errno of a memslot on a non-MMAP guest_memfd */
};

#if defined(__x86_64__)
static const struct vm_expect vm_table[] = {
	{ "x86 default VM", KVM_X86_DEFAULT_VM,
	  REL_FLAG_MMAP | REL_FLAG_INIT_SHARED, 0 },
	{ "x86 SW-protected VM", KVM_X86_SW_PROTECTED_VM, REL_FLAG_MMAP, 0 },
};
#elif defined(__aarch64__)
static const struct vm_expect vm_table[] = {
	{ "arm64 VM", 0, REL_FLAG_MMAP | REL_FLAG_INIT_SHARED, EINVAL },
};
#else
#error "gmem-abi: add this architecture's table of released values"
#endif

/* On /dev/kvm (no VM). */
static const uint64_t sys_flags = REL_FLAG_MMAP | REL_FLAG_INIT_SHARED;

static int tests, failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!ok)
		failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *err_name(int err)
{
	static char buf[32];

	switch (err) {
	case 0: return "success";
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case EEXIST: return "EEXIST";
	}
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static long page_size;

/* ---- host accesses that may raise SIGBUS ---- */

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(sigbus_jmp, 1);
}

/* Read one byte; returns 1 if the access raised SIGBUS, else 0 (*val set). */
static int read_or_sigbus(volatile uint8_t *p, uint8_t *val)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	int bus = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(sigbus_jmp, 1) == 0)
		*val = *p;
	else
		bus = 1;
	sigaction(SIGBUS, &old, NULL);
	return bus;
}

/* ---- raw ioctls ---- */

static int kvm_fd;

static long check_cap(int fd, long cap)
{
	long r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	return r < 0 ? 0 : r;
}

/* Returns the fd, or -errno. */
static int create_gmem(int vm, uint64_t size, uint64_t flags)
{
	struct kvm_create_guest_memfd args = { .size = size, .flags = flags };
	int fd = ioctl(vm, KVM_CREATE_GUEST_MEMFD, &args);

	return fd < 0 ? -errno : fd;
}

/* Returns 0 or errno: a memslot on @gmem from offset @off. */
static int set_region_at(int vm, uint32_t slot, uint64_t gpa, uint64_t size,
			 void *hva, int gmem, uint64_t off, uint32_t flags)
{
	struct kvm_userspace_memory_region2 r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
		.guest_memfd = gmem,
		.guest_memfd_offset = off,
	};

	return ioctl(vm, KVM_SET_USER_MEMORY_REGION2, &r) ? errno : 0;
}

static int set_region(int vm, uint32_t slot, uint64_t gpa, uint64_t size,
		      void *hva, int gmem, uint32_t flags)
{
	return set_region_at(vm, slot, gpa, size, hva, gmem, 0, flags);
}

static int create_vm(unsigned long type)
{
	int vm;

	do {
		vm = ioctl(kvm_fd, KVM_CREATE_VM, type);
	} while (vm < 0 && errno == EINTR);
	return vm;
}

/* ---- the file side: creation, mmap(), host faults ---- */

/* mmap() @len bytes of guest_memfd @fd, or MAP_FAILED if there is no @fd. */
static uint8_t *map_gmem(int fd, size_t len, int flags)
{
	if (fd < 0)
		return MAP_FAILED;
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
}

static void unmap_close(uint8_t *m, size_t len, int fd)
{
	if (m != MAP_FAILED)
		munmap(m, len);
	if (fd >= 0)
		close(fd);
}

static const uint64_t try_flags[] = {
	0,
	REL_FLAG_MMAP,
	REL_FLAG_MMAP | REL_FLAG_INIT_SHARED,
	1ULL << 2,
	1ULL << 63,
};

static void test_create(const struct vm_expect *e, int vm)
{
	size_t i;

	for (i = 0; i < sizeof(try_flags) / sizeof(try_flags[0]); i++) {
		uint64_t f = try_flags[i];
		int want_ok = !(f & ~e->flags), fd;

		fd = create_gmem(vm, page_size, f);
		if (fd < 0)
			note("KVM_CREATE_GUEST_MEMFD: %s", err_name(-fd));
		check(want_ok ? fd >= 0 : fd == -EINVAL,
		      "%s: KVM_CREATE_GUEST_MEMFD with flags 0x%llx %s",
		      e->name, (unsigned long long)f,
		      want_ok ? "succeeds" : "fails with EINVAL");
		if (fd >= 0)
			close(fd);
	}
}

static void test_mmap(const struct vm_expect *e, int vm)
{
	const uint64_t both = REL_FLAG_MMAP | REL_FLAG_INIT_SHARED;
	size_t size = 4 * page_size;
	uint8_t *m, v = 0;
	int fd, bus, ok;
	size_t i;

	/* Without MMAP: ENODEV. */
	fd = create_gmem(vm, size, 0);
	m = map_gmem(fd, size, MAP_SHARED);
	check(fd >= 0 && m == MAP_FAILED && errno == ENODEV,
	      "%s: mmap() of a guest_memfd without MMAP fails with ENODEV", e->name);
	unmap_close(m, size, fd);

	/* MMAP only: mappable, but the memory is private: SIGBUS. */
	fd = create_gmem(vm, size, REL_FLAG_MMAP);
	m = map_gmem(fd, size, MAP_SHARED);
	check(m != MAP_FAILED, "%s: mmap(MAP_SHARED) of an MMAP guest_memfd succeeds",
	      e->name);
	bus = m != MAP_FAILED && read_or_sigbus(m, &v);
	check(bus, "%s: a host access to an MMAP guest_memfd without INIT_SHARED raises SIGBUS",
	      e->name);
	unmap_close(m, size, fd);

	if ((e->flags & both) != both)
		return;

	/* MMAP | INIT_SHARED: shared memory the host can use. */
	fd = create_gmem(vm, size, both);
	m = map_gmem(fd, size, MAP_PRIVATE);
	check(fd >= 0 && m == MAP_FAILED && errno == EINVAL,
	      "%s: mmap(MAP_PRIVATE) of a guest_memfd fails with EINVAL", e->name);
	unmap_close(m, size, -1);

	m = map_gmem(fd, 2 * size, MAP_SHARED);
	check(m != MAP_FAILED, "%s: mmap(MAP_SHARED) of an MMAP|INIT_SHARED guest_memfd succeeds",
	      e->name);
	if (m == MAP_FAILED) {
		check(0, "%s: shared guest_memfd reads as zero on first use", e->name);
		check(0, "%s: host writes to shared guest_memfd read back", e->name);
		check(0, "%s: PUNCH_HOLE zeroes the host mapping", e->name);
		check(0, "%s: a host access past the end of guest_memfd raises SIGBUS", e->name);
		goto out;
	}
	ok = 1;
	for (i = 0; i < size && ok; i++)
		ok = !read_or_sigbus(m + i, &v) && v == 0;
	check(ok, "%s: shared guest_memfd reads as zero on first use", e->name);
	memset(m, 0x5a, size);
	ok = 1;
	for (i = 0; i < size && ok; i++)
		ok = m[i] == 0x5a;
	check(ok, "%s: host writes to shared guest_memfd read back", e->name);
	ok = !fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, page_size);
	for (i = 0; i < (size_t)page_size && ok; i++)
		ok = m[i] == 0;
	ok = ok && m[page_size] == 0x5a;
	check(ok, "%s: PUNCH_HOLE zeroes the host mapping", e->name);
	check(read_or_sigbus(m + size, &v),
	      "%s: a host access past the end of guest_memfd raises SIGBUS", e->name);
	munmap(m, 2 * size);
out:
	if (fd >= 0)
		close(fd);
}

/* ---- memslots ---- */

static void test_bind(const struct vm_expect *e, int vm)
{
	uint64_t gflags = e->flags & (REL_FLAG_MMAP | REL_FLAG_INIT_SHARED);
	size_t size = 4 * page_size;
	int fd, err;
	void *hva;

	hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (hva == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}

	fd = create_gmem(vm, size, 0);
	err = fd < 0 ? -fd : set_region(vm, 1, 1ULL << 30, size, hva, fd,
					 KVM_MEM_GUEST_MEMFD);
	note("KVM_SET_USER_MEMORY_REGION2: %s", err_name(err));
	check(fd >= 0 && err == e->bind_no_mmap,
	      "%s: a memslot on a guest_memfd without MMAP: %s",
	      e->name, err_name(e->bind_no_mmap));
	if (fd >= 0)
		close(fd);

	fd = create_gmem(vm, size, gflags);
	err = fd < 0 ? -fd : set_region(vm, 2, 2ULL << 30, size, hva, fd,
					 KVM_MEM_GUEST_MEMFD);
	note("KVM_SET_USER_MEMORY_REGION2: %s", err_name(err));
	check(fd >= 0 && !err, "%s: a memslot on a guest_memfd with flags 0x%llx: success",
	      e->name, (unsigned long long)gflags);
	if (fd >= 0)
		close(fd);
	munmap(hva, size);
}

/*
 * The binding rules of the stable fixes in 6.12.118 and of mainline: a
 * guest_memfd range backs at most one memslot, a memslot creation that
 * fails leaves no binding, guest_memfd memslots are never changed or
 * moved, a deleted slot's range binds again, and a slot whose guest_memfd
 * was closed can still be deleted.
 */
#define BIND_GPA	(3ULL << 30)
#define BIND_SLOT	3

static void test_binding_rules(const struct vm_expect *e, int vm)
{
	/* the flags a memslot on this VM's guest_memfd needs */
	uint64_t gflags = e->bind_no_mmap ?
		e->flags & (REL_FLAG_MMAP | REL_FLAG_INIT_SHARED) : 0;
	size_t size = 4 * page_size, half = 2 * page_size;
	int fd, err, err2, have, bound;
	void *hva;

	hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (hva == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	/* without a guest_memfd, every check below fails */
	fd = create_gmem(vm, size, gflags);
	have = fd >= 0;
	if (!have)
		note("KVM_CREATE_GUEST_MEMFD: %s", err_name(-fd));

	/* Two pages at offset 0, then two pages at offset 1 page. */
	err = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT, BIND_GPA, half, hva,
					   fd, 0, KVM_MEM_GUEST_MEMFD);
	err2 = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT + 1, BIND_GPA + size,
					    half, hva, fd, page_size,
					    KVM_MEM_GUEST_MEMFD);
	note("memslots on [0, 2) and [1, 3) pages of one guest_memfd: %s, %s",
	     err_name(err), err_name(err2));
	/* the checks that change or use the first memslot need it */
	bound = have && !err;
	check(have && !err && err2 == EEXIST,
	      "%s: a second memslot on an overlapping range of one guest_memfd fails with EEXIST",
	      e->name);

	/* Moving or changing the flags of the slot is refused... */
	err = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT, BIND_GPA + size,
					   half, hva, fd, 0, KVM_MEM_GUEST_MEMFD);
	err2 = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT, BIND_GPA, half, hva,
					    fd, 0, KVM_MEM_GUEST_MEMFD |
					    KVM_MEM_LOG_DIRTY_PAGES);
	note("move: %s, dirty logging: %s", err_name(err), err_name(err2));
	check(bound && err == EINVAL && err2 == EINVAL,
	      "%s: moving a guest_memfd memslot or changing its flags fails with EINVAL",
	      e->name);
	/* ... and the slot keeps its binding. */
	err = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT + 1, BIND_GPA + size,
					   half, hva, fd, 0,
					   KVM_MEM_GUEST_MEMFD);
	check(bound && err == EEXIST,
	      "%s: a refused change leaves the memslot bound to its range", e->name);

	/* A deleted slot's range binds again. */
	err = fd < 0 ? -fd : set_region(vm, BIND_SLOT, BIND_GPA, 0, hva, fd, 0);
	err2 = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT + 1, BIND_GPA + size,
					    half, hva, fd, 0,
					    KVM_MEM_GUEST_MEMFD);
	note("delete: %s, bind the range again: %s", err_name(err),
	     err_name(err2));
	check(bound && !err && !err2, "%s: a deleted memslot's range binds again",
	      e->name);

	/*
	 * A creation that guest_memfd accepts but the architecture refuses
	 * (a guest physical address beyond what the VM can map) leaves no
	 * binding behind: the range binds at once afterwards.
	 */
	err = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT + 2, 1ULL << 60, half,
					   hva, fd, half, KVM_MEM_GUEST_MEMFD);
	err2 = fd < 0 ? -fd : set_region_at(vm, BIND_SLOT + 3, BIND_GPA,
					    half, hva, fd, half,
					    KVM_MEM_GUEST_MEMFD);
	note("a memslot beyond the guest physical address space: %s, the range after it: %s",
	     err_name(err), err_name(err2));
	check(have && err && err != EEXIST && !err2,
	      "%s: a memslot creation the architecture refuses leaves no binding", e->name);

	/* Slots whose guest_memfd was closed can be deleted. */
	if (fd >= 0)
		close(fd);
	err = fd < 0 ? -fd : set_region(vm, BIND_SLOT + 1, BIND_GPA + size, 0,
					hva, 0, 0);
	err2 = fd < 0 ? -fd : set_region(vm, BIND_SLOT + 3, BIND_GPA, 0, hva,
					 0, 0);
	note("delete after close: %s, %s", err_name(err), err_name(err2));
	check(bound && !err && !err2,
	      "%s: memslots whose guest_memfd was closed can be deleted", e->name);
	munmap(hva, size);
}

static long mem_available_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Every reference a memslot takes on its guest_memfd is dropped again:
 * VMs with a populated guest_memfd memslot hold its memory while they are
 * open (which shows that the measure sees it) and give it back when they
 * and their guest_memfd are closed.  A leaked file reference would keep
 * the file, its pages and the VM.
 */
#define LEAK_VMS	8
#define LEAK_SIZE	(16UL << 20)

static void test_no_leak(const struct vm_expect *e)
{
	uint64_t gflags = e->bind_no_mmap ?
		e->flags & (REL_FLAG_MMAP | REL_FLAG_INIT_SHARED) : 0;
	long before, held, after, half = LEAK_VMS * (LEAK_SIZE >> 10) / 2;
	int vm[LEAK_VMS], fd[LEAK_VMS], i, ok = 1;
	const char *step = "";

	before = mem_available_kb();
	for (i = 0; i < LEAK_VMS; i++) {
		vm[i] = ok ? create_vm(e->type) : -1;
		fd[i] = vm[i] < 0 ? -1 : create_gmem(vm[i], LEAK_SIZE, gflags);
		if (ok && fd[i] < 0) {
			ok = 0;
			step = "KVM_CREATE_VM or KVM_CREATE_GUEST_MEMFD";
		}
		if (ok && fallocate(fd[i], FALLOC_FL_KEEP_SIZE, 0, LEAK_SIZE)) {
			ok = 0;
			step = "fallocate";
		}
		if (ok && set_region_at(vm[i], 1, 1ULL << 30, LEAK_SIZE, NULL,
					fd[i], 0, KVM_MEM_GUEST_MEMFD)) {
			ok = 0;
			step = "KVM_SET_USER_MEMORY_REGION2";
		}
	}
	held = mem_available_kb();
	for (i = 0; i < LEAK_VMS; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		if (vm[i] >= 0)
			close(vm[i]);
	}
	after = mem_available_kb();
	if (!ok)
		note("%s failed", step);
	note("MemAvailable: %ld kB before, %ld kB with %d VMs holding a %lu MB guest_memfd memslot, %ld kB after closing them",
	     before, held, LEAK_VMS, LEAK_SIZE >> 20, after);
	check(ok && before > 0 && held > 0 && after > 0 &&
	      before - held >= half && before - after < half,
	      "%s: closed VMs with guest_memfd memslots give their memory back",
	      e->name);
}

/* ---- a vCPU whose memory is all guest_memfd ---- */

#define GUEST_MEM_SIZE	0x10000
#define GUEST_CODE	0x1000
#define GUEST_DATA	0x2000
#define GUEST_VALUE	0x12345678u
#define GUEST_VALUE2	0x0badcafeu

#if defined(__x86_64__)
#define GUEST_BASE	0x0
/*
 * Real mode, CS base 0:
 *   mov eax, [0x2000]; inc eax; mov [0x2004], eax; hlt
 */
static const uint8_t guest_code[] = {
	0x66, 0xa1, 0x00, 0x20,
	0x66, 0x40,
	0x66, 0xa3, 0x04, 0x20,
	0xf4,
};

static int setup_vcpu(int vm, int vcpu)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	/* Needed by VMX for real mode, harmless elsewhere. */
	ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000UL);
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs))
		return -1;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	sregs.ds.base = 0;
	sregs.ds.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs))
		return -1;
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_BASE + GUEST_CODE;
	regs.rflags = 0x2;
	return ioctl(vcpu, KVM_SET_REGS, &regs);
}

static int guest_done(struct kvm_run *run, uint32_t *out)
{
	(void)out;
	return run->exit_reason == KVM_EXIT_HLT;
}
#elif defined(__aarch64__)
#define GUEST_BASE	0x80000000ULL
#define GUEST_MMIO	0x1000
/*
 * MMU off, at GUEST_BASE + GUEST_CODE:
 *   adr x0, .+0x1000 (GUEST_DATA); ldr w1, [x0]; add w1, w1, #1;
 *   str w1, [x0, #4]; movz x3, #0x1000; str w1, [x3] (MMIO exit); b .
 */
static const uint32_t guest_code[] = {
	0x10008000, 0xb9400001, 0x11000421, 0xb9000401,
	0xd2820003, 0xb9000061, 0x14000000,
};

#define CORE_REG(x) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
		     (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))

static int setup_vcpu(int vm, int vcpu)
{
	struct kvm_vcpu_init init;
	uint64_t pc = GUEST_BASE + GUEST_CODE;
	struct kvm_one_reg reg = { .id = CORE_REG(regs.pc), .addr = (uintptr_t)&pc };

	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init))
		return -1;
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init))
		return -1;
	return ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

static int guest_done(struct kvm_run *run, uint32_t *out)
{
	if (run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write ||
	    run->mmio.phys_addr != GUEST_MMIO || run->mmio.len != 4)
		return 0;
	memcpy(out, run->mmio.data, 4);
	return 1;
}
#endif

/*
 * Load the guest (code, and @value as its data) through @mem, reset the vCPU
 * and run it to its end.  Returns 1 when the guest wrote @value + 1 where
 * the host reads it in @mem (and, on arm64, in its MMIO exit), else 0.
 */
static int run_guest(int vm, int vcpu, struct kvm_run *run, uint8_t *mem,
		     uint32_t value)
{
	uint32_t got = 0, mmio = value + 1;

	/*
	 * Complete what the last run left pending (the MMIO write that ends
	 * the arm64 guest) before the reset, or KVM would complete it after.
	 */
	if (run->exit_reason == KVM_EXIT_MMIO) {
		run->immediate_exit = 1;
		if (!ioctl(vcpu, KVM_RUN, 0) || errno != EINTR) {
			note("KVM_RUN with immediate_exit: %s", err_name(errno));
			return 0;
		}
		run->immediate_exit = 0;
	}
	memcpy(mem + GUEST_CODE, guest_code, sizeof(guest_code));
	memcpy(mem + GUEST_DATA, &value, 4);
	if (setup_vcpu(vm, vcpu)) {
		note("vCPU setup: %s", err_name(errno));
		return 0;
	}
	if (ioctl(vcpu, KVM_RUN, 0) < 0) {
		note("KVM_RUN: %s", err_name(errno));
		return 0;
	}
	if (!guest_done(run, &mmio)) {
		note("vCPU exit reason %u", run->exit_reason);
		return 0;
	}
	memcpy(&got, mem + GUEST_DATA + 4, 4);
	note("the guest read 0x%x and wrote 0x%x (host sees 0x%x)", value,
	     mmio, got);
	return got == value + 1 && mmio == value + 1;
}

/*
 * A vCPU runs from one memslot of guest memory:
 *  - gmem_only: bound to an MMAP | INIT_SHARED guest_memfd; the VMM loads
 *    the guest through its mapping of guest_memfd and hands the same mapping
 *    to KVM as userspace_addr.  Then PUNCH_HOLE on the data page must zap
 *    the guest's mapping as well as the host's: run again, the guest reads
 *    the new page;
 *  - otherwise (x86): bound to a guest_memfd without MMAP, whose shared
 *    accesses, all of this guest's, come from userspace_addr as before.
 */
static void test_vcpu(const struct vm_expect *e, int gmem_only)
{
	uint64_t gflags = gmem_only ? REL_FLAG_MMAP | REL_FLAG_INIT_SHARED : 0;
	int vm, fd = -1, vcpu = -1, ok = 0, zapped = 0;
	struct kvm_run *run = MAP_FAILED;
	uint8_t *m = MAP_FAILED;
	long run_size = 0;

	vm = create_vm(e->type);
	if (vm < 0) {
		note("KVM_CREATE_VM: %s", err_name(errno));
		goto report;
	}
	fd = create_gmem(vm, GUEST_MEM_SIZE, gflags);
	if (fd < 0) {
		note("KVM_CREATE_GUEST_MEMFD: %s", err_name(-fd));
		goto report;
	}
	if (gmem_only)
		m = map_gmem(fd, GUEST_MEM_SIZE, MAP_SHARED);
	else
		m = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		note("mmap: %s", err_name(errno));
		goto report;
	}
	errno = set_region(vm, 0, GUEST_BASE, GUEST_MEM_SIZE, m, fd,
			   KVM_MEM_GUEST_MEMFD);
	if (errno) {
		note("KVM_SET_USER_MEMORY_REGION2: %s", err_name(errno));
		goto report;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu >= 0 && run_size > 0)
		run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			   vcpu, 0);
	if (run == MAP_FAILED) {
		note("vCPU creation: %s", err_name(errno));
		goto report;
	}
	ok = run_guest(vm, vcpu, run, m, GUEST_VALUE);
	if (ok && gmem_only) {
		/* A stale guest mapping would read the old page's value. */
		zapped = !fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE,
				    GUEST_DATA & ~(page_size - 1), page_size) &&
			 run_guest(vm, vcpu, run, m, GUEST_VALUE2);
	}
report:
	if (gmem_only) {
		check(ok, "%s: a vCPU runs from an all-guest_memfd memslot and writes what the host reads",
		      e->name);
		check(zapped, "%s: PUNCH_HOLE zaps the guest's mapping of guest_memfd",
		      e->name);
	} else {
		check(ok, "%s: a vCPU on a guest_memfd memslot without MMAP runs from userspace_addr",
		      e->name);
	}
	if (run != MAP_FAILED)
		munmap(run, run_size);
	if (vcpu >= 0)
		close(vcpu);
	unmap_close(m, GUEST_MEM_SIZE, fd);
	if (vm >= 0)
		close(vm);
}

#if defined(__aarch64__)
/*
 * guest_memfd pages carry no MTE tags that the VMM could have sanitised: a
 * VM has MTE or guest_memfd memslots, never both, whichever comes first
 * (mainline 7.3's rule, at both ends).  The boot gives the guest MTE
 * (QEMU's mte=on), so the capability is there to be refused.
 */
static void test_mte(const struct vm_expect *e)
{
	uint64_t gflags = e->flags & (REL_FLAG_MMAP | REL_FLAG_INIT_SHARED);
	struct kvm_enable_cap mte = { .cap = KVM_CAP_ARM_MTE };
	long has_mte = check_cap(kvm_fd, KVM_CAP_ARM_MTE);
	size_t size = 4 * page_size;
	int vm, fd, err, r;
	void *hva;

	hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (hva == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	note("KVM_CAP_ARM_MTE %ld", has_mte);

	/* A guest_memfd memslot first: enabling MTE is refused. */
	vm = create_vm(e->type);
	fd = vm < 0 ? -EBADF : create_gmem(vm, size, gflags);
	err = fd < 0 ? -fd : set_region(vm, 1, 1ULL << 30, size, hva, fd,
					KVM_MEM_GUEST_MEMFD);
	r = err ? -1 : ioctl(vm, KVM_ENABLE_CAP, &mte) ? errno : 0;
	note("memslot: %s, then KVM_ENABLE_CAP(KVM_CAP_ARM_MTE): %s",
	     err_name(err), r < 0 ? "not tried" : err_name(r));
	check(has_mte && r == EINVAL,
	      "%s: enabling MTE once a guest_memfd memslot exists fails with EINVAL",
	      e->name);
	if (fd >= 0)
		close(fd);
	if (vm >= 0)
		close(vm);

	/* MTE first: a guest_memfd memslot is refused. */
	vm = create_vm(e->type);
	r = vm < 0 ? EBADF : ioctl(vm, KVM_ENABLE_CAP, &mte) ? errno : 0;
	fd = vm < 0 ? -EBADF : create_gmem(vm, size, gflags);
	err = fd < 0 ? -fd : set_region(vm, 1, 1ULL << 30, size, hva, fd,
					KVM_MEM_GUEST_MEMFD);
	note("KVM_ENABLE_CAP(KVM_CAP_ARM_MTE): %s, then memslot: %s",
	     err_name(r), err_name(err));
	check(has_mte && !r && fd >= 0 && err == EINVAL,
	      "%s: a guest_memfd memslot on a VM with MTE fails with EINVAL",
	      e->name);
	if (fd >= 0)
		close(fd);
	if (vm >= 0)
		close(vm);
	munmap(hva, size);
}
#else
static void test_mte(const struct vm_expect *e)
{
	(void)e;
}
#endif

int main(void)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n");

	/* The header this program was built against is the released one. */
#ifdef KVM_CAP_GUEST_MEMFD_MMAP
	check(0, "uapi: no KVM_CAP_GUEST_MEMFD_MMAP (no release has it)");
#else
	check(1, "uapi: no KVM_CAP_GUEST_MEMFD_MMAP (no release has it)");
#endif
	check(KVM_CAP_GUEST_MEMFD == REL_KVM_CAP_GUEST_MEMFD &&
	      KVM_CAP_GUEST_MEMFD_FLAGS == REL_KVM_CAP_GUEST_MEMFD_FLAGS &&
	      GUEST_MEMFD_FLAG_MMAP == REL_FLAG_MMAP &&
	      GUEST_MEMFD_FLAG_INIT_SHARED == REL_FLAG_INIT_SHARED,
	      "uapi: capability numbers and flag values are the released ones");

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		note("/dev/kvm: %s", strerror(errno));
		check(0, "/dev/kvm opens");
		goto out;
	}
	check(1, "/dev/kvm opens");
	note("KVM_CAP_GUEST_MEMFD %ld, KVM_CAP_GUEST_MEMFD_FLAGS 0x%lx",
	     check_cap(kvm_fd, KVM_CAP_GUEST_MEMFD),
	     check_cap(kvm_fd, KVM_CAP_GUEST_MEMFD_FLAGS));
	check(check_cap(kvm_fd, KVM_CAP_GUEST_MEMFD) == 1,
	      "system: KVM_CAP_GUEST_MEMFD is 1");
	check((uint64_t)check_cap(kvm_fd, KVM_CAP_GUEST_MEMFD_FLAGS) == sys_flags,
	      "system: KVM_CAP_GUEST_MEMFD_FLAGS is 0x%llx",
	      (unsigned long long)sys_flags);

	for (i = 0; i < sizeof(vm_table) / sizeof(vm_table[0]); i++) {
		const struct vm_expect *e = &vm_table[i];
		int vm;

#if defined(__x86_64__)
		if (e->type)
			check(check_cap(kvm_fd, KVM_CAP_VM_TYPES) & (1UL << e->type),
			      "%s: KVM_CAP_VM_TYPES advertises it", e->name);
#endif
		vm = create_vm(e->type);

		if (vm < 0) {
				note("KVM_CREATE_VM: %s", strerror(errno));
			check(0, "%s: KVM_CREATE_VM", e->name);
			continue;
		}
		check(1, "%s: KVM_CREATE_VM", e->name);
		note("KVM_CAP_GUEST_MEMFD %ld, KVM_CAP_GUEST_MEMFD_FLAGS 0x%lx",
		     check_cap(vm, KVM_CAP_GUEST_MEMFD),
		     check_cap(vm, KVM_CAP_GUEST_MEMFD_FLAGS));
		check(check_cap(vm, KVM_CAP_GUEST_MEMFD) == 1,
		      "%s: KVM_CAP_GUEST_MEMFD is 1", e->name);
		check((uint64_t)check_cap(vm, KVM_CAP_GUEST_MEMFD_FLAGS) == e->flags,
		      "%s: KVM_CAP_GUEST_MEMFD_FLAGS is 0x%llx", e->name,
		      (unsigned long long)e->flags);
		test_create(e, vm);
		test_mmap(e, vm);
		test_bind(e, vm);
		test_binding_rules(e, vm);
		close(vm);
		test_no_leak(e);
		test_mte(e);
		if (e->flags & REL_FLAG_INIT_SHARED)
			test_vcpu(e, 1);
		if (!e->bind_no_mmap)
			test_vcpu(e, 0);
	}
out:
	printf("1..%d\n", tests);
	printf("# %d passed, %d failed\n", tests - failures, failures);
	return failures ? 1 : 0;
}
