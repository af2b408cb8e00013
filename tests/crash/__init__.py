"""Helpers of the store tests: what a person checks with git, and the crash child."""
