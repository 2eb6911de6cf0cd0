"""Onboarding from Excel: templates, dry runs with a per-row report, all-or-nothing apply."""
