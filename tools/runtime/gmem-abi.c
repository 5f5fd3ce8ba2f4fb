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

/* Returns 0 or errno. */
static int set_region(int vm, uint32_t slot, uint64_t gpa, uint64_t size,
		      void *hva, int gmem, uint32_t flags)
{
	struct kvm_userspace_memory_region2 r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
		.guest_memfd = gmem,
		.guest_memfd_offset = 0,
	};

	return ioctl(vm, KVM_SET_USER_MEMORY_REGION2, &r) ? errno : 0;
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

/* ---- a vCPU whose memory is all guest_memfd ---- */

#define GUEST_MEM_SIZE	0x10000
#define GUEST_CODE	0x1000
#define GUEST_DATA	0x2000
#define GUEST_VALUE	0x12345678u

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

static void test_vcpu(const struct vm_expect *e)
{
	const uint64_t both = REL_FLAG_MMAP | REL_FLAG_INIT_SHARED;
	uint32_t got = 0, mmio = GUEST_VALUE + 1;
	int vm, fd = -1, vcpu = -1, ok = 0, err = 0;
	struct kvm_run *run = MAP_FAILED;
	const char *step = "KVM_CREATE_VM";
	uint8_t *m = MAP_FAILED;
	long run_size = 0;

	vm = create_vm(e->type);
	if (vm < 0)
		goto failed;
	step = "KVM_CREATE_GUEST_MEMFD";
	fd = create_gmem(vm, GUEST_MEM_SIZE, both);
	if (fd < 0) {
		errno = -fd;
		goto failed;
	}
	step = "mmap(guest_memfd)";
	m = map_gmem(fd, GUEST_MEM_SIZE, MAP_SHARED);
	if (m == MAP_FAILED)
		goto failed;

	/* The VMM loads the guest through its mapping of guest_memfd... */
	memcpy(m + GUEST_CODE, guest_code, sizeof(guest_code));
	memcpy(m + GUEST_DATA, &(uint32_t){ GUEST_VALUE }, 4);
	/* ...and hands the same mapping to KVM as userspace_addr. */
	step = "KVM_SET_USER_MEMORY_REGION2";
	errno = set_region(vm, 0, GUEST_BASE, GUEST_MEM_SIZE, m, fd,
			   KVM_MEM_GUEST_MEMFD);
	if (errno)
		goto failed;

	step = "vCPU setup";
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu < 0 || run_size <= 0 || setup_vcpu(vm, vcpu))
		goto failed;
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		goto failed;
	step = "KVM_RUN";
	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		goto failed;
	if (!guest_done(run, &mmio))
		note("vCPU exit reason %u", run->exit_reason);
	else
		memcpy(&got, m + GUEST_DATA + 4, 4);
	note("the guest wrote 0x%x to guest_memfd", got);
	ok = got == GUEST_VALUE + 1 && mmio == GUEST_VALUE + 1;
	goto report;
failed:
	err = errno;
	note("%s: %s", step, err_name(err));
report:
	check(ok, "%s: a vCPU runs from an all-guest_memfd memslot and writes what the host reads",
	      e->name);
	if (run != MAP_FAILED)
		munmap(run, run_size);
	if (vcpu >= 0)
		close(vcpu);
	unmap_close(m, GUEST_MEM_SIZE, fd);
	if (vm >= 0)
		close(vm);
}

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
		int vm = create_vm(e->type);

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
		close(vm);
		if (e->flags & REL_FLAG_INIT_SHARED)
			test_vcpu(e);
	}
out:
	printf("1..%d\n", tests);
	printf("# %d passed, %d failed\n", tests - failures, failures);
	return failures ? 1 : 0;
}
