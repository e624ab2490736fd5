"""HubSpot HTTP client and typed models. No Qt here."""
