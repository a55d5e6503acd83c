"""`python -m warta`: the command line."""

from warta.cli import main

raise SystemExit(main())
