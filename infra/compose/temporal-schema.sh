#!/bin/sh
# One-shot (admin-tools image): create Temporal's two databases on Postgres and bring both schemas to the versions
# this server release ships. Safe to rerun: `create` tolerates an existing database, update-schema is incremental.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
export SQL_PASSWORD="$POSTGRES_PWD"
sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"; }
schema_dir=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  sql --db "$db" create || echo "database $db exists"
done
sql --db temporal setup-schema -v 0.0
sql --db temporal update-schema -d "$schema_dir/temporal/versioned"
sql --db temporal_visibility setup-schema -v 0.0
sql --db temporal_visibility update-schema -d "$schema_dir/visibility/versioned"
echo "temporal schemas up to date"
