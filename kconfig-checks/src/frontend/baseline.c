// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading baselines: see baseline.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "baseline.h"

#define BASELINE_MAX (512UL << 20)

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		snprintf(err, errlen, "--baseline %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len + 65536 > cap) {
			cap = (cap + 65536) * 2;
			buf = kc_realloc(buf, cap + 1);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (*len > BASELINE_MAX) {
			snprintf(err, errlen, "--baseline %s: larger than %lu MiB",
				 path, BASELINE_MAX >> 20);
			goto fail;
		}
		if (n)
			continue;
		if (ferror(f)) {
			snprintf(err, errlen, "--baseline %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static struct json_object *member(struct json_object *o, const char *k,
				  enum json_type type)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

static int add_key(struct baseline *b, struct json_object *o, int required)
{
	struct json_object *k;

	if (!json_object_object_get_ex(o, "key", &k))
		return required ? -1 : 0;
	if (!json_object_is_type(k, json_type_string) ||
	    !json_object_get_string_len(k))
		return -1;
	kc_set_put(&b->keys, json_object_get_string(k), NULL);
	return 0;
}

/*
 * A kcheck check or sat report: findings[].keys[].key, the same schema for
 * both (report.c json_findings()); MARKER is the report's version member.
 */
static const char *shape(struct json_object *root, struct baseline *b,
			 enum baseline_kind kind)
{
	struct json_object *f, *sum, *n;
	size_t i, k;

	if (!member(root, kind == BASELINE_CHECK ? "kcheck" : "kcheck-sat",
		    json_type_int))
		return kind == BASELINE_CHECK ?
		       "no \"kcheck\" version: not a kcheck --format json report" :
		       "no \"kcheck-sat\" version: not a kcheck sat --format json report";
	f = member(root, "findings", json_type_array);
	sum = member(root, "summary", json_type_object);
	if (!f || !sum || (kind == BASELINE_CHECK &&
			   !member(root, "configurations", json_type_array)) ||
	    (kind == BASELINE_SAT && !member(root, "arches", json_type_array)))
		return kind == BASELINE_CHECK ?
		       "no \"configurations\", \"findings\" or \"summary\"" :
		       "no \"arches\", \"findings\" or \"summary\"";
	n = member(sum, "findings", json_type_int);
	if (!n || json_object_get_int64(n) != (int64_t)json_object_array_length(f))
		return "\"summary\" does not count the findings it lists";
	for (i = 0; i < json_object_array_length(f); i++) {
		struct json_object *x = json_object_array_get_idx(f, i);
		struct json_object *keys = member(x, "keys", json_type_array);

		if (!keys || !member(x, "check", json_type_string))
			return "a finding without \"check\" or \"keys\"";
		for (k = 0; k < json_object_array_length(keys); k++)
			if (add_key(b, json_object_array_get_idx(keys, k), 1))
				return "a finding's key is not a non-empty string";
	}
	return NULL;
}

int baseline_load(const char *path, enum baseline_kind kind,
		  struct baseline *b, char *err, size_t errlen)
{
	size_t len;
	char *buf;
	int ret;

	memset(b, 0, sizeof(*b));
	buf = slurp(path, &len, err, errlen);
	if (!buf)
		return -1;
	ret = baseline_parse(buf, len, path, kind, b, err, errlen);
	free(buf);
	return ret;
}

int baseline_parse(const char *buf, size_t len, const char *path,
		   enum baseline_kind kind, struct baseline *b, char *err,
		   size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root, *tree;
	const char *why;

	memset(b, 0, sizeof(*b));
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "--baseline %s: contains a NUL byte; not a kcheck report",
			 path);
		return -1;
	}
	if (len > INT_MAX) {
		snprintf(err, errlen, "--baseline %s: too large", path);
		return -1;
	}
	tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	if (!tok) {
		snprintf(err, errlen, "--baseline %s: out of memory", path);
		return -1;
	}
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(err, errlen, "--baseline %s: not valid JSON (%s at byte %zu); a truncated report?",
			 path,
			 json_tokener_get_error(tok) == json_tokener_continue ?
			 "unexpected end" :
			 json_tokener_error_desc(json_tokener_get_error(tok)),
			 json_tokener_get_parse_end(tok));
		json_object_put(root);
		json_tokener_free(tok);
		return -1;
	}
	if (json_tokener_get_parse_end(tok) +
	    strspn(buf + json_tokener_get_parse_end(tok), " \t\r\n") < len) {
		snprintf(err, errlen, "--baseline %s: text after the JSON document at byte %zu",
			 path, json_tokener_get_parse_end(tok));
		why = "";
	} else {
		why = shape(root, b, kind);
		if (why)
			snprintf(err, errlen, "--baseline %s: %s%s", path, why,
				 kind == BASELINE_CHECK ?
				 " (a baseline is what kcheck check --format json wrote)" :
				 " (a baseline is what kcheck sat --format json wrote)");
	}
	tree = why ? NULL : member(root, "tree", json_type_string);
	if (!why && !tree) {
		snprintf(err, errlen, "--baseline %s: no \"tree\"", path);
		why = "";
	}
	if (!why)
		b->tree = kc_strdup(json_object_get_string(tree));
	json_object_put(root);
	json_tokener_free(tok);
	if (why) {
		baseline_free(b);
		return -1;
	}
	b->path = kc_strdup(path);
	return 0;
}

void baseline_free(struct baseline *b)
{
	free(b->path);
	free(b->tree);
	kc_set_free(&b->keys, NULL);
	memset(b, 0, sizeof(*b));
}
