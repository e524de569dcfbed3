"""A local API Gateway (REST APIs): routing, proxy events, TOKEN and Cognito authorizers, gateway responses."""
