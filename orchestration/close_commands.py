"""`billops close`, `billops export` and `billops diff`: periods frozen for the controllers and auditors.

The command line (orchestration/cli.py) registers these with its own way of reading the settings
flags; every user error is a CloseError, one line on stderr. What the commands need is imported
when one runs, so that registering them costs `billops run` nothing.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path

from contract.closes import LATEST, CloseError, closes_folder
from orchestration.settings import Settings

AddFlags = Callable[[argparse.ArgumentParser, tuple[str, ...]], None]
ReadSettings = Callable[[argparse.Namespace], Settings]


def _user() -> str:
    try:
        return getpass.getuser()  # $LOGNAME, $USER, ..., then the password database
    except OSError:
        return ""


def _folder(settings: Settings) -> Path:
    return closes_folder(settings.warehouse.parent)


def _list(settings: Settings) -> None:
    from orchestration.closes import list_closes

    closes = list_closes(_folder(settings))
    if not closes:
        print(f"no closes in {_folder(settings)} yet")
        return
    print(f"{'period':<8} {'state':<9} {'run':<38} {'as of':<10} {'closed at (UTC)':<19} {'by':<12} "
          f"{'findings':>8} checksum")
    for close in closes:
        print(f"{close.period:<8} {'in force' if close.in_force else 'replaced':<9} {close.run_id:<38} "
              f"{close.as_of.isoformat():<10} {close.closed_at:%Y-%m-%d %H:%M:%S} {close.closed_by:<12.12} "
              f"{close.row_counts.get('history.exceptions', 0):>8} {close.checksum[:12]}"
              f"{f'  (erased {close.erased_at:%Y-%m-%d})' if close.erased_at else ''}")


def cmd_close(args: argparse.Namespace, settings: Settings) -> None:
    from orchestration.closes import freeze

    if args.list:
        _list(settings)
        return
    if not args.period:
        raise CloseError("--period YYYY-MM is needed (or --list)")
    close = freeze(settings.warehouse, _folder(settings), args.period, run_id=args.run, replace=args.replace,
                   closed_by=args.by or _user(), fallback_currency=settings.reporting_currency)
    replaced = f"; the close of {close.replaces_closed_at:%Y-%m-%d %H:%M:%S} UTC is kept under replaced/" \
        if close.replaces_closed_at else ""
    print(f"closed {close.period}: run {close.run_id} as of {close.as_of}, "
          f"{close.row_counts.get('history.exceptions', 0)} findings, {len(close.row_counts)} tables, "
          f"checksum {close.checksum[:12]}, in {close.path}{replaced}")


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    from orchestration.closes import export

    counts = export(_folder(settings), settings.warehouse, args.close, Path(args.out).resolve(),
                    settings.reporting_currency)
    print(f"exports of {'the latest run' if args.close == LATEST else 'close ' + args.close} written to "
          f"{Path(args.out).resolve()}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


def cmd_diff(args: argparse.Namespace, settings: Settings) -> None:
    from orchestration.closes import currency_of, state_file
    from orchestration.exports import shown, write_csv
    from orchestration.findings_diff import CSV_COLUMNS, csv_rows, diff, read_findings, render, totals

    folder = _folder(settings)
    paths = [state_file(folder, settings.warehouse, name) for name in (args.first, args.last)]
    currencies = {currency_of(path, name, settings.reporting_currency)
                  for path, name in zip(paths, (args.first, args.last), strict=True)}
    if len(currencies) > 1:
        raise CloseError(f"{args.first} and {args.last} report in {' and '.join(sorted(currencies))}: "
                         "their money at risk cannot be compared")
    changes = diff(read_findings(paths[0]), read_findings(paths[1]))
    print("\n".join(render(totals(changes), args.first, args.last, currencies.pop())))
    if args.out:
        out = Path(args.out).resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        write_csv(out, CSV_COLUMNS, shown(CSV_COLUMNS, csv_rows(changes)))
        print(f"{len(changes)} changed findings written to {out}")


def register(commands: argparse._SubParsersAction, add_flags: AddFlags, read_settings: ReadSettings) -> None:
    """Add the three commands to `billops`; `add_flags` and `read_settings` are the CLI's own."""
    def handler(command: Callable[[argparse.Namespace, Settings], None]) -> Callable[[argparse.Namespace], None]:
        return lambda args: command(args, read_settings(args))

    close = commands.add_parser("close", help="freeze the latest successful run's results as a period's close "
                                              "(marts and findings queue), for the dashboard and exports")
    close.add_argument("--period", metavar="YYYY-MM", help="the month closed, e.g. 2026-10")
    close.add_argument("--run", metavar="RUN_ID", help="the run to freeze (default and only choice: the latest "
                                                       "successful run, the state the warehouse holds)")
    close.add_argument("--replace", action="store_true", help="close a closed period again (the replaced close "
                                                              "is kept under closes/replaced/)")
    close.add_argument("--by", default="", help="who closes (default $USER)")
    close.add_argument("--list", action="store_true", help="list the closes, in force and replaced")
    add_flags(close, ("warehouse", "reporting_currency"))
    close.set_defaults(handler=handler(cmd_close))

    export_ = commands.add_parser("export", help="write the five exports of a close (as its run wrote them) "
                                                 "or of the latest run")
    export_.add_argument("--close", default=LATEST, metavar="YYYY-MM|latest", help="default: latest")
    export_.add_argument("--out", required=True, metavar="DIR", help="folder the exports are written to")
    add_flags(export_, ("warehouse", "reporting_currency"))
    export_.set_defaults(handler=handler(cmd_export))

    changed = commands.add_parser("diff", help="findings opened, resolved and changed in amount between two "
                                               "closes (or a close and the latest run), with totals per rule")
    changed.add_argument("--from", dest="first", required=True, metavar="YYYY-MM|latest")
    changed.add_argument("--to", dest="last", default=LATEST, metavar="YYYY-MM|latest", help="default: latest")
    changed.add_argument("--out", metavar="FILE.csv", help="also write one row per changed finding")
    add_flags(changed, ("warehouse", "reporting_currency"))
    changed.set_defaults(handler=handler(cmd_diff))
