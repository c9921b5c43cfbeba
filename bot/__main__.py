"""Command line: python -m bot <command>. See `python -m bot --help`. The benchmark and soak are developer tools:
`python -m tools bench|soak`."""

from __future__ import annotations

import argparse
import sys

from bot import settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="SEND parent guide tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build-responses", help="write data/responses/generated.yml from knowledge/")
    sub.add_parser("build-spacy", help="build the project's spaCy pipeline into build/")
    sub.add_parser("load-knowledge", help="migrate the database and load knowledge/ into it")
    report = sub.add_parser("knowledge-report", help="every fact by review date and status, old ones flagged")
    report.add_argument("--max-age-months", type=int, default=12)
    run = sub.add_parser("run", help="start Rasa, the action server and the web server")
    run.add_argument("--web-port", type=int, default=0, help="web server port (0: any free port)")
    purge = sub.add_parser("purge", help="retention: delete old conversations and closed enquiries")
    purge.add_argument("--conversation-days", type=int, default=None)
    purge.add_argument("--enquiry-days", type=int, default=None)
    purge.add_argument("--audit-days", type=int, default=None, help="default: the enquiry retention period")
    sub.add_parser("send-outbox", help="send team emails about new enquiries that could not be sent yet")
    staff = sub.add_parser("create-staff", help="create or reset an adviser account for the staff view")
    staff.add_argument("email")
    staff.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    role = staff.add_mutually_exclusive_group()
    role.add_argument("--admin", action="store_true", default=None,
                      help="an admin: can also read and export the audit log")
    role.add_argument("--not-admin", dest="admin", action="store_false", help="remove admin rights")
    staff.add_argument("--areas", default=None,
                       help="the council areas whose enquiries they see, as GSS codes or names, comma-separated "
                            "(e.g. E08000035,E06000010; 'none': enquiries with no area). Admins see every area")
    web = sub.add_parser("web", help="start only the web server (demo page, widget, staff view)")
    web.add_argument("--port", type=int, default=8080)
    table = sub.add_parser("settings-table", help="write docs/deployment.md's table of settings from bot/settings.py")
    table.add_argument("--check", action="store_true", help="only say whether it is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    try:
        return command(args)
    except settings.SettingsError as error:
        print(f"Settings: {error}", file=sys.stderr)
        return 2


def command(args: argparse.Namespace) -> int:
    if args.command == "build-responses":
        from bot.build import build_responses

        changed = build_responses.write()
        print("written: " + (", ".join(str(p.relative_to(build_responses.ROOT)) for p in changed)
                             or "nothing (up to date)"))
    elif args.command == "build-spacy":
        from bot.build import nlp_pipeline

        print(f"spaCy pipeline written to {nlp_pipeline.build()}")
    elif args.command == "load-knowledge":
        from bot.store import loader

        counts = loader.load_all()
        print("knowledge loaded: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    elif args.command == "knowledge-report":
        from bot.build import knowledge_report

        print(knowledge_report.report(args.max_age_months))
    elif args.command == "purge":
        from bot.store import retention

        days = settings.current().retention
        counts = retention.purge_all(args.conversation_days or days.conversations,
                                     args.enquiry_days or days.enquiries,
                                     args.audit_days or days.audit)
        print("deleted: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    elif args.command == "send-outbox":
        from bot.store import migrate, notify

        migrate.upgrade()
        result = notify.deliver()
        print(f"team emails: sent={result.sent} failed={result.failed} waiting={result.waiting}")
        if not settings.current().smtp.host:
            print("SEND_SMTP_HOST is not set, so nothing can be sent", file=sys.stderr)
        return 1 if result.waiting else 0
    elif args.command == "create-staff":
        import getpass

        from bot.store import migrate, staff_accounts, staff_auth

        migrate.upgrade()
        try:
            chosen = None if args.areas is None else staff_accounts.parse_areas(args.areas)
        except ValueError as error:
            print(f"Not created: {error}", file=sys.stderr)
            return 2
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
        try:
            staff_auth.create_user(args.email, password, admin=args.admin)
        except ValueError as error:
            print(f"Not created: {error}", file=sys.stderr)
            return 2
        if chosen is not None:
            staff_accounts.set_areas_by_email(args.email, chosen)
        print(f"Staff account ready: {args.email}" + (" (admin)" if args.admin else "")
              + (f"; areas: {', '.join(chosen) or 'none'}" if chosen is not None else ""))
    elif args.command == "run":
        from bot.web import runner

        return runner.run(web_port=args.web_port)
    elif args.command == "settings-table":
        from bot.build import settings_table

        if args.check:
            fresh = settings_table.is_up_to_date()
            print(f"{settings_table.DOC.relative_to(settings.ROOT)}: " + ("up to date" if fresh else "out of date"))
            return 0 if fresh else 1
        written = settings_table.write()
        print(f"{settings_table.DOC.relative_to(settings.ROOT)}: " + ("written" if written else "up to date"))
    elif args.command == "web":
        from bot.store import migrate
        from bot.web import server

        migrate.upgrade()
        server.serve(port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
