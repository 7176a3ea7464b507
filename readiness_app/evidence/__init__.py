"""The evidence folder: listing, ignoring, classifying, hashing, reconciling and watching it.

No Qt here. The desktop app drives `watcher.EvidenceWatcher` and calls
`reconcile.reconcile`; the command line does the same from `cli/evidence.py`.
"""
