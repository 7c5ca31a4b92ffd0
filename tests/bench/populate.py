"""Build a Clearhouse database of a given size at database speed.

    python3 tests/bench/populate.py -d sc_big --customers 600000 --orders 3000000 [--seed 15]

The database must have the Clearhouse addons installed (at least ``promo_clearing``;
``promo_orders`` adds campaigns). A handful of reference records (products, campaigns or
sources, clearing teams and clerks) and one *template* record per kind of row are made with
the ORM; the bulk is then copied from the templates by ``INSERT ... SELECT
generate_series`` in chunks, overriding only the columns that vary. Every column the ORM
filled on the template (defaults, related and computed stored fields) is therefore filled
the same way on the copies, and the varying stored fields (amounts, related
priority/deadline/team, line state) are computed in SQL from the same inputs. Values come
from ``hashint8extended(row, seed)``: the same seed gives the same database.

What the database holds (``--orders N``):
- ``--customers`` partners (contacts with name, e-mail, phone in E.164, German address);
- N orders, 2.17 lines each on average, over the last 365 days, spread over the sources;
  names ``S0000001``..., ``external_ref`` unique per source;
- ``--open-share`` (2 %) of them open in clearing (draft, 90 % waiting, 10 % taken by a
  clerk) with a reason, priority, deadline, team, an open clearing episode and, for
  validation reasons, one blocking issue; ``--released-share`` (5 %) released once, with a
  closed episode in the last 30 days; the rest confirmed (``sale``), valid.
- Confirmed orders get no deliveries (no stock.picking: none of the benchmarked reads
  needs them; ``delivery_status`` stays empty, as the ORM computes it without pickings).

Other benchmarks reuse it: ``populate_core(env, customers, orders, seed)`` fills a
database from an Odoo environment and returns the figures; ``run(db, ...)`` opens the
registry. Prints the seconds of each step.
"""

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

CHUNK = 250_000
REPO = Path(__file__).resolve().parents[2]

# Issue codes of the validation reasons (the kernel's catalogue renders them).
ISSUE_CODES = {
    "phone": "phone_invalid",
    "address": "address_zip_invalid",
    "country": "country_not_allowed",
    "packstation": "packstation_not_allowed",
    "size": "size_missing",
    "catalogue": "product_not_in_catalogue",
    "points": "points_exceeded",
    "max_per_participant": "max_exceeded",
    "duplicate": "duplicate_order",
    "rule_error": "rule_error",
}
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Emma",
    "Felix",
    "Greta",
    "Hannah",
    "Jonas",
    "Lena",
    "Lukas",
    "Marie",
    "Noah",
    "Paul",
    "Sophie",
    "Tim",
    "Lea",
    "Finn",
    "Mia",
    "Elias",
    "Julia",
    "Max",
    "Laura",
    "Leon",
    "Sarah",
    "Jan",
    "Lisa",
    "Tom",
    "Nina",
    "Erik",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
]
CITIES = (
    ("10115", "Berlin"),
    ("20095", "Hamburg"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("60311", "Frankfurt am Main"),
    ("70173", "Stuttgart"),
    ("40213", "Düsseldorf"),
    ("04109", "Leipzig"),
    ("44135", "Dortmund"),
    ("45127", "Essen"),
)


def _log(message, started=None):
    suffix = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"[populate] {message}{suffix}", flush=True)


def _columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = %s
            ORDER BY ordinal_position""",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def _reserve_ids(cr, table, count):
    """First id of a block of ``count`` ids of ``table``'s sequence."""
    seq = f"{table}_id_seq"
    cr.execute("SELECT nextval(%s::regclass)", [seq])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s::regclass, %s)", [seq, first + count])
    return first


def _clone(cr, table, template_id, source_sql, overrides, params):
    """INSERT INTO ``table`` one row per row of ``source_sql`` (alias ``g``), each a copy
    of row ``template_id`` with the columns of ``overrides`` (column -> SQL expression)."""
    from odoo.tools import SQL

    columns = _columns(cr, table)
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {sorted(unknown)}")
    select = [
        SQL(overrides[column], **_used(overrides[column], params))
        if column in overrides
        else SQL.identifier("t", column)
        for column in columns
    ]
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM (%s) g CROSS JOIN %s t WHERE t.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL(", ").join(select),
            SQL(source_sql, **_used(source_sql, params)),
            SQL.identifier(table),
            template_id,
        )
    )
    return cr.rowcount


