"""The approvals inbox: every change waiting for the reader's decision, on one page."""
