"""Tenants: one PostgreSQL schema per county, enterprise, school, village or bureau."""
