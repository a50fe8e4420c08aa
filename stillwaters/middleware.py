"""Site-wide response headers and the request id that ties log lines together."""

import uuid

from django.conf import settings

from .log import request_id_var


class RequestIdMiddleware:
    """Give each request an id (or keep a trusted proxy's X-Request-ID) for logs and replies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _looks_like_an_id(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _looks_like_an_id(value: str) -> bool:
    return 8 <= len(value) <= 64 and all(ch.isalnum() or ch == "-" for ch in value)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
