"""Pure domain logic: types, money, dates, procurement rules. Imports nothing of ours above it."""
