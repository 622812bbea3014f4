#!/bin/sh
# Restores a backup into an empty database, all or nothing (one transaction; stops at the first
# error): restore.sh <backup file> [<images archive>]. With the images archive (backup.sh's second
# line) and IMAGE_DIR, the images are unpacked into IMAGE_DIR after the database is restored. Target from the PG* variables (PGDATABASE is the empty
# database). Stop the services first (docs/deployment.md#backups-and-restore).
# An encrypted backup (*.cms) needs BACKUP_PRIVATE_KEY and BACKUP_RECIPIENT_CERT: it is
# decrypted and its authentication tag checked before anything is restored.
set -eu
dump=${1:?usage: restore.sh <backup file> [<images archive>]}
images=${2:-}
umask 077
plain=$(mktemp)
trap 'rm -f "$plain"' EXIT

# Prints the path of the plaintext of $1: itself, or its decryption (checked) in $plain.
plaintext() {
  case "$1" in
    *.cms)
      : "${BACKUP_PRIVATE_KEY:?an encrypted backup needs BACKUP_PRIVATE_KEY (and BACKUP_RECIPIENT_CERT)}"
      : "${BACKUP_RECIPIENT_CERT:?an encrypted backup needs BACKUP_RECIPIENT_CERT}"
      if ! openssl cms -decrypt -binary -inform DER -in "$1" -inkey "$BACKUP_PRIVATE_KEY" -recip "$BACKUP_RECIPIENT_CERT" -out "$plain"; then
        echo "cannot decrypt $1: wrong key, or the file was altered" >&2
        exit 1
      fi
      echo "$plain"
      ;;
    *) echo "$1" ;;
  esac
}

source=$(plaintext "$dump")
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="${PGDATABASE:?set PGDATABASE}" "$source"
echo "restored $dump into $PGDATABASE"
if [ -n "$images" ]; then
  : "${IMAGE_DIR:?restoring images needs IMAGE_DIR}"
  mkdir -p "$IMAGE_DIR"
  tar -C "$IMAGE_DIR" -xf "$(plaintext "$images")"
  echo "restored $images into $IMAGE_DIR"
fi
