from django.db import models


class Country(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=50)

    class Meta:
        managed = False
        db_table = 'countries'
        indexes = [models.Index(fields=['name'], name='country_name_idx')]
