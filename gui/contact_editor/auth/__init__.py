"""Where the access token comes from and is kept. No Qt."""
