"""The work before the visit that is not evidence filing: the information return,
the data pack of figures and the self-assessment cycle (command line)."""
