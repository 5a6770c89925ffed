from droneline.cli import main

raise SystemExit(main())
