from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("", views.OccupationListView.as_view(), name="occupation_list"),
    path("<slug:slug>/", views.OccupationDetailView.as_view(), name="occupation_detail"),
]
