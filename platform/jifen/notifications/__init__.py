"""Notifications through pluggable channels: in-app always, e-mail when configured."""
