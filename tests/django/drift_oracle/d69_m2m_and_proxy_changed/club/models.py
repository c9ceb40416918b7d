from django.db import models


class Tag(models.Model):
    label = models.SlugField()


class Group(models.Model):
    name = models.CharField(max_length=60)
    tags = models.ManyToManyField(Tag, related_name='club_groups', db_table='club_group_tag')


class BigGroup(Group):
    class Meta:
        proxy = True
        ordering = ['-name']
        verbose_name = 'big group'
