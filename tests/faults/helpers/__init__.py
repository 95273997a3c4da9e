"""Small programs the fault tests run as separate processes."""
