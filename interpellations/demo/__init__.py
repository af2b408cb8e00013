"""The demo coordination: fictional people, authorities and a year of history."""
