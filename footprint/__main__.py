import os
import sys

# OpenBLAS starts a thread per core when numpy is imported; no command does linear algebra on matrices big
# enough to use them, and starting them costs 0.05 s of a cold run's 0.7 s CPU. A value set by the user wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from footprint.cli import main

sys.exit(main())
