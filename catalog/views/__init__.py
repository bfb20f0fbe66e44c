"""Catalog views, one module per page family; urls.py imports them from here."""

from .pages import HomeView, InstitutionDetailView, ProgramDetailView, healthz
from .search import ProgramListView

__all__ = ["HomeView", "InstitutionDetailView", "ProgramDetailView", "ProgramListView", "healthz"]
