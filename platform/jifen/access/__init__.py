"""Users and API tokens (in the public schema for operators, in each tenant for its people)."""
