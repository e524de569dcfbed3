"""The served stack: every API and the identity provider on one loopback socket."""
