"""Deadlines as rows: publicity ends, objection answers due, sub-period and period ends,
reminders. A frequent sweep takes due rows with `FOR UPDATE SKIP LOCKED` and runs each
handler in the row's own transaction, so a crash leaves the row due and a second worker
never takes the same row."""
