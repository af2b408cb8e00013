"""The acts: one pipeline that checks and commits, and each act's declaration."""
