app_name = "duo_api"
urlpatterns: list = []
