"""Visit week and after: learning log, nightly bulletin, CQC requests,
factual accuracy check, published outcome and improvement plan.

The records live in `readiness_app.register` (learning, requests, accuracy,
outcome, improvement, and the working-day arithmetic, date windows and summary
they need); this package holds what is built from them: the bulletin, the
printed and spreadsheet submissions, the CLI.
"""
