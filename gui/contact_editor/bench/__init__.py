"""The performance benchmark: `python -m contact_editor.bench` (see `__main__` and the README).

For each portal size it starts the sandbox with a generated portal in a process of its own
(`server`), then runs the app in fresh child processes: cold starts against a bare PySide6 window
and peak memory with a contact loaded (`child`), and one session on the real window that presses
Load, loads another contact, saves an edit and types into the filter box, probing the GUI thread
for stalls (`session`). `report` turns the figures into the table and checks them against the
issue's targets. Nothing here is imported by the app.
"""
