"""What accounts tells the apps above it; they connect in their `ready()`."""

from django.dispatch import Signal

# Sent with `organisation=` inside the transaction that creates it (at sign-up), so that
# what a receiver sets up for it (maturity chooses its model) is saved with it or not at all.
organisation_created = Signal()
