"""Response headers Django does not set itself."""

import gzip
import secrets

from django.conf import settings
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from zlib_ng import gzip_ng


class PermissionsPolicyMiddleware:
    """Send `Permissions-Policy`: the site uses no camera, microphone, location or payment APIs, so it
    denies them to itself and to anything embedded, which limits what an injected script could do."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's GZipMiddleware, compressing with zlib-ng at level 5 instead of Python's zlib at 6 (issue 15).

    The same gzip format, from a faster implementation of the same algorithm. On the 71 KB occupation page (stop 25,
    docs/performance.md): Python's zlib took 1.16 ms at level 6 (12.7 KB) and 0.70 ms at level 4 (13.3 KB, this
    middleware's choice until then); zlib-ng at level 5 takes 0.46 ms and sends 12.8 KB, fewer bytes than level 4
    did, for a student on a phone. The BREACH padding is Django's: a random-length file name in the gzip header.
    Streaming responses are Django's own."""

    compress_level = 5

    def process_response(self, request, response):
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip_ng.compress(response.content, compresslevel=self.compress_level, mtime=0)
        header = bytearray(compressed[:10])
        header[3] = gzip.FNAME
        padding = b"a" * secrets.randbelow(self.max_random_bytes) + b"\x00"
        compressed = bytes(header) + padding + compressed[10:]
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
