"""Every operation of the JSON API, as the OpenAPI document must list it."""

API_OPERATIONS = {
    ("POST", "/api/session"),
    ("DELETE", "/api/session"),
    ("GET", "/api/interpellations"),
    ("GET", "/api/interpellations/{year}/{slug}"),
    ("GET", "/api/interpellations/{year}/{slug}/history"),
    ("GET", "/api/interpellations/{year}/{slug}/diff"),
    ("POST", "/api/interpellations/{year}/{slug}/comments"),
    ("POST", "/api/interpellations/{year}/{slug}/comments/{comment}/resolve"),
    ("POST", "/api/interpellations/{year}/{slug}/submit"),
    ("POST", "/api/interpellations/{year}/{slug}/signatures"),
    ("DELETE", "/api/interpellations/{year}/{slug}/signatures/me"),
    ("POST", "/api/interpellations/{year}/{slug}/objections"),
    ("POST", "/api/interpellations/{year}/{slug}/objections/{objection}/answers"),
    ("POST", "/api/interpellations/{year}/{slug}/objections/{objection}/withdraw"),
    ("POST", "/api/interpellations/{year}/{slug}/decisions"),
    ("POST", "/api/interpellations/{year}/{slug}/withdraw"),
}
