"""Signals the cases app sends, for the apps above it to react without being imported.

``case_transitioned`` is sent by every action that goes through the transition table, inside
the transaction that applied it, after the event is appended and the deadlines have moved.
Arguments: ``case`` (the locked case in its new state), ``action`` (an ``Action``), ``actor``
(the staff member, or None when the system acted on a petitioner's answer) and ``event``
(the ``CaseEvent`` just appended). A receiver that raises undoes the whole action; one that
only needs to act after commit uses ``transaction.on_commit``.
"""

from django.dispatch import Signal

case_transitioned = Signal()
