"""Nothing from `cases` is registered in the Django admin, on purpose.

Every model here is personal data of a statushouder (or hangs off one), and the admin's user, the
beheerder, has no access to personal data by default (DESIGN.md §2). The admin would also bypass the
`for_user` querysets and the audit log that every read of a dossier must go through. Cases are seen
and changed only through the application's own views and services.
"""
