#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# b4-send.sh --dry-run DIR | --mbox FILE: the series as b4 sends it.
#
# Clones the series branch (make apply) into a scratch directory, enrolls
# it with 'b4 prep -e base', puts MAINTAINERS-notes/cover-letter.txt and
# the testing summary of patches/0000-cover-letter.patch in b4's cover
# letter, lets b4 collect To/Cc from the tree's get_maintainer.pl
# ('b4 prep --auto-to-cc'), then:
#   --dry-run DIR  b4 send -o DIR: one .eml per message, nothing sent
#   --mbox FILE    b4 send through a local sink (tools/mbox-sink.sh) that
#                  appends every message, with its envelope recipients, to
#                  FILE; nothing leaves the machine
# The real thing is the same in your own clone, with your sendemail or
# b4 web endpoint configuration and a signing key: b4 send.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: $0 --dry-run DIR | --mbox FILE"
[ $# = 2 ] || die "$usage"
case $1 in --dry-run | --mbox) ;; *) die "$usage" ;; esac
need b4 b4
target=$(realpath -m -- "$2")
# an output only: never an existing file (it could be an input, such as
# patches/series.mbox)
[ "$1" != --mbox ] || [ ! -e "$target" ] || die "$2 exists; give a new file name"
[ "$1" != --dry-run ] || [ ! -e "$target" ] || [ -d "$target" ] || die "$2 exists and is not a directory"
wt=$("$GMEM_TOP/tools/apply.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/b4-send.XXXXXX")
trap 'rm -rf "$work"' EXIT

pgit clone -q --no-hardlinks -b series "$wt" "$work/tree"
pgit -C "$work/tree" fetch -q origin refs/tags/base:refs/tags/base
from=$(sed -n 's/^From: //p' "$GMEM_TOP/patches/0000-cover-letter.patch" | sed -n 1p)
{
	printf '[user]\n\tname = %s\n\temail = %s\n' "${from% <*}" "$(echo "$from" | sed 's/.*<\(.*\)>.*/\1/')"
	printf '[sendemail]\n\tsmtpserver = %s\n' "$work/sink"
} >"$work/gitconfig"
printf '#!/bin/sh\nexec %q %q "$@"\n' "$GMEM_TOP/tools/mbox-sink.sh" "$work/sent.mbox" >"$work/sink"
chmod +x "$work/sink"
# the cover text: what export puts before the shortlog (text and testing)
awk '/^Subject: /{ s = 1; next } s && /^$/ && !b { b = 1; next } b && /^Seed .* \([0-9]+\):$|^[^ ].* \([0-9]+\):$/ { exit } b' \
	"$GMEM_TOP/patches/0000-cover-letter.patch" >"$work/cover-body"
subject=$(sed -n 's/^Subject: \[PATCH 0*\/[0-9]*\] //p' "$GMEM_TOP/patches/0000-cover-letter.patch")
{ echo "$subject"; echo; cat "$work/cover-body"; } >"$work/cover"
printf '#!/bin/sh\ncat %q >"$1"\n' "$work/cover" >"$work/editor"
chmod +x "$work/editor"

export HOME=$work GIT_CONFIG_GLOBAL=$work/gitconfig GIT_CONFIG_NOSYSTEM=1
cd "$work/tree"
b4 prep -e base >"$work/log" 2>&1 || { cat "$work/log" >&2; die "b4 prep -e base failed"; }
EDITOR=$work/editor b4 prep --edit-cover >>"$work/log" 2>&1 || { cat "$work/log" >&2; die "b4 prep --edit-cover failed"; }
b4 prep --auto-to-cc >>"$work/log" 2>&1 || { cat "$work/log" >&2; die "b4 prep --auto-to-cc failed"; }
case $1 in
--dry-run)
	mkdir -p "$target"
	b4 send -o "$target" --no-sign >>"$work/log" 2>&1 || { cat "$work/log" >&2; die "b4 send -o failed"; }
	log "wrote $(ls "$target"/*.eml | wc -l) messages to $target (nothing sent)" ;;
--mbox)
	b4 send --no-sign >>"$work/log" 2>&1 || { cat "$work/log" >&2; die "b4 send failed"; }
	cp "$work/sent.mbox" "$target"
	log "b4 sent $(grep -c '^X-Envelope-To: ' "$target") messages into $target (nothing left the machine)" ;;
esac
