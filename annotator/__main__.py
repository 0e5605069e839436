"""Allow ``python -m annotator``, which tests use to run the CLI of the checkout under test."""

from annotator.cli import main

raise SystemExit(main())
