#!/bin/sh
# Restores a backup into an empty database, all or nothing (one transaction; stops at the first
# error): restore.sh <backup file>. Target from the PG* variables (PGDATABASE is the empty
# database). Stop the services first (docs/deployment.md#backups-and-restore).
# An encrypted backup (*.cms) needs BACKUP_PRIVATE_KEY and BACKUP_RECIPIENT_CERT: it is
# decrypted and its authentication tag checked before anything is restored.
set -eu
dump=${1:?usage: restore.sh <backup file>}
case "$dump" in
  *.cms)
    : "${BACKUP_PRIVATE_KEY:?an encrypted backup needs BACKUP_PRIVATE_KEY (and BACKUP_RECIPIENT_CERT)}"
    : "${BACKUP_RECIPIENT_CERT:?an encrypted backup needs BACKUP_RECIPIENT_CERT}"
    umask 077
    plain=$(mktemp)
    trap 'rm -f "$plain"' EXIT
    if ! openssl cms -decrypt -binary -inform DER -in "$dump" -inkey "$BACKUP_PRIVATE_KEY" -recip "$BACKUP_RECIPIENT_CERT" -out "$plain"; then
      echo "cannot decrypt $dump: wrong key, or the file was altered" >&2
      exit 1
    fi
    source=$plain
    ;;
  *) source=$dump ;;
esac
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="${PGDATABASE:?set PGDATABASE}" "$source"
echo "restored $dump into $PGDATABASE"
