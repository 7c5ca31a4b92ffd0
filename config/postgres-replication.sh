#!/bin/bash
# Primary of docker-compose.multinode.yml: a role for the replica's pg_basebackup and
# streaming, allowed from the compose network.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
    -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD 'replicator'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
