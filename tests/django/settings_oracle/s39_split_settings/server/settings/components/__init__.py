from pathlib import Path

BASE_DIR = Path(__file__).parent.parent.parent.parent
