"""The accounts blueprint, shared by its view modules (sign-in, own account, users)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
