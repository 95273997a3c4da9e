"""The kiosk: the Textual app staff use on the store terminal."""
