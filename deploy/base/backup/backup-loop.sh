#!/bin/sh
# The compose backup service: one backup now, then one every BACKUP_INTERVAL_SECONDS (a day).
set -eu
while true; do
  sh /backup/backup.sh || echo "backup failed; retrying at the next interval" >&2
  sleep "${BACKUP_INTERVAL_SECONDS:-86400}"
done
