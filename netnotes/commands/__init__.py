"""The click commands, a module per family; `netnotes.cli` gathers them into
the `netnotes` group. Like cli.py, only these modules print, exit, read the
clock or the environment, or import click."""
