"""The rules of the coordination, pure functions over the record (no git)."""
