"""A tenant's rulesets: versions (draft → published, immutable), forks of templates, and
which ruleset scores the subjects under each org unit."""
