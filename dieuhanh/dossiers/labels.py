"""The names of the dossier counts in the interface's language.

The core (``dieuhanh.core.index766``) names every count in Vietnamese, the words of the
decision and the reports. The interface needs them in English too: the msgids below are
English and their Vietnamese translations are exactly the core's names (a test checks
that they never drift apart), so a Vietnamese screen reads as before.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dieuhanh.core import index766

COUNT_TITLES = {
    "received": _("Number of dossiers received"),
    "received_online": _("Number of dossiers received online"),
    "received_direct": _("Number of dossiers received in person"),
    "received_postal": _("Number of dossiers received by public postal service"),
    "resolved": _("Number of dossiers resolved"),
    "resolved_on_time": _("Number of dossiers resolved early or on time"),
    "resolved_late": _("Number of dossiers resolved late"),
    "in_progress": _("Number of dossiers in progress"),
    "in_progress_in_time": _("Number of dossiers in progress, within the time limit"),
    "in_progress_overdue": _("Number of dossiers in progress, overdue"),
    "paid_online": _("Number of dossiers paid online"),
    "fee_dossiers": _("Number of dossiers of procedures with fees or charges"),
    "digitised": _("Number of dossiers with digitised components"),
    "electronic_result": _("Number of dossiers with an electronic result"),
    "procedures_with_dossiers": _("Number of procedures that had dossiers"),
    "procedures_online": _("Number of procedures offered as online public services"),
    "procedures_online_with_online_dossiers": _(
        "Number of online public services that had online dossiers"
    ),
    "feedback_received": _("Number of feedback items received"),
    "feedback_processed": _("Number of feedback items processed"),
    "feedback_in_progress": _("Number of feedback items in progress"),
    "feedback_rejected": _("Number of feedback items rejected"),
}

# Counts the core names that have no English title yet show the core's Vietnamese name.
CORE_NAMES = {
    **index766.DOSSIER_COUNTS,
    **index766.PROCEDURE_COUNTS,
    **index766.FEEDBACK_COUNTS,
    **index766.REPORTED_COUNTS,
    **index766.SUPPLEMENTARY_COUNTS,
    "in_progress": "Số hồ sơ đang giải quyết",
}


def count_title(name: str) -> str:
    """A count's name in the interface's language ("" for an unknown name)."""
    title = COUNT_TITLES.get(name)
    return str(title) if title is not None else CORE_NAMES.get(name, "")


def count_titles() -> dict[str, str]:
    """Every count's name in the interface's language."""
    return {name: count_title(name) for name in CORE_NAMES}
