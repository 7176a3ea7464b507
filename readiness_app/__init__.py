"""readiness-app: gets a council's adult social care department ready for CQC's
on-site assessment and carries it through visit week."""

__version__ = "0.1.0"
