"""`billops`: run the pipeline, the demo and the dashboard; record analysts' decisions.

Every failure a user can cause (no landing folder, a missing column, a busy warehouse, a bad
setting) ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import os
import subprocess
import sys
from pathlib import Path

from contract.closes import CloseError, closes_folder
from orchestration import close_commands
from contract.decisions import HABITS, DecisionError
from orchestration.history import append_decision
from orchestration.daily_run import RunFailed, run_pipeline
from orchestration.settings import Settings, SettingsError, env_name, flag, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = Path("demo")
DEMO_AS_OF = "2026-11-27"
EXIT_COULD_NOT_RUN = 2


class CommandError(Exception):
    """One line for the user, exit code 2."""


# --------------------------------------------------------------------------- settings


def _add_setting_flags(parser: argparse.ArgumentParser, names: tuple[str, ...] | None = None) -> None:
    for name, field in Settings.model_fields.items():
        if names is None or name in names:
            default = "" if field.default is None else f" (default {field.default})"
            parser.add_argument(flag(name), dest=name, default=None, metavar=name.upper(),
                                help=f"{field.description}{default}; env {env_name(name)}")


def _settings_from(args: argparse.Namespace) -> Settings:
    """The flags given, then BILLOPS_* variables, then defaults."""
    return load_settings({name: getattr(args, name, None) for name in Settings.model_fields})


# --------------------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace) -> None:
    run_pipeline(_settings_from(args), args.process_ends_after)


def cmd_demo(args: argparse.Namespace) -> None:
    from seeds.generate import generate
    from seeds.shapes import UnknownShape, parse_shapes

    try:
        shapes = parse_shapes(args.shape)
    except UnknownShape as error:
        raise CommandError(str(error)) from None
    folder = Path(args.folder).resolve()
    landing = folder / "landing"
    shaped = f" with {', '.join(shapes)} as their connectors write them" if shapes else ""
    print(f"billops demo: writing demo landing data to {landing}{shaped}", flush=True)
    generate(landing, shapes=shapes)
    args.landing = args.landing or str(landing)
    args.warehouse = args.warehouse or str(folder / "warehouse.duckdb")
    args.exports = args.exports or str(folder / "exports")
    args.as_of = args.as_of or DEMO_AS_OF
    run_pipeline(_settings_from(args), args.process_ends_after)


# --------------------------------------------------------------------------- dashboard


def cmd_dashboard(args: argparse.Namespace) -> None:
    settings = _settings_from(args)
    if not settings.serving_warehouse.exists():
        print(f"No warehouse at {settings.warehouse} yet: the dashboard will say how to run the pipeline.")
    # the dashboard reads the serving copy, and records decisions where the next run reads them
    env = dict(os.environ, BILLOPS_SERVING_DB=str(settings.serving_warehouse),
               BILLOPS_DECISIONS=str(settings.decisions),
               BILLOPS_WRITE_OFF_APPROVAL_ABOVE=str(settings.write_off_approval_above))
    command = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboards" / "app.py"),
               "--server.port", str(args.port), "--server.address", args.address,
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    print(f"Dashboard on http://{args.address}:{args.port} (Ctrl+C stops it)", flush=True)
    try:
        subprocess.run(command, env=env, check=False)
    except KeyboardInterrupt:
        pass


# --------------------------------------------------------------------------- decisions


def _record(args: argparse.Namespace, decision: str, **ids: str) -> None:
    """Append one decision to the decisions file of the warehouse's settings."""
    settings = _settings_from(args)
    try:
        append_decision(settings.decisions, decision, analyst=args.analyst or os.environ.get("USER", ""),
                        note=args.note or "", role="analyst", source="cli", **ids)
    except DecisionError as error:
        raise CommandError(str(error)) from None
    print(f"{decision} recorded in {settings.decisions}; it applies from the next run on.")


def cmd_ack(args: argparse.Namespace) -> None:
    for exception_id in args.exception_ids:
        _record(args, "reopen" if args.reopen else "acknowledge", exception_id=exception_id)


def cmd_match(args: argparse.Namespace) -> None:
    _record(args, f"{args.action}_match", bank_txn_id=args.bank_txn_id, invoice_id=args.invoice_id)


def cmd_unlearn(args: argparse.Namespace) -> None:
    from decimal import Decimal, InvalidOperation

    value = (args.value or "").strip()
    if value and not args.habit:
        raise CommandError("--value needs --habit (a value is a payer name, token, amount or lag of one habit)")
    if value and args.habit == "short_pay":
        try:  # the learned amount is decimal text with 3 decimals: 15, 15.0 and 15.000 are the same
            value = str(Decimal(value).quantize(Decimal("0.001")))
        except InvalidOperation:
            raise CommandError(f"--value {args.value!r} is not an amount") from None
    _record(args, "unlearn", customer_id=args.customer, habit=args.habit or "", value=value)


