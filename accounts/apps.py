from django.apps import AppConfig
from django.db.models.signals import post_init, post_save


def _device_loaded(sender, instance, **kwargs) -> None:
    """Remember whom a device counted for as it was read, so that its save can tell a device
    that has just become one (created confirmed, or confirmed at the end of enrolment) from
    the saves each code check makes. Read from __dict__: a deferred field must not cost a query."""
    fields = instance.__dict__
    counted = instance.pk is not None and fields.get("confirmed")
    instance._iqm_confirmed_for = fields.get("user_id") if counted else None


def _device_saved(sender, instance, **kwargs) -> None:
    """A device that has just become confirmed for a user signs out their other sessions
    (User.two_factor_stamp). django-otp's models are not ours to give a save() of our own, and
    devices are added in the admin too, hence the signal. (pagecache.invalidation clears a saved
    or deleted device from the shared cache.)"""
    from accounts.models import User

    if instance.confirmed and getattr(instance, "_iqm_confirmed_for", None) != instance.user_id:
        User.objects.filter(pk=instance.user_id).note_new_two_factor_device()
        if instance._state.fields_cache.get("user") is not None:
            # The user object the device was made with (an admin form's, a script's) stays
            # usable: signing it in again must not be refused for an old stamp.
            instance.user.refresh_from_db(fields=["two_factor_stamp"])
    instance._iqm_confirmed_for = instance.user_id if instance.confirmed else None


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.apps import apps
        from django_otp.models import Device

        # Each kind of device by name: a receiver for every model would cost every save a call
        # and take away Django's fast deletes.
        for model in apps.get_models():
            if issubclass(model, Device):
                label = model._meta.label
                post_init.connect(_device_loaded, sender=model, dispatch_uid=f"iqm-otp-loaded-{label}")
                post_save.connect(_device_saved, sender=model, dispatch_uid=f"iqm-otp-saved-{label}")
