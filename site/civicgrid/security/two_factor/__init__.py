"""Optional two-step sign-in (TOTP app codes plus one-time backup codes) for admin users.

A user who has enrolled an authenticator must enter a code after the password before the
session counts as signed in; with ADMIN_2FA_REQUIRED, superusers must enrol before they can work.
"""