def cmd_decisions_import(args: argparse.Namespace) -> None:
    """Record a worked exceptions file; exit 2 listing every rejected row (nothing recorded unless
    --skip-invalid)."""
    from contract.decision_sheet import SheetError
    from orchestration.decisions_import import import_sheet

    settings = _settings_from(args)
    try:
        checked, recorded = import_sheet(Path(args.file), settings.decisions, settings.serving_warehouse,
                                         analyst=args.analyst or os.environ.get("USER", ""), role=args.role,
                                         skip_invalid=args.skip_invalid)
    except SheetError as error:
        raise CommandError(f"{args.file}: {error}") from None
    for rejected in checked.rejected:
        print(f"row {rejected.row}: {rejected.reason}", file=sys.stderr)
    if recorded:
        print(f"{len(checked.decisions)} decisions from {checked.worked_rows - len(checked.rejected)} rows recorded "
              f"in {settings.decisions}; they apply from the next run on.")
    if checked.rejected:
        kept = "the other rows were recorded" if recorded else "nothing was recorded"
        raise CommandError(f"{len(checked.rejected)} of {checked.worked_rows} worked rows rejected; {kept}")
    if not checked.worked_rows:
        print(f"no row of {args.file} has a decision filled in: nothing to record.")


def cmd_backtest(args: argparse.Namespace) -> None:
    import datetime as dt

    from orchestration.backtest import BacktestError, backtest, match_settings, render

    settings = _settings_from(args)
    try:
        first, last = (dt.date.fromisoformat(d) if d else None for d in (args.first, args.last))
    except ValueError as error:
        raise CommandError(f"--from/--to: {error} (use YYYY-MM-DD)") from None
    matcher_settings = match_settings(settings.auto_apply_threshold, settings.bank_fee_tolerance)
    try:
        result = backtest(settings.warehouse, settings.decisions, matcher_settings, first, last)
    except BacktestError as error:
        raise CommandError(str(error)) from None
    print("\n".join(render(result, matcher_settings)))


