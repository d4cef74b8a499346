"""Forms of the consultant workspace, one module per area (registratie, intake, pip)."""
