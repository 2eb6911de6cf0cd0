"""Demo tenants, one per family in DOMAIN.md, with realistic Chinese names and data."""

from jifen.demo.provision import DemoLogins, provision_demo

__all__ = ["DemoLogins", "provision_demo"]
