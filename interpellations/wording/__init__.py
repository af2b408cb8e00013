"""Sentences in French and Dutch for the domain's codes, states and actions."""
