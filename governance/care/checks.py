"""Start-up checks of the personal-data key: missing or malformed stops the settings from loading
(apps.py); a key that is not the one the stored numbers were encrypted with is found here, by
decrypting one stored sample, and stops `runserver`, `migrate` and `check` with an error."""

from django.core import checks
from django.db import DatabaseError

from governance.care import crypto
from governance.care.models import KeyCheck, Resident

SAMPLE_TEXT = "civicgrid"


def stored_sample() -> str | None:
    sample = KeyCheck.objects.values_list("sample", flat=True).first()
    if sample:
        return sample
    return (
        Resident.objects.exclude(id_number_encrypted="")
        .values_list("id_number_encrypted", flat=True)
        .first()
    )


def ensure_key_sample(**kwargs) -> None:
    """After migrate: keep a sample encrypted with the key in use, if none is kept yet."""
    if not KeyCheck.objects.exists():
        KeyCheck.objects.create(sample=crypto.encrypt(SAMPLE_TEXT))


@checks.register()
def personal_data_key_opens_stored_data(app_configs=None, **kwargs):
    try:
        crypto.require_key()
    except crypto.PersonalDataKeyError as error:
        return [checks.Error(str(error), id="care.E001")]
    try:
        sample = stored_sample()
    except DatabaseError:
        return []  # no tables yet (before the first migrate)
    if sample is None:
        return []
    try:
        crypto.decrypt(sample)
    except crypto.PersonalDataKeyError as error:
        return [
            checks.Error(
                str(error),
                hint="PERSONAL_DATA_KEY 必须是加密这些数据时使用的密钥 (或把它放在逗号分隔列表中)",
                id="care.E002",
            )
        ]
    return []
