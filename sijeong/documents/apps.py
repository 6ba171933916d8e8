from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sijeong.documents"
    label = "documents"
    verbose_name = "문서 가져오기"
