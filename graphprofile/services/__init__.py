"""Use cases: the one layer that pairs a write with its consequences (the stored
summaries it outdates, the audit entry) and answers questions from what a store holds.

Every function takes the store (and settings) as parameters, so the CLI, the web app
and the tests call the same code. Modules: :mod:`.analysis` (questions about accounts),
:mod:`.editing` (the forms' writes), :mod:`.imports` (bundles in and out),
:mod:`.privacy` (erasure), :mod:`.users` (web users) and :mod:`.audit_log` (who did what).
"""

from graphprofile.services.analysis import (
    account_graph_of,
    account_ids,
    account_report,
    account_snapshot,
    audit,
    colleagues,
    company_names,
    compute_summaries,
    gaps,
    influence,
    owner_company,
    parse_as_of,
    peer_stats,
    person_company,
    products,
    rep_risk,
    stats,
    warm_paths,
    whitespace,
)
from graphprofile.services.editing import (
    parse_record,
    person_version,
    record_interaction,
    record_relationship,
    remove_role,
    save_person,
    set_role,
)
from graphprofile.services.imports import (
    DEMO_DAY,
    MAX_UPLOAD,
    ImportResult,
    export_bundle,
    import_bundle,
    import_checked,
    import_demo,
    import_upload,
    validate_bundle,
)

__all__ = [
    "DEMO_DAY", "MAX_UPLOAD", "ImportResult", "account_graph_of", "account_ids", "account_report",
    "account_snapshot", "audit", "colleagues", "company_names", "compute_summaries",
    "export_bundle", "gaps", "import_bundle", "import_checked", "import_demo", "import_upload",
    "influence", "owner_company",
    "parse_as_of", "parse_record", "peer_stats", "person_company", "person_version",
    "products", "rep_risk", "record_interaction", "record_relationship", "remove_role",
    "save_person", "set_role", "stats", "validate_bundle", "warm_paths", "whitespace",
]
