"""`python -m shiftcheck` runs the command line."""

from shiftcheck.cli import main

if __name__ == "__main__":
    main()
