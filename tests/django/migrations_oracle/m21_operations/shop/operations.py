from django.db.migrations.operations.base import Operation


class AddTenantSchema(Operation):
    def __init__(self, name):
        self.name = name
