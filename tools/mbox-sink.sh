#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mbox-sink.sh MBOX [sendmail arguments...]: a sendmail stand-in for
# 'git send-email --sendmail-cmd' (tools/send.sh --mbox).  Appends the
# message on stdin to MBOX in mboxrd form and records the envelope
# recipients in an X-Envelope-To: header; sends nothing.
set -euo pipefail
mbox=$1
shift
rcpt=()
for a in "$@"; do
	case $a in -*) ;; *) rcpt+=("$a") ;; esac
done
{
	echo "From mbox-sink Thu Jan  1 00:00:00 1970"
	echo "X-Envelope-To: $(IFS=,; echo "${rcpt[*]}" | sed 's/,/, /g')"
	sed -E 's/^(>*From )/>\1/'
	echo
} >>"$mbox"
