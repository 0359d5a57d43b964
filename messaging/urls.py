"""URLs of the messaging app."""

urlpatterns = []
