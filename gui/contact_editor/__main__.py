"""`python -m contact_editor` runs the app, like the `hubspot-contact-editor` command."""

from contact_editor.app import main

raise SystemExit(main())