def _used(code, params):
    """The named parameters ``code`` uses (``SQL`` wants exactly those)."""
    return {name: value for name, value in params.items() if f"%({name})s" in code}


def _chunks(first, count, size=CHUNK):
    for start in range(0, count, size):
        yield first + start, min(size, count - start), start


# ---------------------------------------------------------------- reference
def _reference(env, seed):
    """Products, sources, teams, clerks and templates, made with the ORM (small)."""
    company = env.company
    de = env.ref("base.de")
    products = env["product.product"].create(
        [
            {
                "name": f"Bench premium {n:02d}",
                "default_code": f"BENCH-{seed}-{n:02d}",
                "type": "consu",
                "list_price": 5 + (n * 7) % 60,
                "taxes_id": [(6, 0, [])],
            }
            for n in range(20)
        ]
    )
    today = env.cr.now().date()
    if "promo.campaign" in env:
        campaigns = env["promo.campaign"].create(
            [
                {
                    "name": f"Bench campaign {n}",
                    "code": f"BENCH{seed}C{n}",
                    "state": "running",
                    "date_deadline": today + timedelta(days=20 * (n + 1)),
                }
                for n in range(5)
            ]
        )
        sources = campaigns.order_source_id
        campaign_of = {c.order_source_id.id: c.id for c in campaigns}
    else:
        sources = env["clearhouse.order.source"].create(
            [
                {"name": f"Bench source {n}", "code": f"BENCH{seed}S{n}", "kind": "other"}
                for n in range(5)
            ]
        )
        campaign_of = {}
    teams = env["clearing.team"].create(
        [{"name": f"Bench team {n}", "company_id": company.id} for n in range(2)]
    )
    clerk_group = env.ref("promo_clearing.promo_clearing_group_clerk")
    clerks = env["res.users"].create(
        [
            {
                "name": f"Bench clerk {n}",
                "login": f"bench-clerk-{seed}-{n}",
                "password": f"bench-clerk-{seed}-{n}",
                "groups_id": [(4, clerk_group.id)],
            }
            for n in range(6)
        ]
    )
    teams[0].member_ids = clerks[:3] | env.ref("base.user_admin")
    teams[1].member_ids = clerks[3:] | env.ref("base.user_admin")
    reasons = env["clearing.reason"].search([])
    for index, reason in enumerate(reasons):
        reason.team_id = teams[index % 2]
    partner = env["res.partner"].create(
        {
            "name": "Bench Template",
            "email": "bench.template@example.com",
            "phone": "+4930123456",
            "street": "Templatestraße 1",
            "zip": "10115",
            "city": "Berlin",
            "country_id": de.id,
            "customer_rank": 1,
        }
    )
    order_vals = {
        "partner_id": partner.id,
        "order_source_id": sources[0].id,
        "external_ref": f"BENCH-TEMPLATE-{seed}",
        "intake_channel": "api",
        "validation_state": "valid",
        "order_line": [(0, 0, {"product_id": products[0].id, "product_uom_qty": 1})],
    }
    if campaign_of:
        order_vals["promo_campaign_id"] = campaign_of[sources[0].id]
    order = env["sale.order"].create(order_vals)
    env["clearhouse.order.issue"].create(
        {"order_id": order.id, "rule": "phone", "code": "phone_invalid", "severity": "block"}
    )
    episode = (
        env["clearing.episode"]
        .sudo()
        .create(
            {
                "order_id": order.id,
                "reason_id": reasons[0].id,
                "entered_at": env.cr.now(),
            }
        )
    )
    env.flush_all()
    return {
        "company": company,
        "country": de,
        "products": products,
        "sources": sources,
        "campaign_of": campaign_of,
        "teams": teams,
        "clerks": clerks,
        "reasons": reasons,
        "partner": partner,
        "order": order,
        "line": order.order_line,
        "issue": order.issue_ids,
        "episode": episode,
    }


