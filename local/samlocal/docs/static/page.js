// One Swagger UI per OpenAPI document, and a sign-in form that gives every one of them the ID token.
// The token is kept in the page (localStorage) until it expires or the user signs out.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("docs-config").textContent);
  const TOKEN_KEY = "samlocal.docs.idToken";
  const CLAIM_EXTENSION = "x-token-claim";
  const $ = (id) => document.getElementById(id);
  const uis = [];

  function claimsOf(token) {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function headerSchemes(ui) {
    const schemes = ui.specSelectors.specJson().getIn(["components", "securitySchemes"]);
    if (!schemes) return [];
    return [...schemes.entries()].filter(([, s]) => s.get("type") === "apiKey" && s.get("in") === "header").map(([name]) => name);
  }

  // Path parameters that name a claim (x-token-claim: sub) start out as the signed-in caller's value.
  function fillClaims(ui, claims) {
    const spec = ui.specSelectors.specJson().toJS();
    let changed = false;
    for (const item of Object.values(spec.paths || {})) {
      for (const operation of Object.values(item)) {
        for (const parameter of (operation && operation.parameters) || []) {
          const claim = parameter[CLAIM_EXTENSION];
          if (claim && claims[claim] !== undefined && parameter.example !== claims[claim]) {
            parameter.example = claims[claim];
            changed = true;
          }
        }
      }
    }
    if (changed) ui.specActions.updateJsonSpec(spec);
  }

  function authorize(ui, token) {
    for (const name of headerSchemes(ui)) ui.preauthorizeApiKey(name, token);
    fillClaims(ui, claimsOf(token));
  }

  function showSignedIn(token) {
    const claims = token ? claimsOf(token) : null;
    $("sign-in").hidden = !config.signIn || Boolean(token);
    $("signed-in").hidden = !token;
    $("signed-in-as").textContent = token ? `Signed in as ${claims.email || claims.sub} (sub ${claims.sub})` : "";
  }

  function storedToken() {
    const token = localStorage.getItem(TOKEN_KEY);
    if (token && claimsOf(token).exp * 1000 > Date.now()) return token;
    localStorage.removeItem(TOKEN_KEY);
    return null;
  }

  async function signIn(event) {
    event.preventDefault();
    $("sign-in-error").hidden = true;
    const response = await fetch(config.signIn.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config.signIn.clientId,
        AuthParameters: { USERNAME: $("sign-in-email").value, PASSWORD: $("sign-in-password").value },
      }),
    });
    const result = await response.json();
    const token = result.AuthenticationResult && result.AuthenticationResult.IdToken;
    if (!token) {
      const reason = result.message || `the identity provider asks for ${result.ChallengeName}; answer it with the aws CLI`;
      $("sign-in-error").textContent = `Sign-in failed: ${reason}`;
      $("sign-in-error").hidden = false;
      return;
    }
    localStorage.setItem(TOKEN_KEY, token);
    $("sign-in-password").value = "";
    uis.forEach((ui) => authorize(ui, token));
    showSignedIn(token);
  }

  function signOut() {
    localStorage.removeItem(TOKEN_KEY);
    for (const ui of uis) ui.authActions.logout(headerSchemes(ui));
    showSignedIn(null);
  }

  const apis = $("apis");
  if (config.documents.length === 0) {
    // The directory is a path on the server's disk: text, never markup.
    const empty = document.createElement("p");
    empty.className = "no-documents";
    const command = document.createElement("code");
    command.textContent = "make docs";
    empty.append(`No *.openapi.json in ${config.documentsDirectory}: run `, command, ".");
    apis.appendChild(empty);
  }
  for (const doc of config.documents) {
    const section = document.createElement("section");
    section.className = "api";
    section.dataset.api = doc.name;
    apis.appendChild(section);
    const ui = SwaggerUIBundle({
      url: doc.url,
      domNode: section,
      tryItOutEnabled: true,
      displayOperationId: true,
      defaultModelsExpandDepth: 0,
      onComplete: () => {
        const token = storedToken();
        if (token) authorize(ui, token);
      },
    });
    uis.push(ui);
  }
  if (config.signIn) $("sign-in").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  showSignedIn(storedToken());
})();
