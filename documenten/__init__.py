"""Documents kept on a case, and letters written from templates and kept as PDF."""
