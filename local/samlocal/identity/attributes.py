"""User attributes checked against the pool's schema, with Cognito's wording for what does not conform."""

from __future__ import annotations

from samlocal.identity.errors import InvalidParameter
from samlocal.identity.pool import PoolSettings

STANDARD = frozenset(
    {
        "address",
        "birthdate",
        "email",
        "email_verified",
        "family_name",
        "gender",
        "given_name",
        "locale",
        "middle_name",
        "name",
        "nickname",
        "phone_number",
        "phone_number_verified",
        "picture",
        "preferred_username",
        "profile",
        "updated_at",
        "website",
        "zoneinfo",
    }
)
# Only an administrator may vouch for an address; a user proves theirs with the confirmation code.
_ADMIN_ONLY = frozenset({"email_verified", "phone_number_verified"})


def new_user_attributes(
    settings: PoolSettings, email: str, given: dict[str, str], *, by_admin: bool, require: bool
) -> dict[str, str]:
    """The attributes a new user starts with: email is the username, so it comes from Username."""
    if given.get("email", email) != email:
        raise InvalidParameter("The email attribute must be the same as the Username, which is an email.")
    writable = STANDARD | {f"custom:{name}" for name in settings.schema_attributes - STANDARD}
    if not by_admin:
        writable -= _ADMIN_ONLY
    problems = [f"{name}: Attribute does not exist in the schema." for name in given if name not in writable]
    values = {**given, "email": email}
    if require:
        problems += [f"{name}: The attribute is required" for name in missing_required(settings, values)]
    if problems:
        raise InvalidParameter("Attributes did not conform to the schema: " + "\n".join(problems))
    if values.get("email_verified", "false") not in ("true", "false"):
        raise InvalidParameter("email_verified must be true or false")
    return {"email_verified": "false", **values}


def missing_required(settings: PoolSettings, values: dict[str, str]) -> list[str]:
    return [name for name in settings.required_attributes if not values.get(name)]
