"""The SQLite index derived from git: lists, search, history, agenda."""
