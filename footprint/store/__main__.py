"""Administer a store from the shell: ``python -m footprint.store [--store URL] COMMAND``.

Commands: ``migrate`` (bring the schema up to date), ``team --admin NAME --who NAME`` (turn team
mode on), ``role NAME ROLE --who NAME`` (give someone a role), ``people`` (list them). Errors are
one sentence on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys

from footprint.dataset import DEFAULT_DATA_DIR
from footprint.store import ROLES, PermissionDenied, Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m footprint.store", description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=None, help="file path, sqlite:///… or postgresql://… (default: "
                        "FOOTPRINT_STORE, secrets.toml, FOOTPRINT_WORKSPACE, then workspace/footprint.sqlite)")
    parser.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="the curated data directory")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the store's schema up to date")
    team = commands.add_parser("team", help="turn team mode on, with an admin")
    team.add_argument("--admin", required=True)
    team.add_argument("--who", required=True, help="who is doing this (an admin once team mode is on)")
    role = commands.add_parser("role", help="give a person a role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--who", required=True)
    commands.add_parser("people", help="list the store's people and roles")
    args = parser.parse_args(argv)
    try:
        store = Store(args.store, curated_dir=args.data)
        if args.command == "team":
            store.enable_team(admin=args.admin, who=args.who)
        elif args.command == "role":
            store.set_role(args.name, args.role, who=args.who)
        elif args.command == "people":
            for person in store.people().itertuples(index=False):
                print(f"{person.name}\t{person.role}")
        print(f"{store!r}: schema up to date; team mode {'on' if store.team() else 'off'}", file=sys.stderr)
    except (PermissionDenied, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
