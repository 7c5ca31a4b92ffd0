"""What every benchmark against a running Odoo needs: arguments, login, one call helper."""

import argparse
import sys
import xmlrpc.client


def parser(description):
    result = argparse.ArgumentParser(description=description)
    result.add_argument("--url", default="http://127.0.0.1:8069")
    result.add_argument("--db", required=True)
    result.add_argument("--login", default="admin")
    result.add_argument("--password", default="admin", help="password or API key")
    return result


def connect(args):
    """Log in; returns ``call(model, method, *args, **kwargs)`` over XML-RPC."""
    uid = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common").authenticate(
        args.db, args.login, args.password, {}
    )
    if not uid:
        sys.exit("authentication failed")
    proxy = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *params, **kw):
        return proxy.execute_kw(args.db, uid, args.password, model, method, list(params), kw)

    call.uid = uid
    return call


def grant_api(call, model, record_id):
    """Make the bench user an API user of the order source of ``model`` ``record_id``
    (the kernel's API group plus the source's list of API users)."""
    rows = call(
        "ir.model.data",
        "search_read",
        [("module", "=", "clearhouse_order"), ("name", "=", "clearhouse_order_group_api")],
        fields=["res_id"],
    )
    call("res.users", "write", [call.uid], {"groups_id": [(4, rows[0]["res_id"])]})
    call(model, "write", [record_id], {"api_user_ids": [(4, call.uid)]})