def _setup_sql(cr, ref, seed):
    """Lookup tables the bulk statements join (temporary: gone with the session)."""
    cr.execute(
        """
        CREATE TEMP TABLE bench_product AS
        SELECT row_number() OVER (ORDER BY p.id) - 1 AS n, p.id, t.list_price AS price,
               t.uom_id, '[' || p.default_code || '] ' || (t.name->>'en_US') AS name
          FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE p.id = ANY(%s);
        CREATE TEMP TABLE bench_source AS
        SELECT row_number() OVER (ORDER BY s.id) - 1 AS n, s.id, s.kind, s.code,
               s.date_deadline, c.id AS campaign_id
          FROM clearhouse_order_source s
          LEFT JOIN (SELECT * FROM json_each_text(%s::json)) m(source_id, campaign_id)
            ON m.source_id::int = s.id
          LEFT JOIN LATERAL (SELECT m.campaign_id::int AS id) c ON true
         WHERE s.id = ANY(%s);
        CREATE TEMP TABLE bench_reason AS
        SELECT row_number() OVER (ORDER BY r.id) - 1 AS n, r.id, r.code, r.kind, r.priority,
               r.team_id
          FROM clearing_reason r WHERE r.id = ANY(%s);
        CREATE TEMP TABLE bench_clerk AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM res_users WHERE id = ANY(%s);
        """,
        [
            ref["products"].ids,
            json.dumps({str(k): v for k, v in ref["campaign_of"].items()}),
            ref["sources"].ids,
            ref["reasons"].ids,
            ref["clerks"].ids,
        ],
    )
    cr.execute(
        """
        CREATE OR REPLACE FUNCTION pg_temp.bench_h(i bigint, salt int, seed int, m bigint)
        RETURNS bigint LANGUAGE sql IMMUTABLE AS
        $$ SELECT mod(abs(hashint8extended(i, seed::bigint * 1000 + salt)), m) $$
        """
    )


# ---------------------------------------------------------------- partners
def _populate_partners(cr, ref, customers, seed):
    first = _reserve_ids(cr, "res_partner", customers)
    firsts = "{" + ",".join(FIRST_NAMES) + "}"
    lasts = "{" + ",".join(LAST_NAMES) + "}"
    zips = "{" + ",".join(z for z, _c in CITIES) + "}"
    cities = "{" + ",".join(c for _z, c in CITIES) + "}"
    name = (
        "(%(firsts)s::text[])[1 + pg_temp.bench_h(g.i, 1, %(seed)s, 30)] || ' ' || "
        "(%(lasts)s::text[])[1 + pg_temp.bench_h(g.i, 2, %(seed)s, 30)]"
    )
    email = (
        "lower(translate((%(firsts)s::text[])[1 + pg_temp.bench_h(g.i, 1, %(seed)s, 30)] "
        "|| '.' || (%(lasts)s::text[])[1 + pg_temp.bench_h(g.i, 2, %(seed)s, 30)], "
        "'äöüß', 'aous')) || '.' || g.i || '@example.com'"
    )
    phone = "'+49151' || lpad(pg_temp.bench_h(g.i, 3, %(seed)s, 100000000)::text, 8, '0')"
    overrides = {
        "id": "%(first)s + g.i",
        "name": name,
        "complete_name": name,
        "email": email,
        "email_normalized": email,
        "phone": phone,
        "phone_sanitized": phone,
        "street": "'Hauptstraße ' || (1 + mod(g.i, 200))",
        "zip": "(%(zips)s::text[])[1 + pg_temp.bench_h(g.i, 4, %(seed)s, 10)]",
        "city": "(%(cities)s::text[])[1 + pg_temp.bench_h(g.i, 4, %(seed)s, 10)]",
        "commercial_partner_id": "%(first)s + g.i",
        "create_date": "now() at time zone 'utc' - (mod(g.i, 700)) * interval '1 day'",
        "write_date": "now() at time zone 'utc'",
    }
    columns = set(_columns(cr, "res_partner"))
    overrides = {k: v for k, v in overrides.items() if k in columns}
    for start, count, _offset in _chunks(0, customers):
        _clone(
            cr,
            "res_partner",
            ref["partner"].id,
            "SELECT generate_series(%(start)s, %(end)s) AS i",
            overrides,
            {
                "start": start,
                "end": start + count - 1,
                "first": first,
                "seed": seed,
                "firsts": firsts,
                "lasts": lasts,
                "zips": zips,
                "cities": cities,
            },
        )
    return first


