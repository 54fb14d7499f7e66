"""Integrity Casework's Django apps: one per process plus the shared domain apps."""
