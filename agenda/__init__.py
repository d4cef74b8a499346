"""Appointments on a case (intake, voortgangsgesprek, eindgesprek, overleg) and the consultant's calendar."""
