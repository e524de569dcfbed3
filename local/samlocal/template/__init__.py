"""template.yaml as typed models: YAML with CloudFormation tags, intrinsics resolved with local values, the
functions with their environments, and the APIs with their routes and authorizers."""
