#!/bin/sh
# One backup of the platform's database: pg_dump in custom format (compressed; pg_restore can
# restore all of it or single tables), written under a temporary name and renamed only when
# complete, then dumps older than BACKUP_RETENTION_DAYS removed. Connection from the PG*
# variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE). Prints the file it wrote.
set -eu
: "${BACKUP_DIR:?set BACKUP_DIR}"
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$BACKUP_DIR/medillustrator-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial"
mv "$file.partial" "$file"
find "$BACKUP_DIR" -name 'medillustrator-*.dump' -mtime +"${BACKUP_RETENTION_DAYS:-14}" -delete
echo "$file"
