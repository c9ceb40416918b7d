from django.db import models


class Deal(models.Model):
    lead = models.ForeignKey('crm.Lead', on_delete=models.CASCADE)
