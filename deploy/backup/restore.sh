#!/bin/sh
# Restores a backup into an empty database, all or nothing (one transaction; stops at the first
# error): restore.sh <dump file>. Target from the PG* variables (PGDATABASE is the empty
# database). Stop the services first (docs/deployment.md#backups-and-restore).
set -eu
dump=${1:?usage: restore.sh <dump file>}
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="${PGDATABASE:?set PGDATABASE}" "$dump"
echo "restored $dump into $PGDATABASE"