# ---------------------------------------------------------------- orders
def _order_kind_sql():
    """``kind`` of order ``s.i``: 0 open in clearing, 1 released once, 2 plain."""
    return (
        "CASE WHEN pg_temp.bench_h(s.i, 10, %(seed)s, 10000) < %(open_bp)s THEN 0 "
        "WHEN pg_temp.bench_h(s.i, 10, %(seed)s, 10000) < %(open_bp)s + %(rel_bp)s "
        "THEN 1 ELSE 2 END"
    )


def _populate_orders(cr, ref, partner_first, customers, orders, seed, open_bp, rel_bp):
    first = _reserve_ids(cr, "sale_order", orders)
    cr.execute("SELECT count(*) FROM bench_product")
    n_products = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM bench_source")
    n_sources = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM bench_reason")
    n_reasons = cr.fetchone()[0]
    # One row per order with everything that varies, computed once; the insert reads it.
    source_sql = (
        """
        SELECT g.i, g.kind, g.nlines, src.id AS source_id, src.kind AS source_kind,
               src.code AS source_code, src.campaign_id, src.date_deadline,
               rsn.id AS reason_id, rsn.code AS reason_code, rsn.kind AS reason_kind,
               rsn.priority, rsn.team_id,
               CASE WHEN g.kind = 0 AND pg_temp.bench_h(g.i, 14, %(seed)s, 10) = 0
                    THEN clerk.id END AS clerk_id,
               %(partner_first)s + pg_temp.bench_h(g.i, 11, %(seed)s, %(customers)s)
                   AS partner_id,
               (now() at time zone 'utc') - interval '365 days'
                   + (g.i::float / %(orders)s) * interval '365 days' AS date_order,
               (now() at time zone 'utc')
                   - (pg_temp.bench_h(g.i, 15, %(seed)s, 14400)) * interval '1 minute'
                   AS entered_at,
               (SELECT sum(p.price) FROM generate_series(0, g.nlines - 1) j
                  JOIN bench_product p
                    ON p.n = pg_temp.bench_h(g.i * 4 + j, 20, %(seed)s, %(n_products)s))
                   AS amount
          FROM (SELECT s.i, """
        + _order_kind_sql()
        + """ AS kind,
                       2 + (pg_temp.bench_h(s.i, 12, %(seed)s, 100) < 17)::int AS nlines
                  FROM generate_series(%(start)s, %(end)s) s(i)) g
          JOIN bench_source src ON src.n = pg_temp.bench_h(g.i, 13, %(seed)s, %(n_sources)s)
          JOIN bench_reason rsn ON rsn.n = pg_temp.bench_h(g.i, 16, %(seed)s, %(n_reasons)s)
          JOIN bench_clerk clerk
            ON clerk.n = pg_temp.bench_h(g.i, 17, %(seed)s, 6)
    """
    )
    invalid = "(g.kind = 0 AND g.reason_kind = 'validation')"
    overrides = {
        "id": "%(first)s + g.i",
        "name": "'S' || lpad((%(first)s + g.i)::text, 8, '0')",
        "partner_id": "g.partner_id",
        "partner_invoice_id": "g.partner_id",
        "partner_shipping_id": "g.partner_id",
        "state": "CASE WHEN g.kind = 0 THEN 'draft' ELSE 'sale' END",
        "date_order": "g.date_order",
        "create_date": "g.date_order",
        "write_date": "g.date_order",
        "order_source_id": "g.source_id",
        "order_source_kind": "g.source_kind",
        "promo_campaign_id": "g.campaign_id",
        "external_ref": "'WEB-' || g.source_code || '-' || lpad(g.i::text, 8, '0')",
        "validation_state": f"CASE WHEN {invalid} THEN 'invalid' ELSE 'valid' END",
        "main_issue_rule": f"CASE WHEN {invalid} THEN g.reason_code END",
        "amount_untaxed": "g.amount",
        "amount_total": "g.amount",
        "amount_tax": "0",
        "access_token": "NULL",
        "invoice_status": "CASE WHEN g.kind = 0 THEN 'no' ELSE 'to invoice' END",
        "delivery_status": "NULL",
        "clearing_state": (
            "CASE g.kind WHEN 0 THEN CASE WHEN g.clerk_id IS NULL THEN 'in_clearing' "
            "ELSE 'in_progress' END WHEN 1 THEN 'released' ELSE 'automation' END"
        ),
        "clearing_reason_id": "CASE WHEN g.kind < 2 THEN g.reason_id END",
        "clearing_message": "CASE WHEN g.kind = 0 THEN 'Bench: ' || g.reason_code END",
        "clearing_team_id": "CASE WHEN g.kind < 2 THEN g.team_id END",
        "clearing_priority": "CASE WHEN g.kind < 2 THEN g.priority END",
        "clearing_user_id": "g.clerk_id",
        "clearing_taken_at": "CASE WHEN g.clerk_id IS NOT NULL THEN g.entered_at END",
        "clearing_entered_at": "CASE WHEN g.kind < 2 THEN g.entered_at END",
        "clearing_deadline": "g.date_deadline",
        "clearing_hours_total": "CASE WHEN g.kind = 1 THEN 1 + mod(g.i, 72) ELSE 0 END",
        "clearing_released_once": "g.kind = 1",
        "promo_points_total": "0",
    }
    columns = set(_columns(cr, "sale_order"))
    overrides = {k: v for k, v in overrides.items() if k in columns}
    params = {
        "first": first,
        "seed": seed,
        "partner_first": partner_first,
        "customers": customers,
        "orders": orders,
        "open_bp": open_bp,
        "rel_bp": rel_bp,
        "n_products": n_products,
        "n_sources": n_sources,
        "n_reasons": n_reasons,
    }
    total_lines = 0
    for start, count, _offset in _chunks(0, orders):
        started = time.monotonic()
        chunk = dict(params, start=start, end=start + count - 1)
        cr.execute("DROP TABLE IF EXISTS bench_chunk")
        from odoo.tools import SQL

        cr.execute(
            SQL("CREATE TEMP TABLE bench_chunk AS %s", SQL(source_sql, **_used(source_sql, chunk)))
        )
        _clone(cr, "sale_order", ref["order"].id, "SELECT * FROM bench_chunk", overrides, chunk)
        total_lines += _populate_lines(cr, ref, n_products, chunk)
        _populate_clearing_rows(cr, ref, chunk)
        cr.commit()
        _log(f"orders {start + count:,}/{orders:,}", started)
    return first, total_lines


