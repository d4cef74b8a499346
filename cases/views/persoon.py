"""The personal data of a case: contact data, nationality and languages, AZC and overdracht notes."""

urlpatterns = []
