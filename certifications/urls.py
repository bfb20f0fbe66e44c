from django.urls import path

from . import views

app_name = "certifications"

urlpatterns = [
    path("", views.CredentialListView.as_view(), name="credential_list"),
    path("compare/", views.CredentialCompareView.as_view(), name="credential_compare"),
    path("<slug:slug>/", views.CredentialDetailView.as_view(), name="credential_detail"),
]
