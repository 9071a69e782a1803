"""The bundle's entry point: the same ``main`` as the ``headache-diary`` console script."""

from headache_diary.app import main

raise SystemExit(main())
