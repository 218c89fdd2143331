from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _device_changed(sender, instance, **kwargs) -> None:
    """A two-factor device saved (each code checked saves it) or deleted (two-factor sign-in
    switched off, or reset by an administrator): the sessions it verified must see it at once.
    django-otp's models are not ours to give a save() of our own, hence the signal."""
    from accounts.middleware import forget_cached_device

    forget_cached_device(instance.persistent_id)


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
                post_save.connect(
                    _device_changed, sender=model, dispatch_uid=f"iqm-otp-saved-{model._meta.label}"
                )
                post_delete.connect(
                    _device_changed, sender=model, dispatch_uid=f"iqm-otp-deleted-{model._meta.label}"
                )
