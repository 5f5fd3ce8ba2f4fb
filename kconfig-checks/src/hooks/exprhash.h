/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into the tree's expr.c only (engine.mk): a better spread for its
 * expression hash table.
 *
 * 6.12's expr_lookup() hash-conses every expression through a table of
 * EXPR_HASHSIZE buckets indexed by hash_32(type ^ hash_ptr(l) ^ hash_ptr(r))
 * modulo the size.  scripts/include/hash.h's hash_32() is a bare
 * multiplication, so the index keeps the product's low bits, which depend
 * only on the low bits of the pointers; heap pointers are aligned and the
 * allocator's stride is regular, so on x86 137k expressions land in 6k of
 * the 16k buckets (chains up to 559, 94 probes per lookup on average) and
 * lookups are 60% of kcheck's parse.  Mixing the high bits in spreads them
 * over all 16k buckets (longest chain 37, 9 probes).
 *
 * Which bucket an expression sits in changes nothing else: expr_lookup()
 * compares type and operands exactly, and the only walk of the whole
 * table, expr_invalidate_all(), is order-independent (and replaced by
 * hooks.c's stores to the expressions that cached a value, exprvalue.h).
 * verify-exact proves the resolved configurations equal make's.
 */
#ifndef KCHECK_EXPRHASH_H
#define KCHECK_EXPRHASH_H

#include <stdint.h>
#include <hash.h>

static inline unsigned int kcheck_hash_32(unsigned int val)
{
	unsigned int h = val * 0x61C88647u;

	return h ^ (h >> 16);
}

static inline unsigned int kcheck_hash_ptr(const void *ptr)
{
	return (uint64_t)(uintptr_t)ptr * 0x9E3779B97F4A7C15ull >> 32;
}

#define hash_32(val) kcheck_hash_32(val)
#define hash_ptr(ptr) kcheck_hash_ptr(ptr)

#endif /* KCHECK_EXPRHASH_H */
