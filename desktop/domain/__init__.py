"""Domain records and their validation (pure Python, no Qt, no SQL)."""
