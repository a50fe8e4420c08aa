"""The hello-world page bench/http_pages.py measures every page against (settings.BENCH_HELLO)."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


# Exempt so that a POST without a form token is answered too: the reference for the booking POST.
@csrf_exempt
def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")
