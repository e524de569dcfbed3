"""Lambda execution environments: one invoker seam, with worker processes (the served stack) and in-process
(tests) behind it, and hot reload of changed code."""