def _populate_lines(cr, ref, n_products, params):
    overrides = {
        "id": "nextval('sale_order_line_id_seq')",
        "order_id": "%(first)s + g.i",
        "sequence": "10 + g.j",
        "product_id": "g.product_id",
        "product_template_id": "g.product_tmpl_id",
        "name": "g.product_name",
        "product_uom": "g.uom_id",
        "product_uom_qty": "1",
        "price_unit": "g.price",
        "price_subtotal": "g.price",
        "price_total": "g.price",
        "price_reduce_taxexcl": "g.price",
        "price_reduce_taxinc": "g.price",
        "price_tax": "0",
        "qty_to_invoice": "CASE WHEN g.kind = 0 THEN 0 ELSE 1 END",
        "untaxed_amount_to_invoice": "CASE WHEN g.kind = 0 THEN 0 ELSE g.price END",
        "invoice_status": "CASE WHEN g.kind = 0 THEN 'no' ELSE 'to invoice' END",
        "order_partner_id": "g.partner_id",
        "state": "CASE WHEN g.kind = 0 THEN 'draft' ELSE 'sale' END",
        "create_date": "g.date_order",
        "write_date": "g.date_order",
        "promo_points": "0",
    }
    columns = set(_columns(cr, "sale_order_line"))
    overrides = {k: v for k, v in overrides.items() if k in columns}
    source_sql = """
        SELECT c.i, c.kind, c.partner_id, c.date_order, j.j, p.id AS product_id,
               pp.product_tmpl_id, p.price, p.uom_id, p.name AS product_name
          FROM bench_chunk c
         CROSS JOIN LATERAL generate_series(0, c.nlines - 1) j(j)
          JOIN bench_product p
            ON p.n = pg_temp.bench_h(c.i * 4 + j.j, 20, %(seed)s, %(n_products)s)
          JOIN product_product pp ON pp.id = p.id
    """
    return _clone(cr, "sale_order_line", ref["line"].id, source_sql, overrides, params)


