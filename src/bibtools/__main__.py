from bibtools.cli import main

raise SystemExit(main())
