"""Food-ordering backend: Users and Orders APIs for AWS Lambda, runnable whole on one machine."""
