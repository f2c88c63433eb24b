from cliffcite.cli import main

raise SystemExit(main())
