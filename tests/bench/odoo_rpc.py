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
