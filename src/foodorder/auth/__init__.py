"""Verification of Cognito ID tokens for the Users API's TOKEN authorizer: keys, tokens, policies."""
