"""The catalog's admin: listings scoped per school (listings.py, scoping.py), CSV resources, staff memberships."""

from . import listings, memberships  # noqa: F401  (registers the model admins)
