from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "casework.evaluation"
    label = "evaluation"
    verbose_name = "Évaluation et protection des données"

    def ready(self):
        from casework.evaluation import household_data, panels

        household_data.register_defaults()
        panels.register()
