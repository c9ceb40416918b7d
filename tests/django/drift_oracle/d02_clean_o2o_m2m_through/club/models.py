from django.db import models


class Person(models.Model):
    user = models.OneToOneField('auth.User', on_delete=models.CASCADE, primary_key=True)
    nickname = models.CharField(max_length=30, blank=True)


class Tag(models.Model):
    label = models.SlugField()


class Group(models.Model):
    name = models.CharField(max_length=60)
    members = models.ManyToManyField(Person, through='Membership', related_name='groups')
    tags = models.ManyToManyField(Tag, blank=True)
    peers = models.ManyToManyField('self', symmetrical=False, db_table='club_group_peer')


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    joined = models.DateField()
