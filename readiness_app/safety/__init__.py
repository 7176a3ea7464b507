"""Data safety and privacy: backups, integrity, encryption, the personal-data guard
and where a register may live. Nothing here imports Qt."""
