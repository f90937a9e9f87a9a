"""Imports every command module so each registers on the app."""

from campus.cli import deploy, gate, promote, stacks, synth  # noqa: F401
from campus.cli.app import app
from campus.cli.lab import lab_app

app.add_typer(lab_app, name="lab")
