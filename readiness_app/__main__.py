import sys

from readiness_app.cli import main

sys.exit(main())
