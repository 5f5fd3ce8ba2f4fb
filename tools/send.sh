#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# send.sh --dry-run | --mbox FILE | --send: post patches/ with git send-email.
#
# Recipients come from MAINTAINERS-notes/generated/tools-maintainers.sh.txt (tools/maintainers.sh)
# through --to-cmd/--cc-cmd, so each patch goes to its own maintainers and
# lists and the cover letter to all of them; the sender is the cover
# letter's From:.  The messages are threaded under the cover letter.
#   --dry-run    git send-email --dry-run: prints every message's headers
#   --mbox FILE  sends through a local sink that appends each message, as
#                git send-email would hand it to sendmail, to the mbox FILE
#                (nothing leaves the machine)
#   --send       really sends (needs your sendemail.* configuration)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-}
case $mode in
--dry-run | --send) [ $# = 1 ] || die "usage: $0 --dry-run | --mbox FILE | --send" ;;
--mbox) [ $# = 2 ] || die "usage: $0 --mbox FILE" ;;
*) die "usage: $0 --dry-run | --mbox FILE | --send" ;;
esac
[ -x "$(git --exec-path)/git-send-email" ] ||
	die "git send-email not found; install it with: apt-get install git-email (or: make deps)"

p=$GMEM_TOP/patches
[ -f "$p/0000-cover-letter.patch" ] || die "no $p/0000-cover-letter.patch; run 'make export'"
"$GMEM_TOP/tools/maintainers.sh" --check >/dev/null ||
	die "MAINTAINERS-notes/generated/tools-maintainers.sh.txt is stale; run tools/maintainers.sh"
from=$(sed -n 's/^From: //p' "$p/0000-cover-letter.patch" | head -1)
files=("$p/0000-cover-letter.patch")
while read -r f; do files+=("$p/$f"); done <"$p/series"

args=(--from="$from" --confirm=never --8bit-encoding=UTF-8 --thread --no-chain-reply-to
      --to-cmd="$GMEM_TOP/tools/maintainers.sh --addresses to"
      --cc-cmd="$GMEM_TOP/tools/maintainers.sh --addresses cc"
      --suppress-cc=self --no-validate)
case $mode in
--dry-run) args+=(--dry-run) ;;
--mbox) : >"$2"; args+=(--sendmail-cmd="$GMEM_TOP/tools/mbox-sink.sh $(printf '%q' "$(realpath "$2")")") ;;
--send) ;;
esac
GIT_CONFIG_NOSYSTEM=1 git -c sendemail.smtpserver= send-email "${args[@]}" "${files[@]}"
