"""Widgets, dialogs and the main window."""
