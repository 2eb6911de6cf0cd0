class AuthenticationFailed(Exception):
    """Credentials were wrong; the message is safe to show."""
