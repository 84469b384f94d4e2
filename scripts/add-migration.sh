#!/usr/bin/env bash
# Adds a migration named $1 for every database provider (SQLite and PostgreSQL keep separate sets).
# Usage: scripts/add-migration.sh AddNeedDeadline
# No database needs to be running: migrations are computed from the EF Core model.
set -euo pipefail
name=${1:?"usage: scripts/add-migration.sh MigrationName"}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for pair in "SqliteDbContext:Sqlite" "PostgresDbContext:PostgreSql"; do
  context=${pair%%:*}; folder=${pair##*:}
  dotnet ef migrations add "$name" \
    --project src/Infrastructure --startup-project scripts/ef \
    --context "$context" --output-dir "Persistence/Migrations/$folder"
done
