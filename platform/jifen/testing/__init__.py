"""Test support shipped with the package, so that `pytest` works from any checkout."""
