"""Exit codes of the `warta` command."""

OK, NOTHING, USAGE, PARTIAL = 0, 1, 2, 3
