"""The search box in the header: BSN, the last digits of the masked BSN, a name, a letter kenmerk."""

urlpatterns = []
