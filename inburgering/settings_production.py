"""Production settings (being written): the base settings plus HSTS, secure cookies and redirects."""

from .settings import *  # noqa: F403
