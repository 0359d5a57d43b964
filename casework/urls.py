"""URLs of the casework app."""

urlpatterns = []
