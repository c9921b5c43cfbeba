"""Developer tools: python -m tools bench | staff-bench | soak | readability. See `python -m tools --help`."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools", description="SEND parent guide developer tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("bench", help="benchmark against a stock `rasa init` assistant; writes docs/benchmark.md")
    soak = sub.add_parser("soak", help="50 conversations for 5 minutes with hand-offs; writes docs/soak.md")
    soak.add_argument("--minutes", type=float, default=5)
    soak.add_argument("--users", type=int, default=50)
    sub.add_parser("staff-bench", help="the staff view with 10,000 enquiries and 100,000 conversations in "
                   "PostgreSQL; writes its section of docs/benchmark.md")
    reading = sub.add_parser("readability", help="the Flesch-Kincaid grade of every answer, hardest first")
    reading.add_argument("--show", type=int, default=25)
    args = parser.parse_args(argv)
    if args.command == "readability":
        from tools import readability

        return readability.main(args.show)

    if args.command == "staff-bench":
        from tools import staff_bench

        return staff_bench.main()
    from tools import bench

    if args.command == "bench":
        return bench.bench()
    return bench.soak(minutes=args.minutes, users=args.users)


if __name__ == "__main__":
    sys.exit(main())
