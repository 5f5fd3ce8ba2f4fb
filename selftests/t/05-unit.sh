# SPDX-License-Identifier: GPL-2.0-only
# kcheck's unit tests (kconfig-checks/tests/unit.c, ASan+UBSan): the rules
# parser and evaluator, the protocol's escaping, the baseline reader, the
# findings model and its keys, the matrix's naming on the fixture tree.
# Seconds; no kernel tree needed.
. "$(dirname "$0")/../lib.sh"
mkdir "$SCRATCH/frag"
echo 'CONFIG_A=y' >"$SCRATCH/frag/foo-extra.config"
if ! make -s -C "$TOP/kconfig-checks" build-unit/unit >"$SCRATCH/out" 2>&1; then
	not_ok "the unit tests build"; sed 's/^/    /' "$SCRATCH/out"; exit 1
fi
"$TOP/kconfig-checks/build-unit/unit" "$TOP/selftests/fixtures/kc1" "$SCRATCH/frag" 2>&1
