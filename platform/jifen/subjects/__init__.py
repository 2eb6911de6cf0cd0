"""Subjects that can be scored: people, households, businesses and org units."""
