#!/bin/sh
# One backup of the platform's database: pg_dump in custom format (compressed; pg_restore can
# restore all of it or single tables), written under a temporary name and renamed only when
# complete, then backups older than BACKUP_RETENTION_DAYS removed. Connection from the PG*
# variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE). Prints the file it wrote.
#
# With BACKUP_RECIPIENT_CERT (an X.509 certificate) the dump is encrypted as it is written
# (CMS, AES-256-GCM, the content key wrapped for the certificate's public key): plaintext never
# touches the disk, and this host cannot read its own backups; only the holder of the private
# key can (restore.sh with BACKUP_PRIVATE_KEY). docs/deployment.md#backups-and-restore.
#
# With IMAGE_DIR (the filesystem image store), the assessed images are archived beside the dump
# as medillustrator-<stamp>.images.tar (encrypted the same way), and its path printed second.
# An S3 image store is backed up by the bucket's own versioning or replication instead.
set -eu
: "${BACKUP_DIR:?set BACKUP_DIR}"
mkdir -p "$BACKUP_DIR"
umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if [ -n "${BACKUP_RECIPIENT_CERT:-}" ]; then
  file="$BACKUP_DIR/medillustrator-$stamp.dump.cms"
  # set -o pipefail is not POSIX: the dump's exit status travels through a file.
  status="$file.status"
  { pg_dump --format=custom --no-owner --no-privileges; echo $? >"$status"; } |
    openssl cms -encrypt -binary -aes-256-gcm -stream -outform DER -out "$file.partial" "$BACKUP_RECIPIENT_CERT"
  dumped=$(cat "$status"); rm -f "$status"
  if [ "$dumped" != 0 ]; then rm -f "$file.partial"; echo "pg_dump failed ($dumped)" >&2; exit 1; fi
else
  file="$BACKUP_DIR/medillustrator-$stamp.dump"
  pg_dump --format=custom --no-owner --no-privileges --file="$file.partial"
fi
mv "$file.partial" "$file"
images=""
if [ -n "${IMAGE_DIR:-}" ] && [ -d "$IMAGE_DIR" ]; then
  # Taken after the dump: an image stored meanwhile is an orphan the sweep removes, never a
  # trajectory whose image is missing.
  images="$BACKUP_DIR/medillustrator-$stamp.images.tar"
  if [ -n "${BACKUP_RECIPIENT_CERT:-}" ]; then
    images="$images.cms"
    tar -C "$IMAGE_DIR" -cf - . |
      openssl cms -encrypt -binary -aes-256-gcm -stream -outform DER -out "$images.partial" "$BACKUP_RECIPIENT_CERT"
  else
    tar -C "$IMAGE_DIR" -cf "$images.partial" .
  fi
  mv "$images.partial" "$images"
fi
find "$BACKUP_DIR" -name 'medillustrator-*' ! -name '*.partial' -mtime +"${BACKUP_RETENTION_DAYS:-14}" -delete
echo "$file"
if [ -n "$images" ]; then echo "$images"; fi
