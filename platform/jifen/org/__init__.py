"""The organisation tree and the roles people hold in it."""
