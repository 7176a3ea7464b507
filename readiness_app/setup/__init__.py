"""Setting up a council's own visit: register settings, rooms, the CQC team and the timeline.

Stands on register/ (rooms, cqc_team, timeline), visit/ (working days) and
evidence/ (a moved evidence folder is reconciled).
"""
