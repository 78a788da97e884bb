"""Use cases: load rows (locking where needed), ask the domain, change rows, record the audit
event, queue e-mail, flush. Services never commit, flash or build URLs: the caller commits."""