def _populate_clearing_rows(cr, ref, params):
    """Episodes of open and released orders, issues of invalid open ones."""
    params = dict(params, issue_rules=list(ISSUE_CODES), issue_codes=list(ISSUE_CODES.values()))
    episode = {
        "id": "nextval('clearing_episode_id_seq')",
        "order_id": "%(first)s + g.i",
        "source_id": "g.source_id",
        "reason_id": "g.reason_id",
        "message": "'Bench: ' || g.reason_code",
        "entered_at": "CASE WHEN g.kind = 0 THEN g.entered_at "
        "ELSE g.released_at - (1 + mod(g.i, 72)) * interval '1 hour' END",
        "left_at": "CASE WHEN g.kind = 1 THEN g.released_at END",
        "duration_hours": "CASE WHEN g.kind = 1 THEN 1 + mod(g.i, 72) ELSE 0 END",
        "outcome": "CASE WHEN g.kind = 1 THEN 'released' END",
        "user_id": "CASE WHEN g.kind = 1 THEN 2 END",
        "create_date": "g.date_order",
        "write_date": "g.date_order",
    }
    _clone(
        cr,
        "clearing_episode",
        ref["episode"].id,
        """SELECT c.*, (now() at time zone 'utc')
                   - (pg_temp.bench_h(c.i, 18, %(seed)s, 43200)) * interval '1 minute'
                   AS released_at
             FROM bench_chunk c WHERE c.kind < 2""",
        episode,
        params,
    )
    issue = {
        "id": "nextval('clearhouse_order_issue_id_seq')",
        "order_id": "%(first)s + g.i",
        "order_source_id": "g.source_id",
        "rule": "g.reason_code",
        "code": "g.issue_code",
        "create_date": "g.entered_at",
        "write_date": "g.entered_at",
    }
    _clone(
        cr,
        "clearhouse_order_issue",
        ref["issue"].id,
        """SELECT c.*, m.code AS issue_code FROM bench_chunk c
             JOIN unnest(%(issue_rules)s::text[], %(issue_codes)s::text[]) m(rule, code)
               ON m.rule = c.reason_code
            WHERE c.kind = 0 AND c.reason_kind = 'validation'""",
        issue,
        params,
    )


BULK_TABLES = (
    "res_partner",
    "sale_order",
    "sale_order_line",
    "clearing_episode",
    "clearhouse_order_issue",
)


