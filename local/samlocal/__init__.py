"""samlocal: a SAM template run whole on one machine, with no AWS account and no Docker.

It knows SAM templates, API Gateway REST APIs, Lambda execution environments and a Cognito user pool, and nothing
of the application it serves: functions are reached only through the handler paths the template names, and what
differs locally reaches them through an env-vars file in the format of `sam local start-api --env-vars`."""
