// /docs: Swagger UI over salon's OpenAPI schema (a file, not an inline script: the CSP allows none)
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
});
