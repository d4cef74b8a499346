"""Dated notes on a case, fixed after a short while (a correction is a new note)."""
