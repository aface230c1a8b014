"""Peewee storage, migrations and the service layer."""
