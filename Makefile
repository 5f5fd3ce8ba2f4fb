# SPDX-License-Identifier: GPL-2.0-only
#
# Every entry point of the project.  Setup (Debian packages aside: 'make
# deps') is implicit and cached under $(GMEM_CACHE).

SHELL := /bin/bash
# A variable given on make's command line (VERSION=, RUNTIME_ARCH=, a path)
# reaches a recipe as "$$NAME", expanded by the shell from the environment
# (make exports command-line variables), never pasted into the shell line.
GMEM_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/gmem-kconfig
export GMEM_CACHE RECORD KERNEL_TREE KERNEL_REF PATCHES LINUX_SOURCE_PKG LINUX_SOURCE_VERSION

.PHONY: cocci-check coccicheck help check test test-all bench bench-sat bench-pair sat base apply export deps clean distclean kcheck verify-exact series-check bisect-build cross-check runtime-test upstream-scan upstream-fixes-range move-base stable-watch served-property

help:
	@echo 'make check      main job: prepare the base tree, apply patches/ in a'
	@echo '                worktree, run kcheck on base and series, print the report'
	@echo 'make test       the fast tests: unit, fixtures, a sample of the real tree (TAP,'
	@echo '                ends with "N passed, N failed"); minutes'
	@echo 'make test-all   every test, kernel builds and QEMU boots included (what CI runs)'
	@echo 'make bench      kcheck against a make loop over every defconfig, then bench-sat and bench-range'
	@echo 'make bench-sat  kcheck sat timed (KVM scope on 7 arches, every x86 select) and'
	@echo '                set against the defconfig+randconfig matrix'
	@echo 'make bench-pair A=REV B=REV  kcheck of two commits paired (farm-bench --vs):'
	@echo '                warm matrix, no caches, sat on x86 (RUNS=6 pairs)'
	@echo 'make sat        kcheck sat on the series: KVM scope, rules, every KVM arch'
	@echo 'make kcheck     build kcheck (kconfig-checks/; make -C kconfig-checks install'
	@echo '                PREFIX=... installs it as a tool of its own)'
	@echo 'make verify-exact  kcheck against make on every defconfig: "N/N identical"'
	@echo 'make served-property [EDITS=200]  kcheck served == fresh == make under'
	@echo '                random edits of a copy of the base tree (x86, arm64)'
	@echo 'make cross-check   kcheck against kconfiglib (second opinion) on the whole matrix'
	@echo '                (CROSS_CHECK_TREE=DIR: that tree, e.g. $$(tools/upstream/tree.sh))'
	@echo 'make cocci-check   the rename patches regenerated with spatch from tools/cocci/'
	@echo 'make coccicheck    the kernel'"'"'s make coccicheck on the files the series touches, base'
	@echo '                and last patch; writes its note make-coccicheck.txt'
	@echo 'make series-check  kcheck on every patch over the base baseline (KVM arches, 200 randconfigs)'
	@echo 'make bisect-build  build the KVM directories on every patch (x86_64 y/m, i386, arm64; the last'
	@echo '                patch also riscv64, s390x, ppc64le, mips64el), W=1 + sparse; writes the build log'
	@echo 'make runtime-test boot the series (and the base) under QEMU TCG, run the conformance'
	@echo '                program gmem-abi and the KVM selftests of tools/runtime/ARCH.expect in it:'
	@echo '                TAP (RUNTIME_ARCH=x86_64,arm64)'
	@echo 'make upstream-scan  kcheck on the newest linux-source Debian offers: the matrix and'
	@echo '                every select of every arch, each finding made again by make;'
	@echo '                writes docs/upstream-scan.md (UPSTREAM_ARGS: scan.sh options)'
	@echo 'make upstream-fixes-range  kcheck range --sat over the fix series of the scan, every'
	@echo '                arch: each patch removes its unmet dependency and adds nothing'
	@echo 'make base       prepare the pinned base tree (tools/base.pin) only; prints its path'
	@echo 'make move-base VERSION=v [EVIDENCE=0]  move the pin to linux-source-6.12 v: the'
	@echo '                series applied, patches/ and the stamped notes regenerated, one commit'
	@echo 'make stable-watch  is there a 6.12.y newer than the pin, and does the series apply'
	@echo '                and prove there? (a report; never part of make test)'
	@echo 'make apply      recreate branch "series" from patches/ with git am'
	@echo 'make export     regenerate patches/ from branch "series"'
	@echo 'make deps       install the Debian packages (as root), or print the command'
	@echo 'make clean      remove what the build made in this checkout'
	@echo 'make distclean  clean, and delete the cache $(GMEM_CACHE)'
	@echo
	@echo 'RECORD=1: series-check, bisect-build, coccicheck and runtime-test write their'
	@echo 'note (named after the command) into MAINTAINERS-notes/generated/, which the'
	@echo 'cover letter reads; otherwise into $(GMEM_CACHE)/notes/.'
	@echo 'KERNEL_TREE=/path/to/git/tree [KERNEL_REF=rev]: use your own kernel'
	@echo 'tree instead of Debian'"'"'s linux-source-6.12; it is only read.'

# check and test install the Debian packages they need first (as root; as
# another user deps.sh prints the apt-get command and stops)
check:
	@tools/deps.sh
	@tools/check.sh

test:
	@tools/deps.sh
	@selftests/run.sh

test-all:
	@tools/deps.sh
	@selftests/run.sh --all

bench:
	@tools/bench.sh
	@tools/bench-sat.sh
	@tools/bench-range.sh

bench-sat:
	@tools/bench-sat.sh

bench-pair:
	@tools/bench-pair.sh --runs "$${RUNS:-6}" "$$A" "$$B"

sat:
	@tools/sat.sh

kcheck:
	@$(MAKE) -s -C kconfig-checks

upstream-scan:
	@tools/deps.sh
	@tools/upstream/scan.sh $(UPSTREAM_ARGS)

upstream-fixes-range:
	@tools/deps.sh
	@tools/upstream/fixes.sh range

verify-exact:
	@tools/verify-exact.sh

# EDITS reaches the script through the environment, never a shell line
served-property:
	@tools/served-property.sh

series-check:
	@tools/series-check.sh

runtime-test:
	@tools/runtime-test.sh --arch "$${RUNTIME_ARCH:-x86_64}" --note

cross-check:
	@tools/cross-check.sh $${CROSS_CHECK_TREE:+--tree "$$CROSS_CHECK_TREE"}

cocci-check:
	@tools/cocci-check.sh

coccicheck:
	@tools/coccicheck.sh

bisect-build:
	@tools/bisect-build.sh

base:
	@tools/prepare-base.sh

move-base:
	@tools/move-base.sh "$$VERSION" $(if $(filter 0,$(EVIDENCE)),--no-evidence)

stable-watch:
	@tools/stable-watch.sh

apply:
	@tools/apply.sh

export:
	@tools/export.sh

deps:
	@tools/deps.sh

clean:
	rm -rf selftests/out
	$(MAKE) -s -C kconfig-checks clean

distclean: clean
	@case "$$GMEM_CACHE" in ''|/) echo "refusing to delete GMEM_CACHE=$$GMEM_CACHE"; exit 2;; esac
	rm -rf -- "$$GMEM_CACHE"
