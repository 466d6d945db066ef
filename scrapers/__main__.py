import sys

from scrapers.cli import main

sys.exit(main())
