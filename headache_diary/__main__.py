from headache_diary.app import main

raise SystemExit(main())
