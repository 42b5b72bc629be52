import sys

try:
    from bibtools.cli import main
except KeyboardInterrupt:  # Ctrl-C while the modules load: one line, as main() does
    print("bibtools: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
