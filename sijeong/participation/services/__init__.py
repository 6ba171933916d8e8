"""Participation services: every write, keyword-only, atomic and audited."""
