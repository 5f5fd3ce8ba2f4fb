/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The worker protocol: lines on the worker's stdout, fields separated by
 * tabs, string values escaped with kc_escape().
 *
 *   P ok                               Kconfig parsed
 *   S NAME TYPE FILE LINE              a 'config NAME' entry (TYPE b t s i h ?)
 *   R NAME FILE LINE HOW               NAME is referenced (first site) but
 *                                      has no entry on this arch
 *   N NAME...                          symbol order of V lines (--values)
 *   C ID                               configuration ID begins
 *   E ID MESSAGE                       ID could not be resolved
 *   U ID TARGET SELECTOR FILE LINE ACTIVE DEP DEPEXPR
 *                                      'select TARGET' at FILE:LINE is active
 *                                      (m/y) while TARGET's direct
 *                                      dependencies are DEP (n/m)
 *   F ID RULELINE                      invariant at RULELINE is n in ID
 *   W ID FILE LINE KIND SYMBOL MESSAGE a fragment line kconfig or
 *                                      merge_config.sh warns about (KIND:
 *                                      garbage, unknown-symbol,
 *                                      invalid-value, not-in-final)
 *   V ID VALUE...                      values in N order; '-' = not in .config
 *   D ID                               configuration ID done
 *   Z                                  all jobs done
 *
 * A worker that dies before 'Z' is reported as crashed.
 */
#ifndef KCHECK_PROTOCOL_H
#define KCHECK_PROTOCOL_H
#endif
