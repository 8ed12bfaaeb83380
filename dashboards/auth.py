"""Optional login with three roles, configured in Streamlit secrets (see docs/dashboard.md).

Roles: viewer (reads), analyst (also acts on the queues), controller (also approves write-offs).

- OIDC: Streamlit's own `[auth]` section (st.login); roles by e-mail in `[billops.roles]`.
- Password: `[billops.users.<name>]` with `password_hash` (made by `python -m dashboards.auth`)
  and `role`.
- Neither: no login, and the dashboard refuses to serve unless it listens on localhost only; the
  local user (the account that started it) then acts as an analyst and sees every page.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import streamlit as st

# the same roles the decisions store enforces
from contract.decisions import ROLES

LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")
LoginMode = Literal["oidc", "password", "none"]
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_USER_KEY = "billops_user"


@dataclass(frozen=True)
class User:
    """Who is signed in. `local`: nobody is, on localhost; the user acts as an analyst and sees every page."""

    name: str
    role: str
    local: bool = False


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest_hex)


def _secrets() -> Mapping:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # no secrets.toml anywhere: no login configured
        return {}


def login_mode() -> LoginMode:
    config = _secrets()
    if "auth" in config:
        return "oidc"
    if config.get("billops", {}).get("users"):
        return "password"
    return "none"


def _password_login(users: Mapping) -> dict | None:
    if _USER_KEY in st.session_state:
        return st.session_state[_USER_KEY]
    st.title("Billing operations")
    with st.form("login"):
        name = st.text_input("User name")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        user = users.get(name)
        # Hash even for an unknown name so the response time does not reveal which names exist.
        stored = user.get("password_hash", "") if user else hash_password("unused")
        if user and verify_password(password, stored) and user.get("role") in ROLES:
            st.session_state[_USER_KEY] = {"name": name, "role": user["role"]}
            st.rerun()
        st.error("Wrong user name or password.")
    return None


def _oidc_login(roles: Mapping) -> dict | None:
    if not st.user.get("is_logged_in", False):
        st.title("Billing operations")
        st.button("Log in", on_click=st.login, type="primary")
        return None
    email = str(st.user.get("email", ""))
    role = roles.get(email)
    if role not in ROLES:
        st.error(f"{email} has no role on this dashboard: ask an administrator to add it to [billops.roles].")
        st.button("Log out", on_click=st.logout)
        return None
    return {"name": email, "role": role}


def require_login() -> User:
    """The signed-in user; otherwise renders the login (or refusal) and stops the script."""
    mode = login_mode()
    config = _secrets().get("billops", {})
    if mode == "none":
        address = st.get_option("server.address")
        if address not in LOCAL_ADDRESSES:
            st.error("No login is configured, so this dashboard only serves on localhost. Start it with "
                     "`billops dashboard` (or `--server.address 127.0.0.1`), or configure a login "
                     "as described in docs/dashboard.md.")
            st.stop()
        return User(getpass.getuser(), "analyst", local=True)
    user = _oidc_login(config.get("roles", {})) if mode == "oidc" else _password_login(config["users"])
    if user is None:
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {user['name']} ({user['role']})")
        if st.button("Log out"):
            if mode == "oidc":
                st.logout()
            st.session_state.pop(_USER_KEY, None)
            st.rerun()
    return User(user["name"], user["role"])


if __name__ == "__main__":
    # Prints a hash for [billops.users.<name>].password_hash; the password never reaches the shell history.
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise SystemExit("The two passwords differ.")
    print(hash_password(first))
