import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from clearhouse.shops import ADAPTERS, ShopConfig, ShopError, get_adapter, plan_stock_updates

from ..tools.error_messages import render_shop_error

_logger = logging.getLogger(__name__)

PUSH = "push"
MAX_ORDERS_PER_CALL = 500
MAX_QUERY_ITEMS = 1000
MAX_SHIPMENTS_PER_CALL = 500


def _selection_shop_type(model):
    """The shop systems of the core registry, and the push API; Odoo passes the model."""
    return [(code, cls.label or code) for code, cls in sorted(ADAPTERS.items())] + [
        (PUSH, model.env._("Push (the shop calls the API)"))
    ]


class ShopBackend(models.Model):
    """One webshop: connection, mappings, and the public API the shop (or its
    middleware) calls. Pull shops go through ``_get_client()`` (the core adapter)."""

    _name = "shop.backend"
    _description = "Webshop Backend"
    _inherit = ["mail.thread", "clearhouse.order.source.mixin", "clearhouse.job.mixin"]
    _order = "name"
    _order_source_kind = "shop"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Identifies the shop in API calls (submit_shop_orders and friends).",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    shop_type = fields.Selection(
        _selection_shop_type, required=True, default=PUSH, string="Shop System", tracking=True
    )
    base_url = fields.Char(string="Base URL")
    api_key = fields.Char(string="Key", groups="shop_connector.shop_connector_group_manager")
    api_secret = fields.Char(string="Secret", groups="shop_connector.shop_connector_group_manager")
    timeout = fields.Integer(string="Read Timeout (s)", default=30)
    order_cursor = fields.Char(readonly=True, copy=False, help="Last cursor of the order pull.")
    stock_minimum = fields.Integer(
        string="Default Stock Minimum",
        default=5,
        help="Stock levels at or below this are reported to the shop (per product "
        "overridable on the mapping).",
    )
    product_mapping_ids = fields.One2many("shop.product.mapping", "backend_id", string="Products")
    payment_mapping_ids = fields.One2many(
        "shop.payment.mapping", "backend_id", string="Payment Methods"
    )
    job_capacity = fields.Integer(
        string="Parallel Calls",
        default=1,
        help="Calls to this shop running at the same time (its job channel's capacity; "
        "0: only the limit of the parent channel root.clearhouse).",
    )
    job_channel_id = fields.Many2one(
        "queue.job.channel", string="Job Channel", readonly=True, copy=False
    )
    sync_log_ids = fields.One2many("shop.sync.log", "backend_id", string="Sync Log")
    sync_problem_count = fields.Integer(compute="_compute_sync_problem_count")

    _sql_constraints = [
        ("code_company_uniq", "UNIQUE(code, company_id)", "The shop code must be unique."),
        ("job_capacity_positive", "CHECK(job_capacity >= 0)", "The capacity cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        backends._shop_sync_channel()
        return backends

    def write(self, vals):
        result = super().write(vals)
        if {"code", "job_capacity"} & set(vals):
            self._shop_sync_channel()
        return result

    def _shop_sync_channel(self):
        """Each shop's jobs run in root.clearhouse.shop.<code> with its capacity."""
        for backend in self:
            channel = self._job_channel(
                "root.clearhouse.shop." + self._job_channel_part(backend.code),
                capacity=backend.job_capacity,
            )
            if backend.job_channel_id != channel:
                # sudo: the channel is queue_job's configuration, linked for display.
                backend.sudo().job_channel_id = channel

    def _shop_channel_name(self):
        self.ensure_one()
        return self.sudo().job_channel_id.complete_name or "root.clearhouse"

    def _compute_sync_problem_count(self):
        counts = dict(
            self.env["shop.sync.log"]._read_group(
                [("backend_id", "in", self.ids), ("state", "=", "failed")],
                ["backend_id"],
                ["__count"],
            )
        )
        for backend in self:
            backend.sync_problem_count = counts.get(backend, 0)

    # ------------------------------------------------------------ client
    def _get_client(self):
        """The core adapter of this backend; every shop call goes through it."""
        self.ensure_one()
        if self.shop_type == PUSH:
            raise UserError(
                self.env._(
                    "The shop %(name)s pushes through the API; it is not called.", name=self.name
                )
            )
        # sudo: the key and secret are readable by managers only; automation (cron)
        # builds the client on behalf of everyone.
        backend = self.sudo()
        config = ShopConfig(
            base_url=backend.base_url or "",
            key=backend.api_key or "",
            secret=backend.api_secret or "",
            timeout=(5.0, float(backend.timeout or 30)),
            options={"payment_methods": backend._payment_categories()},
        )
        try:
            return get_adapter(self.shop_type, config)
        except ShopError as exc:
            raise UserError(render_shop_error(self.env, exc.code, exc.params, str(exc))) from exc

    def _payment_categories(self):
        return {m.code: m.category for m in self.payment_mapping_ids}

    # --------------------------------------------------------------- API
    @api.model
    def _get_api_backend(self, backend_code):
        """The backend the calling API user may act for, or AccessError."""
        return self.env["shop.order.intake"]._intake_api_source("shop.backend", backend_code)

    @api.model
    def submit_shop_orders(self, backend_code, orders):
        """Create the shop's orders; one result per order, in the order given.

        Idempotent by the shop's order number (``external_ref``): sending an order again
        returns the existing one. The answer has the shape every intake API shares.
        """
        backend = self._get_api_backend(backend_code)
        intake = self.env["shop.order.intake"]
        intake._intake_check_list(orders, MAX_ORDERS_PER_CALL)
        # sudo: the API group and the backend's user list checked above are the
        # authorisation; API users get no rights on partners, products and stock.
        return intake.sudo().with_company(backend.company_id)._submit(backend.sudo(), list(orders))

    @api.model
    def get_order_status(self, backend_code, external_refs):
        """The status of the shop's orders, in the shape of the intake answer."""
        backend = self._get_api_backend(backend_code)
        refs = self._check_text_list(external_refs, "external_refs")
        # sudo: as submit_shop_orders; only this backend's source is read.
        return (
            self.env["shop.order.intake"]
            .sudo()
            .with_company(backend.company_id)
            ._intake_status(backend.sudo().order_source_id, refs)
        )

    @api.model
    def get_shipments(self, backend_code, since_cursor=False):
        """Deliveries done since the cursor: ``{"shipments": [...], "next_cursor": str}``.

        The cursor is opaque for the caller ("<date done>|<picking id>"); False reads
        from the beginning. Pages hold at most 500 shipments: call again with the cursor.
        """
        backend = self._get_api_backend(backend_code)
        domain = [
            ("sale_id.shop_backend_id", "=", backend.id),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
        ]
        if since_cursor:
            try:
                date_text, picking_id = str(since_cursor).rsplit("|", 1)
                date_done = fields.Datetime.to_datetime(date_text)
                picking_id = int(picking_id)
            except ValueError as exc:
                raise UserError(self.env._("The cursor is not valid.")) from exc
            domain += [
                "|",
                ("date_done", ">", date_done),
                "&",
                ("date_done", "=", date_done),
                ("id", ">", picking_id),
            ]
        # sudo: API users have no stock rights; the domain keeps it to this backend.
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(domain, order="date_done, id", limit=MAX_SHIPMENTS_PER_CALL)
        )
        shipments = [
            {
                "external_ref": picking.sale_id.external_ref,
                "order_id": picking.sale_id.id,
                "picking": picking.name,
                "date_done": fields.Datetime.to_string(picking.date_done),
                "carrier": picking.carrier_id.name or "",
                "tracking_ref": picking.carrier_tracking_ref or "",
                "tracking_url": picking.carrier_tracking_url or "",
            }
            for picking in pickings
        ]
        last = pickings[-1:] if pickings else False
        next_cursor = (
            f"{fields.Datetime.to_string(last.date_done)}|{last.id}" if last else since_cursor
        )
        return {"shipments": shipments, "next_cursor": next_cursor or False}

    @api.model
    def get_stock_levels(self, backend_code, skus):
        """Available quantity per mapped SKU: ``[{sku, quantity, stock_status}]``."""
        backend = self._get_api_backend(backend_code)
        skus = self._check_text_list(skus, "skus")
        # sudo: API users have no stock rights; only this backend's mappings are read.
        backend = backend.sudo()
        mappings = backend.product_mapping_ids.filtered(lambda m: m.sku in skus)
        available = backend._available_quantities(mappings.product_id.ids)
        by_sku = {m.sku: m for m in mappings}
        result = []
        for sku in skus:
            mapping = by_sku.get(sku)
            if not mapping:
                result.append({"sku": sku, "quantity": False, "stock_status": "unknown"})
                continue
            quantity = max(int(available.get(mapping.product_id.id, 0)), 0)
            result.append(
                {
                    "sku": sku,
                    "quantity": quantity,
                    "stock_status": "instock" if quantity else "outofstock",
                }
            )
        return result

    def _check_text_list(self, values, name):
        if not isinstance(values, list | tuple) or len(values) > MAX_QUERY_ITEMS:
            raise UserError(
                self.env._(
                    "'%(name)s' must be a list of at most %(max)s texts.",
                    name=name,
                    max=MAX_QUERY_ITEMS,
                )
            )
        return [v for v in values if isinstance(v, str) and v]

    # ------------------------------------------------------------- stock
    def _available_quantities(self, product_ids):
        """Forecast quantity in the backend's warehouse: stock minus what is sold."""
        self.ensure_one()
        if not product_ids:
            return {}
        rows = (
            self.env["product.product"]
            .with_context(warehouse_id=self.warehouse_id.id)
            .search_read([("id", "in", product_ids)], ["virtual_available"])
        )
        return {row["id"]: row["virtual_available"] for row in rows}

    def _prepare_stock_input(self):
        self.ensure_one()
        mappings = self.product_mapping_ids.filtered(lambda m: m.product_id and m.stock_feedback)
        available = self._available_quantities(mappings.product_id.ids)
        previous, current, minimums, parents, mapping_of = {}, [], {}, {}, {}
        for mapping in mappings:
            ref = mapping.shop_product_ref or mapping.sku
            mapping_of[ref] = mapping
            if mapping.last_reported_at:
                previous[ref] = mapping.last_reported_qty
            current.append((ref, available.get(mapping.product_id.id, 0.0)))
            minimums[ref] = (
                mapping.stock_minimum if mapping.stock_minimum >= 0 else self.stock_minimum
            )
            if mapping.shop_parent_ref:
                parents[ref] = mapping.shop_parent_ref
        return previous, current, minimums, parents, mapping_of

    def _plan_stock_updates(self):
        """The core's plan for this backend, and the mappings per product ref."""
        previous, current, minimums, parents, mapping_of = self._prepare_stock_input()
        plan = plan_stock_updates(
            previous, current, minimums, default_minimum=self.stock_minimum, parents=parents
        )
        return plan, mapping_of

    def _queue_stock_update(self):
        """Plan and queue ONE batched stock update per backend (a pending sync log).

        A still pending update of the backend is merged (newest level per product wins),
        so a shop that is down gets one update with the latest levels, not a pile. The
        mapping remembers the queued level at once: levels are absolute, and a failed push
        is retried with the whole payload.
        """
        logs = self.env["shop.sync.log"]
        now = fields.Datetime.now()
        for backend in self.filtered(lambda b: b.shop_type != PUSH):
            plan, mapping_of = backend._plan_stock_updates()
            if not plan:
                continue
            levels = [
                {
                    "product_ref": level.product_ref,
                    "quantity": level.quantity,
                    "stock_status": level.stock_status,
                    "parent_ref": level.parent_ref,
                }
                for level in plan
            ]
            pending = logs.search(
                [
                    ("backend_id", "=", backend.id),
                    ("operation", "=", "stock"),
                    ("state", "=", "pending"),
                ],
                limit=1,
            )
            if pending:
                merged = {lv["product_ref"]: lv for lv in pending.payload.get("levels", [])}
                merged.update({lv["product_ref"]: lv for lv in levels})
                pending.write(backend._stock_log_vals(list(merged.values())))
                logs |= pending
            else:
                logs |= logs.create(
                    dict(
                        backend._stock_log_vals(levels),
                        backend_id=backend.id,
                        direction="export",
                        operation="stock",
                        state="pending",
                    )
                )
            for level in plan:
                mapping_of[level.product_ref].write(
                    {"last_reported_qty": level.quantity, "last_reported_at": now}
                )
        return logs

    def _stock_log_vals(self, levels):
        summary = ", ".join(f"{lv['product_ref']}={lv['quantity']}" for lv in levels)
        return {"payload": {"levels": levels}, "payload_summary": summary[:250]}

    @api.model
    def _cron_queue_stock_updates(self):
        self.search([])._queue_stock_update()

    # ------------------------------------------------------------ orders
    @api.model
    def _cron_fetch_orders(self):
        """Queue the order pull of every pull backend (a job per shop, after commit)."""
        for backend in self.search([("shop_type", "!=", PUSH)]):
            backend._job_enqueue(
                "_fetch_orders_job",
                "fetch",
                backend._shop_channel_name(),
                description=self.env._("Pull new orders from %(shop)s", shop=backend.name),
            )

    def _fetch_orders_job(self):
        """Job: pull the shop's new orders; a failing shop is logged, the next run retries."""
        results = self._fetch_orders()
        return f"{len(results)} orders"

    def _fetch_orders(self):
        self.ensure_one()
        logs = self.env["shop.sync.log"]
        try:
            orders, cursor = self._get_client().fetch_new_orders(self.order_cursor or None)
        except (ShopError, UserError) as exc:
            error = (
                logs._error_vals(exc)
                if isinstance(exc, ShopError)
                else {"error": str(exc.args[0] if exc.args else exc)[:2000]}
            )
            logs.create(
                {
                    "backend_id": self.id,
                    "direction": "import",
                    "operation": "order",
                    "state": "failed",
                    **error,
                }
            )
            return []
        dicts, errors = [], []
        for order in orders:
            if not order.ok:
                errors.append(f"{order.external_ref or order.external_id}: {order.error}")
                continue
            data = dict(order.order)
            data["external_ref"] = order.external_ref or order.external_id
            data["payment_method"] = order.payment.method if order.payment else ""
            dicts.append(data)
        results = self.env["shop.order.intake"].with_company(self.company_id)._submit(self, dicts)
        errors += [
            f"{r['external_ref']}: {'; '.join(i['message'] for i in r['issues'])}"
            for r in results
            if r["state"] == "rejected"
        ]
        if errors:
            self.env["shop.sync.log"].create(
                {
                    "backend_id": self.id,
                    "direction": "import",
                    "operation": "order",
                    "state": "failed",
                    "error": "\n".join(errors)[:2000],
                }
            )
        self.order_cursor = cursor
        return results

    # ------------------------------------------------------------- views
    def action_view_sync_problems(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "shop_connector.shop_sync_log_action_problems"
        )
        action["domain"] = [("backend_id", "=", self.id), ("state", "=", "failed")]
        return action

    def action_queue_stock_update(self):
        self._queue_stock_update()
        return True
