import sys
from pathlib import Path

# Test the package from the source tree (python/), whatever the working directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
