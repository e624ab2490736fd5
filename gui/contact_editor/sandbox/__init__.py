"""A loopback fake of HubSpot's CRM v3 contacts API, for the demo mode and for tests.

Standard library only (no Qt). See `sandbox.Sandbox` for the test hooks, `behaviour` for every
choice made where HubSpot's real behaviour is unverified, and `python -m contact_editor.sandbox`
for a standalone server.
"""

from contact_editor.sandbox.behaviour import DEMO_TOKEN
from contact_editor.sandbox.faults import Gate
from contact_editor.sandbox.recording import RecordedRequest
from contact_editor.sandbox.sandbox import Sandbox
from contact_editor.sandbox.seed import Seed, SeedError

__all__ = ["DEMO_TOKEN", "Gate", "RecordedRequest", "Sandbox", "Seed", "SeedError"]
