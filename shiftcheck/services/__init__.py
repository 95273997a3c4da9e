"""Use cases shared by the kiosk and the command line (never imports Textual)."""
