"""A consultant's tasks: own PIP actions and tasks made for oneself or a colleague."""
