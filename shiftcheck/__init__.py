"""shiftcheck: start- and end-of-shift self-checks that double as clock-in and clock-out."""

__version__ = "0.1.0"
