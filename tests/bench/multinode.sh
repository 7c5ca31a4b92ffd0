#!/bin/bash
# Two Odoo nodes against one PostgreSQL primary and a streaming replica, on this machine.
#
#   TEMPLATE_DB=bench tests/bench/multinode.sh
#
# TEMPLATE_DB: a database on the main server (PGHOST/PGPORT, default 127.0.0.1:5432)
# with promo_orders and its demo data (campaign HERBST26), copied with pg_dump.
# What it does, in a temporary folder that it removes at the end:
#  1. a PostgreSQL primary (initdb, port PRIMARY_PORT, config/postgresql.conf with
#     memory scaled down for a shared machine) and a streaming replica made with
#     pg_basebackup -R (port REPLICA_PORT);
#  2. two Odoo nodes (NODE1_PORT, NODE2_PORT) on the primary, sharing one data_dir
#     (filestore), each with one cron thread and db_replica_host/port on the replica;
#  3. intake from CLIENTS clients to both nodes at once, every reference sent by every
#     client: no duplicate, no lost order (multinode_clients.py intake); then the same
#     on one node, for the throughput of two nodes against one;
#  4. CRONS background jobs due now, picked by the cron threads of both nodes: each
#     runs once (crons-check);
#  5. the clearing backlog report read through the web client's read-only route,
#     served by the replica: its statement shows up in the replica's log, not the
#     primary's.
# Needs: PostgreSQL 15 server binaries (PGBIN), Odoo 18 (ODOO_BIN, default "odoo"), run
# as root (initdb and postgres run as user postgres) or as the postgres owner.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PRIMARY_PORT=${PRIMARY_PORT:-5441}
REPLICA_PORT=${REPLICA_PORT:-5442}
NODE1_PORT=${NODE1_PORT:-8137}
NODE2_PORT=${NODE2_PORT:-8138}
CLIENTS=${CLIENTS:-4}
ORDERS=${ORDERS:-400}
CRONS=${CRONS:-20}
ODOO_BIN=${ODOO_BIN:-odoo}
ADDONS_PATH=${ADDONS_PATH:-$REPO/addons}
TEMPLATE_DB=${TEMPLATE_DB:?TEMPLATE_DB: a database with promo_orders and demo data}
DB=multinode
WORK=$(mktemp -d /tmp/multinode.XXXXXX)
chmod 755 "$WORK"
NODE_PIDS=()

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
log() { echo "[multinode $(date -u +%H:%M:%S)] $*"; }
cleanup() {
    for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 2
    as_pg "$PGBIN/pg_ctl" -D "$WORK/replica" -m fast stop >/dev/null 2>&1 || true
    as_pg "$PGBIN/pg_ctl" -D "$WORK/primary" -m fast stop >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

log "primary on port $PRIMARY_PORT, replica on $REPLICA_PORT, in $WORK"
chown postgres "$WORK" 2>/dev/null || true
as_pg "$PGBIN/initdb" -D "$WORK/primary" -U postgres --auth=trust >/dev/null
cp "$REPO/config/postgresql.conf" "$WORK/primary/clearhouse.conf"
cat >> "$WORK/primary/postgresql.conf" <<EOF
include 'clearhouse.conf'
# scaled down: this machine runs other databases too
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
shared_buffers = 512MB
effective_cache_size = 4GB
maintenance_work_mem = 256MB
huge_pages = off
unix_socket_directories = '$WORK'
log_min_duration_statement = 0
log_destination = 'stderr'
logging_collector = off
EOF
as_pg "$PGBIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$WORK/replica" -R -X stream
sed -i "s/^port = $PRIMARY_PORT/port = $REPLICA_PORT/" "$WORK/replica/postgresql.conf"
as_pg "$PGBIN/pg_ctl" -D "$WORK/replica" -l "$WORK/replica.log" -w start >/dev/null
psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc "SELECT 'replica in recovery: ' || pg_is_in_recovery()"

log "copy $TEMPLATE_DB to the primary"
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "CREATE ROLE odoo LOGIN SUPERUSER"
createdb -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -O odoo "$DB"
pg_dump -h "$PGHOST" -p "$PGPORT" -U postgres -Fc "$TEMPLATE_DB" \
    | pg_restore -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d "$DB" --no-owner --role=odoo
mkdir -p "$WORK/data/filestore"
if [ -d "${TEMPLATE_FILESTORE:-$HOME/.local/share/Odoo/filestore/$TEMPLATE_DB}" ]; then
    cp -r "${TEMPLATE_FILESTORE:-$HOME/.local/share/Odoo/filestore/$TEMPLATE_DB}" "$WORK/data/filestore/$DB"
fi

start_node() {  # port
    $ODOO_BIN --db_host 127.0.0.1 --db_port "$PRIMARY_PORT" --db_user odoo \
        --db_replica_host 127.0.0.1 --db_replica_port "$REPLICA_PORT" \
        --addons-path "$ADDONS_PATH" --data-dir "$WORK/data" -d "$DB" --db-filter "^$DB\$" \
        --http-port "$1" --max-cron-threads 1 --workers 0 --log-level warn \
        > "$WORK/node-$1.log" 2>&1 &
    NODE_PIDS+=($!)
}
wait_node() {  # port
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$1/web/health" >/dev/null && return 0
        sleep 1
    done
    echo "node $1 did not start"; tail -20 "$WORK/node-$1.log"; exit 1
}
CLIENT="env PYTHONPATH=$REPO:${PYTHONPATH:-} python3 $REPO/tests/bench/multinode_clients.py --db $DB"

log "one node: intake"
start_node "$NODE1_PORT"; wait_node "$NODE1_PORT"
$CLIENT intake --urls "http://127.0.0.1:$NODE1_PORT" --orders "$ORDERS" --clients "$CLIENTS"
start_node "$NODE2_PORT"; wait_node "$NODE2_PORT"
log "two nodes: intake"
$CLIENT intake --urls "http://127.0.0.1:$NODE1_PORT,http://127.0.0.1:$NODE2_PORT" \
    --orders "$ORDERS" --clients "$CLIENTS"

log "background jobs on both nodes"
$CLIENT crons-create --url "http://127.0.0.1:$NODE1_PORT" --crons "$CRONS"
for _ in $(seq 1 24); do
    sleep 5
    $CLIENT crons-check --url "http://127.0.0.1:$NODE2_PORT" >/dev/null && break
done
$CLIENT crons-check --url "http://127.0.0.1:$NODE2_PORT"

log "report through the read-only route"
: > "$WORK/replica.log.mark"
REPLICA_BEFORE=$(grep -c "clearing_backlog_report" "$WORK/replica.log" || true)
PRIMARY_BEFORE=$(grep -c "clearing_backlog_report" "$WORK/primary.log" || true)
$CLIENT report --url "http://127.0.0.1:$NODE2_PORT"
sleep 1
REPLICA_AFTER=$(grep -c "clearing_backlog_report" "$WORK/replica.log" || true)
PRIMARY_AFTER=$(grep -c "clearing_backlog_report" "$WORK/primary.log" || true)
echo "report statements: replica $((REPLICA_AFTER - REPLICA_BEFORE)), primary $((PRIMARY_AFTER - PRIMARY_BEFORE))"
[ $((REPLICA_AFTER - REPLICA_BEFORE)) -gt 0 ] && [ $((PRIMARY_AFTER - PRIMARY_BEFORE)) -eq 0 ]
log "done"
