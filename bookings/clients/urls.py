from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.visits, name="visits"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("link/<str:token>/", views.link, name="link"),
    path("people/add/", views.add_person, name="add_person"),
    path("people/<int:person_id>/health/", views.update_health, name="update_health"),
    path("people/<int:person_id>/record-request/", views.request_record, name="request_record"),
    path("receipts/<int:receipt_id>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("people/<int:person_id>/correction/", views.ask_correction, name="ask_correction"),
    path("corrections/<int:correction_id>/disagree/", views.disagree, name="disagree"),
    path("people/<int:person_id>/lock-box/", views.lock_item, name="lock_item"),
    path("lock-box/<int:instruction_id>/withdraw/", views.unlock_item, name="unlock_item"),
    path("records/<int:request_id>.pdf", views.record_package, name="record_package"),
]