def _drop_indexes(cr, tables):
    """Drop the plain (not unique, not primary) indexes of ``tables``; returns their
    definitions. Building an index once is much faster than updating it row by row."""
    cr.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
        """,
        [list(tables)],
    )
    definitions = cr.fetchall()
    for name, _definition in definitions:
        from odoo.tools import SQL

        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    return [definition for _name, definition in definitions]


def _create_indexes(cr, definitions):
    from odoo.tools import SQL

    cr.execute("SET maintenance_work_mem = '1GB'")
    for definition in definitions:
        # The definitions are PostgreSQL's own (pg_get_indexdef) of the dropped indexes.
        cr.execute(SQL(definition))  # pylint: disable=sql-injection


# ---------------------------------------------------------------- entry points
def populate_core(env, customers, orders, seed=15, open_share=0.02, released_share=0.05):
    """Fill the database of ``env`` (superuser) with customers, orders and clearing.

    Commits per chunk. Returns ``{"customers", "orders", "lines", "open", "seconds",
    "partner_first", "order_first"}``.
    """
    from odoo.tools import SQL

    started = time.monotonic()
    cr = env.cr
    ref = _reference(env, seed)
    _setup_sql(cr, ref, seed)
    cr.commit()
    _log("reference records and templates", started)
    step = time.monotonic()
    cr.execute("SET synchronous_commit = off")
    indexes = _drop_indexes(cr, BULK_TABLES)
    cr.commit()
    partner_first = _populate_partners(cr, ref, customers, seed)
    cr.commit()
    _log(f"{customers:,} customers", step)
    step = time.monotonic()
    order_first, lines = _populate_orders(
        cr,
        ref,
        partner_first,
        customers,
        orders,
        seed,
        round(open_share * 10000),
        round(released_share * 10000),
    )
    _log(f"{orders:,} orders, {lines:,} lines", step)
    step = time.monotonic()
    _create_indexes(cr, indexes)
    cr.commit()
    _log(f"{len(indexes)} indexes built", step)
    # The templates are real records of the bench too; new orders continue after ours.
    cr.execute(
        "SELECT id FROM ir_sequence WHERE code = 'sale.order' AND company_id = %s",
        [ref["company"].id],
    )
    for (seq_id,) in cr.fetchall():
        env["ir.sequence"].browse(seq_id).write({"number_next": order_first + orders + 1})
    # The templates were only the model rows of the copies.
    ref["episode"].unlink()
    ref["order"].unlink()
    ref["partner"].unlink()
    env.flush_all()
    cr.execute(
        "SELECT count(*) FROM sale_order WHERE clearing_state IN ('in_clearing', 'in_progress')"
    )
    open_count = cr.fetchone()[0]
    cr.commit()
    step = time.monotonic()
    old_isolation = cr._cnx.isolation_level
    cr._cnx.set_isolation_level(0)  # VACUUM runs outside a transaction
    for table in (
        "res_partner",
        "sale_order",
        "sale_order_line",
        "clearing_episode",
        "clearhouse_order_issue",
    ):
        cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
    cr._cnx.set_isolation_level(old_isolation)
    _log("vacuum analyze", step)
    seconds = time.monotonic() - started
    _log(f"done: {customers:,} customers, {orders:,} orders, {open_count:,} open", started)
    return {
        "customers": customers,
        "orders": orders,
        "lines": lines,
        "open": open_count,
        "seconds": seconds,
        "partner_first": partner_first,
        "order_first": order_first,
    }


def odoo_config(db, db_host="127.0.0.1", db_port=5432, db_user="odoo"):
    """Parse Odoo's configuration for this checkout's addons (+ queue_job)."""
    try:
        import clearhouse  # noqa: F401 - an installed core wins
    except ImportError:
        sys.path.insert(0, str(REPO))  # else this checkout's
    import odoo

    paths = ["/opt/odoo18/addons", "/opt/odoo18/odoo/addons", str(REPO / "addons")]
    oca = Path("/work/notes/oca_path")
    if os.environ.get("ODOO_ADDONS_PATH"):
        paths = os.environ["ODOO_ADDONS_PATH"].split(",")
    elif oca.exists():
        paths.append(oca.read_text().strip())
    odoo.tools.config.parse_config(
        [
            "-d",
            db,
            "--db_host",
            db_host,
            "--db_port",
            str(db_port),
            "--db_user",
            db_user,
            "--addons-path",
            ",".join(p for p in paths if Path(p).is_dir()),
        ]
    )
    return odoo


def run(db, customers, orders, seed=15, open_share=0.02, **kwargs):
    odoo = odoo_config(db, **kwargs)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        return populate_core(env, customers, orders, seed, open_share)
    del odoo


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--customers", type=int, default=6000)
    parser.add_argument("--orders", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--open-share", type=float, default=0.02)
    parser.add_argument("--db-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--db-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--db-user", default="odoo")
    args = parser.parse_args()
    result = run(
        args.db,
        args.customers,
        args.orders,
        args.seed,
        args.open_share,
        db_host=args.db_host,
        db_port=args.db_port,
        db_user=args.db_user,
    )
    print(
        f"populated {args.db}: {result['customers']:,} customers, {result['orders']:,} orders, "
        f"{result['lines']:,} lines, {result['open']:,} open in clearing in "
        f"{result['seconds']:.0f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
