#!/bin/bash
# Creates the Clearhouse database with every Clearhouse addon and the demo campaign on
# the first start, then serves Odoo on port 8069.
set -e
ARGS=(--db_host "${HOST:-db}" --db_user "${USER:-odoo}" --db_password "${PASSWORD:-odoo}"
      --addons-path "/usr/lib/python3/dist-packages/odoo/addons,/mnt/clearhouse/addons,/mnt/oca/odoo/addons")
DB="${CLEARHOUSE_DB:-clearhouse}"
if ! psql "postgresql://${USER:-odoo}:${PASSWORD:-odoo}@${HOST:-db}/$DB" -c 'select 1' >/dev/null 2>&1; then
  echo "Creating database $DB with ${CLEARHOUSE_MODULES} and demo data"
  odoo "${ARGS[@]}" -d "$DB" -i "${CLEARHOUSE_MODULES}" --stop-after-init
fi
# queue_job's job runner runs the background jobs (transfers, shop exports, imports).
exec odoo "${ARGS[@]}" -d "$DB" --db-filter "^$DB\$" --load=base,web,queue_job "$@"
