"""The points ledger (台账): events, accounts and append-only, hash-chained entries."""
