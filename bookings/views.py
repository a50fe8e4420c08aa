from django.http import HttpResponse


def start(request):
    return HttpResponse("Booking opens soon.")


def manage(request, token):
    return HttpResponse("")
