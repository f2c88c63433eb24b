"""``python -m cliffcite``: the command line, :func:`cliffcite.cli.main`."""

import sys

try:
    from cliffcite.cli import main
except KeyboardInterrupt:  # Ctrl-C while the modules load: the message of a run stopped
    print("cliffcite: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
