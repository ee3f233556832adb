"""Run the attribution CLI from a checkout: ``python cli.py extract seeds/``."""
from attribution.cli import main

if __name__ == "__main__":
    main()
