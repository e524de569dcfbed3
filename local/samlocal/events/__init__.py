"""A local EventBridge: PutEvents over AWS JSON 1.1, buses and rules from the template, EventBridge's event
patterns, and delivery to Lambda targets as asynchronous invocations from a queue that survives restarts."""

from samlocal.events.service import LocalEventBridge

__all__ = ["LocalEventBridge"]
