"""Jifen: a multi-tenant platform for points-based governance schemes (积分制管理)."""

__version__ = "0.1.0"
