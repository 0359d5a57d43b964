"""URLs of the home app."""

urlpatterns = []
