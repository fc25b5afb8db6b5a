license = {
    "gnu_agpl_v3+": {
        "name": "GNU AGPL v3.0+",
        "fullname": "GNU Affero General Public License v3.0 or later",
        "trove_classifier": "GNU Affero General Public License v3 or later (AGPLv3+)",
    },
    "gnu_agpl_v3": {
        "name": "GNU AGPL v3.0",
        "fullname": "GNU Affero General Public License v3.0",
        "trove_classifier": "GNU Affero General Public License v3",
    },
    "gnu_gpl_v3+": {
        "name": "GNU GPL v3.0+",
        "fullname": "GNU General Public License v3.0 or later",
        "trove_classifier": "GNU General Public License v3 or later (GPLv3+)",
    },
    "gnu_gpl_v3": {
        "name": "GNU GPL v3.0",
