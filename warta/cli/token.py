"""`warta token create|list|revoke`: access tokens for the API's write and admin endpoints (and for reading,
when `WARTA_READ_ACCESS=required`). Only their hashes are stored; a new token is printed once."""

from __future__ import annotations

import argparse
import sys

from warta.cli.args import whole_number
from warta.cli.codes import OK
from warta.settings import Settings
from warta.store.tokens import SCOPES


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `token` command."""
    token = sub.add_parser("token", help="access tokens for the API: create, list, revoke")
    actions = token.add_subparsers(required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a token and print it (once)")
    create.add_argument("name", help="who or what uses it (logged as `who` of its curation decisions)")
    create.add_argument("--scope", choices=SCOPES, default="read", help="read, write (ingest) or admin (curation)")
    create.set_defaults(run=_create)
    listing = actions.add_parser("list", help="list tokens (never their values)")
    listing.set_defaults(run=_list)
    revoke = actions.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("id", type=whole_number(1, 2**63 - 1), help="the token's id (see `warta token list`)")
    revoke.set_defaults(run=_revoke)


def _create(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        token, plain = store.create_token(args.name, args.scope)
    print(plain)
    print(
        f"warta: token {token.id} ({token.name}, scope {token.scope}) created; copy it now, it is not shown again",
        file=sys.stderr,
    )
    return OK


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        found = store.tokens()
    for t in found:
        state = f"revoked {t.revoked}" if t.revoked else "valid"
        print(f"{t.id}\t{t.name}\t{t.scope}\tcreated {t.created}\tlast used {t.last_used or 'never'}\t{state}")
    return OK


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        token = store.revoke_token(args.id)
    print(f"token {token.id} ({token.name}) revoked at {token.revoked}")
    return OK