def cmd_erase(args: argparse.Namespace) -> None:
    """GDPR erasure, applied to the warehouse, the serving copy, the exports and the closes at once."""
    from orchestration.closes import rewrite_closes
    from orchestration.erasure import ErasureError, erase_customer, erase_in_close
    from orchestration.exports import write_exports
    from orchestration.warehouse import WarehouseBusy, connect, promote, run_lock, start_building

    settings = _settings_from(args)
    if not settings.warehouse.exists():
        raise CommandError(f"no warehouse at {settings.warehouse}: run the pipeline first")
    try:
        with run_lock(settings):
            building = start_building(settings)
            con = connect(building, settings)
            try:
                erased = erase_customer(con, args.customer)
                write_exports(con, settings.exports, settings.reporting_currency)
            finally:
                con.close()
            # the closes first: an erase stopped half way is done again, and only the warehouse knows the names
            closes = rewrite_closes(closes_folder(settings.warehouse.parent),
                                    lambda close, record: erase_in_close(close, erased, record))
            promote(settings, building)
    except (ErasureError, WarehouseBusy) as error:
        raise CommandError(str(error)) from None
    print(f"customer {args.customer} pseudonymised: {erased.changed} values replaced, {closes} closes rewritten; "
          "later runs keep it erased.")


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="billops", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="sync every extract, build and test the models, match remittances, "
                                          "refresh the findings and write the exports")
    _add_setting_flags(run)
    run.set_defaults(handler=cmd_run)

    demo = commands.add_parser("demo", help="the same on the embedded demo data, written to ./demo")
    demo.add_argument("--folder", default=str(DEMO_DIR), help="where the demo data and results go (default ./demo)")
    demo.add_argument("--shape", default="", metavar="NAMES",
                      help="write the billing, CRM or ERP tables as these connectors do, comma-separated "
                           "(e.g. stripe,salesforce,quickbooks; docs/connectors.md)")
    _add_setting_flags(demo)
    demo.set_defaults(handler=cmd_demo)

    dashboard = commands.add_parser("dashboard", help="the Streamlit dashboard on a warehouse's results")
    _add_setting_flags(dashboard, ("warehouse", "decisions", "write_off_approval_above"))
    dashboard.add_argument("--port", type=int, default=int(os.environ.get("BILLOPS_PORT", "8501")),
                           help="port (default 8501; env BILLOPS_PORT)")
    dashboard.add_argument("--address", default=os.environ.get("BILLOPS_ADDRESS", "127.0.0.1"),
                           help="listen address (default 127.0.0.1: set a login before exposing it; "
                                "env BILLOPS_ADDRESS)")
    dashboard.set_defaults(handler=cmd_dashboard)

    ack = commands.add_parser("ack", help="acknowledge findings: they stay in the queue as acknowledged")
    ack.add_argument("exception_ids", nargs="+", metavar="EXCEPTION_ID")
    ack.add_argument("--reopen", action="store_true", help="take an acknowledgement back")
    match = commands.add_parser("match", help="confirm or reject a suggested remittance match, unlearn what the "
                                              "matcher learned, backtest the matcher")
    match_commands = match.add_subparsers(dest="action", required=True)
    decided = [(ack, cmd_ack)]
    for action, verb in (("confirm", "the bank line pays the invoice"), ("reject", "never suggest this pair again")):
        sub = match_commands.add_parser(action, help=verb)
        sub.add_argument("bank_txn_id")
        sub.add_argument("invoice_id")
        decided.append((sub, cmd_match))
    unlearn = match_commands.add_parser("unlearn", help="stop using what the matcher learned of a customer "
                                                        "(all of it, one habit, or one value)")
    unlearn.add_argument("--customer", required=True, metavar="CUSTOMER_ID", help="billing customer_id")
    unlearn.add_argument("--habit", choices=HABITS, help="only this habit (default: every habit)")
    unlearn.add_argument("--value", help="only this value: the payer name, token, short amount or lag in days")
    decided.append((unlearn, cmd_unlearn))
    for sub, handler in decided:
        sub.add_argument("--note", default="", help="why (kept in the decisions file)")
        sub.add_argument("--analyst", default="", help="who decided (default $USER)")
        _add_setting_flags(sub, ("warehouse", "decisions"))
        sub.set_defaults(handler=handler)
    replay = match_commands.add_parser("backtest", help="replay the matcher over a period's confirmed matches and "
                                                        "print, per rule, what it would auto-apply, suggest or miss")
    replay.add_argument("--from", dest="first", metavar="YYYY-MM-DD",
                        help="first value date (default: the earliest confirmed bank line's)")
    replay.add_argument("--to", dest="last", metavar="YYYY-MM-DD",
                        help="last value date (default: the latest confirmed bank line's)")
    _add_setting_flags(replay, ("warehouse", "decisions", "auto_apply_threshold", "bank_fee_tolerance"))
    replay.set_defaults(handler=cmd_backtest)

    decisions = commands.add_parser("decisions", help="record a worked exceptions file (decision, owner, note)")
    decision_commands = decisions.add_subparsers(dest="action", required=True)
    worked = decision_commands.add_parser("import", help="check every row of a worked exceptions.xlsx or .csv and "
                                                         "record them all, or none (exit 2, each rejected row listed)")
    worked.add_argument("file", metavar="FILE.xlsx|FILE.csv")
    worked.add_argument("--skip-invalid", action="store_true", help="record the valid rows, list the others")
    worked.add_argument("--analyst", default="", help="who decided (default $USER)")
    worked.add_argument("--role", default="analyst", choices=("analyst", "controller"),
                        help="the role the rows are checked for (a controller may approve write-offs)")
    _add_setting_flags(worked, ("warehouse", "decisions"))
    worked.set_defaults(handler=cmd_decisions_import)

    erase = commands.add_parser("erase", help="GDPR: pseudonymise a customer's personal data, now and in later runs")
    erase.add_argument("--customer", required=True, metavar="CUSTOMER_ID", help="billing customer_id")
    _add_setting_flags(erase, ("warehouse", "exports"))
    erase.set_defaults(handler=cmd_erase)
    close_commands.register(commands, _add_setting_flags, _settings_from)
    return parser


def main(argv: list[str] | None = None, process_ends_after: bool = False) -> int:
    """Run one command. `process_ends_after`: nothing else runs in this process after it (the
    `billops` command), so a run may keep what it loads for good and build in a process of its
    own started first (orchestration/daily_run.py)."""
    args = build_parser().parse_args(argv)
    args.process_ends_after = process_ends_after
    try:
        args.handler(args)
    except (CommandError, RunFailed, SettingsError, CloseError) as error:
        print(f"billops: error: {error}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    except KeyboardInterrupt:
        print("billops: interrupted", file=sys.stderr)
        return 130
    return 0


def console() -> None:
    """The `billops` command. It leaves without Python's interpreter teardown, which would free the
    many objects Dagster and dbt leave behind one by one; the exit handlers still run."""
    code = main(process_ends_after=True)
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    console()
