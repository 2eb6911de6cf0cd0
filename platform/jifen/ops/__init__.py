"""Operational self-checks visible to a tenant's administrators."""
