"""Admin for health intake records and their access log."""
