/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The worker protocol: what kcheck-worker and kcheck-sat print on stdout
 * for the front end (frontend/runner.c), one line per fact, fields
 * separated by tabs, string fields escaped with kc_escape().  Both workers
 * start with P and end with Z; a worker that dies before Z is reported as
 * crashed.
 *
 * Both workers:
 *   P ok [HOW]                         Kconfig parsed; kcheck-worker says
 *                                      HOW: "parsed" (by itself) or
 *                                      "model-cache" (a model server's,
 *                                      cache/serve.h)
 *   Z                                  all work done
 *
 * kcheck-worker (worker/worker.c), per arch:
 *   S NAME TYPE FILE LINE              a 'config NAME' entry (TYPE b t s i h ?)
 *   R NAME FILE LINE HOW               NAME is referenced (first site) but
 *                                      has no entry on this arch
 *   N NAME...                          symbol order of V lines (--values)
 * and per configuration ID (a line number of the jobs file):
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
 *
 * kcheck-sat (sat/), per arch; STATUS is proved, refuted, confirmed,
 * unconfirmed or unknown:
 *   X unmet STATUS TARGET SELECTOR FILE LINE ACTIVE DEPVAL DEPEXPR FRAGMENT
 *                                      (STATUS proved only with --list-proved;
 *                                      ACTIVE, DEPVAL "-", FRAGMENT empty;
 *                                      DEPEXPR "y" for a target without
 *                                      dependencies, which the "selects"
 *                                      stat does not count)
 *                                      can 'select TARGET' at FILE:LINE be
 *                                      ACTIVE above TARGET's dependencies?
 *                                      FRAGMENT: the counterexample .config
 *   X invariant STATUS RULELINE FRAGMENT
 *   X fixed STATUS SYMBOL KIND FILE LINE   SYMBOL's value never changes
 *   X equal STATUS SYMBOL OTHER        the two always have the same value
 *   X selectif STATUS SELECTOR TARGET FILE LINE
 *                                      a 'select ... if' whose condition
 *                                      never changes the result
 *   X depends STATUS SYMBOL FILE LINE CLAUSE
 *                                      a 'depends on' clause that is implied
 *   X stats NAME VALUE                 counters (selects, queries, ...)
 *
 * The JSON of 'kcheck sat --format json' names these fields
 * (frontend/satreport.c).
 */
#ifndef KCHECK_PROTOCOL_H
#define KCHECK_PROTOCOL_H
#endif
