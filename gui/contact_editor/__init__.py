"""HubSpot Contact Editor: open one contact, edit it in a typed form, save it safely."""

__version__ = "0.1.0"
