from django.db import models


class KeyCheck(models.Model):
    """One sample encrypted with the key in use when the first ID number was stored: start-up
    decrypts it to tell a wrong key before anyone reads a record (checks.py)."""

    sample = models.TextField()

    def __str__(self):
        return "KeyCheck"
