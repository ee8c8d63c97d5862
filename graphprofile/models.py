"""Pydantic records and enums of the account graph; no I/O here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = [
    "Role", "Stance", "SUPPORTIVE", "OPPOSED", "Seniority", "Function", "ColleagueFunction",
    "OpportunityStage", "Polarity",
    "InteractionType", "StrategicClass", "OPEN_STAGES", "OWNER_ROLE", "Record", "Company",
    "Department", "Person", "Influence", "Colleague", "Relationship", "AccountTeamMember",
    "Product", "Deployment", "Opportunity", "RoleAssignment", "Interaction", "RecordSpec",
    "BUNDLE", "SPECS", "AccountSnapshot", "CELLS", "NO_CONTROL", "SPELLINGS", "STORED",
    "ProfileSource", "CONFIRMING_SOURCES", "FieldSource", "PERSONAL_FIELDS",
    "STRUCTURAL_FIELDS", "sensitive_fields", "without_sensitive",
]

# Validation context for records read back from the store: they passed every edge check
# on the way in, so the checks written for raw input (blank cells, extra columns) are
# skipped; types are still converted (dates, enums).
STORED: dict[str, bool] = {"stored": True}
# Validation context for cells whose blanks are already None (the bundle reader's):
# every other check runs.
CELLS: dict[str, bool] = {"blanks_done": True}


def _is_stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


# --- enums ----------------------------------------------------------------------------


def _fold(value: str) -> str:
    """``" C-Level "`` and ``"c level"`` become ``c_level``: case, spaces and hyphens."""
    return "_".join(value.strip().lower().replace("-", " ").replace("_", " ").split())


class _Choice(StrEnum):
    """A string enum that accepts ``"Decision Maker"`` as well as ``decision_maker``, and
    the common spellings in :data:`SPELLINGS` (``"Individual Contributor"`` is ``staff``)."""

    @classmethod
    def _missing_(cls, value: object) -> _Choice | None:
        if isinstance(value, str):
            folded = _fold(value)
            folded = SPELLINGS.get(cls.__name__, {}).get(folded, folded)
            for member in cls:
                if member.value == folded:
                    return member
        return None


class Role(_Choice):
    """A person's part in a purchase (the decision chain)."""

    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    INFLUENCER = "influencer"
    CHAMPION = "champion"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    BLOCKER = "blocker"


class Stance(_Choice):
    """How a role holder leans toward us, on a five-step scale (mentor, supporter,
    neutral, non-supporter, enemy); ``opponent``, the three-step scale's "against us",
    is still accepted and counts as opposed."""

    MENTOR = "mentor"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    NON_SUPPORTER = "non_supporter"
    OPPONENT = "opponent"
    ENEMY = "enemy"


# Stances for us and against us (both scales).
SUPPORTIVE = frozenset({Stance.MENTOR.value, Stance.SUPPORTER.value})
OPPOSED = frozenset({Stance.NON_SUPPORTER.value, Stance.OPPONENT.value, Stance.ENEMY.value})


class Polarity(_Choice):
    """Which way an influence line pulls: ``negative`` is a conflict (the source works
    against the target), which never adds influence or a warm path."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Seniority(_Choice):
    """Level in the customer's hierarchy, most senior first."""

    C_LEVEL = "c_level"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    SENIOR = "senior"
    STAFF = "staff"
    JUNIOR = "junior"


class Function(_Choice):
    """The business function of a department or a person."""

    EXECUTIVE = "executive"
    FINANCE = "finance"
    IT = "it"
    ENGINEERING = "engineering"
    OPERATIONS = "operations"
    SALES = "sales"
    MARKETING = "marketing"
    HR = "hr"
    LEGAL = "legal"
    PROCUREMENT = "procurement"
    CUSTOMER_SERVICE = "customer_service"
    RESEARCH = "research"
    PRODUCT = "product"
    DATA = "data"
    RISK = "risk"
    OTHER = "other"


class ColleagueFunction(_Choice):
    """What one of our own people does; non-sales functions give cross-records."""

    SALES = "sales"
    PRESALES = "presales"
    CUSTOMER_SUCCESS = "customer_success"
    SUPPORT = "support"
    ENGINEERING = "engineering"
    MARKETING = "marketing"
    MANAGEMENT = "management"


class OpportunityStage(_Choice):
    """How far the customer's procurement has progressed."""

    LEAD = "lead"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


OPEN_STAGES = frozenset(
    {OpportunityStage.LEAD, OpportunityStage.QUALIFIED, OpportunityStage.PROPOSAL,
     OpportunityStage.NEGOTIATION}
)

# The account team role of the account's owner on our side (one per account).
OWNER_ROLE = "owner"


class InteractionType(_Choice):
    """Kind of touch point with a customer's person."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    DEMO = "demo"
    WORKSHOP = "workshop"
    EVENT = "event"
    SUPPORT = "support"
    PROPOSAL = "proposal"
    NOTE = "note"


class StrategicClass(_Choice):
    """Where an account sits in our strategy (not a clustering)."""

    LIGHTHOUSE = "lighthouse"
    CASH_COW = "cash_cow"
    DEVELOP = "develop"
    MAINTAIN = "maintain"


class ProfileSource(_Choice):
    """Where the value of a profile field comes from: one of our functions, an interview,
    or a bundle import (a value no one recorded otherwise)."""

    SALES = "sales"
    PRESALES = "presales"
    CUSTOMER_SUCCESS = "customer_success"
    SUPPORT = "support"
    INTERVIEW = "interview"
    IMPORT = "import"


# Sources whose record confirms a value: all but sales, who entered most values (the
# other functions cross-check them, DOMAIN.md), and import, where values came from.
CONFIRMING_SOURCES = frozenset({ProfileSource.PRESALES, ProfileSource.CUSTOMER_SUCCESS,
                                ProfileSource.SUPPORT, ProfileSource.INTERVIEW})


# Other spellings of enum values, folded (see ``_fold``), per enum class: what CRM
# exports and people write for our values.
SPELLINGS: dict[str, dict[str, str]] = {
    "Seniority": {
        "individual_contributor": "staff", "ic": "staff", "professional": "staff",
        "entry_level": "junior", "intern": "junior", "c_suite": "c_level",
        "cxo": "c_level", "executive": "c_level", "vice_president": "vp", "svp": "vp",
        "evp": "vp", "head": "director", "lead": "senior",
    },
    "Role": {
        "coach": "champion", "evaluator": "technical_evaluator", "end_user": "user",
        "business_user": "user", "budget_holder": "economic_buyer",
    },
    "Function": {
        "information_technology": "it", "human_resources": "hr",
        "customer_support": "customer_service",
    },
    "Polarity": {"conflict": "negative", "against": "negative", "support": "positive"},
    "Stance": {"coach": "mentor", "nonsupporter": "non_supporter", "detractor": "non_supporter",
               "against": "opponent", "for": "supporter"},
    "ColleagueFunction": {"pre_sales": "presales"},
    "ProfileSource": {"pre_sales": "presales"},
    "OpportunityStage": {"closed_won": "won", "closed_lost": "lost"},
    "InteractionType": {"e_mail": "email", "phone": "call", "phone_call": "call"},
}


# --- field types ----------------------------------------------------------------------


def _to_date(value: Any) -> Any:
    """ISO dates, ISO date-times (time dropped) and Neo4j dates become ``date``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "to_native"):  # neo4j.time.Date / DateTime
        native = value.to_native()
        return native.date() if isinstance(native, dt.datetime) else native
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            return value
    return value


def _split_list(value: Any) -> Any:
    """``"a;b"`` (the CSV form) becomes ``["a", "b"]``; empty parts are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


# Ids refuse control characters (below U+0020). A pattern of the field, so pydantic-core
# checks it in Rust, cheaper than a model validator in Python (BENCHMARKS.md, fifth
# round). ``$`` ends the text in that regex engine (no newline before it slips by).
NO_CONTROL = r"^[^\x00-\x1f]*$"


@cache
def _enum_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields of ``model`` that hold an enum or a list of enums."""
    def has_enum(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, StrEnum):
            return True
        return any(has_enum(arg) for arg in get_args(annotation))
    return tuple(name for name, field in model.model_fields.items()
                 if has_enum(field.annotation))


Date = Annotated[dt.date, BeforeValidator(_to_date)]
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_CONTROL)]
Name = Annotated[str, Field(min_length=1, max_length=500)]
Text = Annotated[str, Field(max_length=20_000)]
Money = Annotated[float, Field(ge=0)]
Growth = Annotated[float, Field(ge=-1, le=100)]  # a fraction: 0.12 is +12 %
Count = Annotated[int, Field(ge=0)]


class Record(BaseModel):
    """Base of every stored record.

    Empty strings (empty CSV cells) mean "missing"; surrounding blanks are
    stripped. Extra columns are kept as text attributes and exported again.
    """

    model_config = ConfigDict(
        extra="allow", str_strip_whitespace=True, use_enum_values=False,
        validate_assignment=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any, info: ValidationInfo) -> Any:
        # The bundle reader turns blank cells into None itself (CELLS context).
        if isinstance(data, dict) and not (info.context and (
                info.context.get("stored") or info.context.get("blanks_done"))):
            return {
                key: (None if isinstance(value, str) and not value.strip() else value)
                for key, value in data.items()
                if key is not None  # csv.DictReader puts surplus cells under None
            }
        return data

    @model_validator(mode="after")
    def _extras_are_text(self, info: ValidationInfo) -> Record:
        extra = self.__pydantic_extra__
        if extra and not _is_stored(info):
            for key in list(extra):
                value = extra[key]
                if value is None:
                    del extra[key]
                elif not isinstance(value, str):
                    extra[key] = str(value)
                elif len(value) > 20_000:
                    raise ValueError(f"extra column {key!r} is longer than 20000 characters")
        return self

    def to_properties(self, *, given_only: bool = False) -> dict[str, Any]:
        """Plain values for a Neo4j map parameter (enums as strings, dates native): what
        ``model_dump()`` gives for these flat records, read straight from the model's own
        dicts (the import calls this once per row). ``given_only`` leaves out missing
        values and empty lists."""
        props = {**self.__dict__, **(self.__pydantic_extra__ or {})}
        if given_only:
            props = {k: v for k, v in props.items() if v is not None and v != []}
        for key in _enum_fields(type(self)):
            value = props.get(key)
            if isinstance(value, StrEnum):
                props[key] = value.value
            elif isinstance(value, list):
                props[key] = [v.value if isinstance(v, StrEnum) else v for v in value]
        return props


# --- records, one per bundle file -----------------------------------------------------


class Company(Record):
    """An account (or a company someone used to work at)."""

    id: Id
    name: Name
    industry: Name
    segment: Text | None = None
    region: Text | None = None
    hq: Text | None = None
    employees: Count | None = None
    revenue: float | None = None
    profit: float | None = None
    valuation: Money | None = None
    revenue_growth: Growth | None = None
    employee_growth: Growth | None = None
    industry_rank: Annotated[int, Field(ge=1)] | None = None
    stage: Text | None = None
    culture: Text | None = None
    strategy: Text | None = None
    overview: Text | None = None
    industry_chain_position: Text | None = None
    problems: Text | None = None
    previous_solution: Text | None = None
    parent_id: Id | None = None
    strategic_class: StrategicClass | None = None
    lead_source: Text | None = None
    lead_date: Date | None = None
    lead_reliability: Text | None = None
    last_verified: Date | None = None

    @model_validator(mode="after")
    def _not_own_parent(self) -> Company:
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError("parent_id: a company cannot be its own parent")
        return self


class Department(Record):
    """A unit of a company; ``parent_id`` nests departments."""

    id: Id
    company_id: Id
    name: Name
    function: Function
    parent_id: Id | None = None
    headcount: Count | None = None
    headcount_growth: Growth | None = None


class Person(Record):
    """A person at a customer: professional and (sensitive) personal profile."""

    id: Id
    company_id: Id
    name: Name
    department_id: Id | None = None
    title: Text | None = None
    seniority: Seniority | None = None
    reports_to: Id | None = None
    function: Function | None = None
    email: Text | None = None
    phone: Text | None = None
    kpis: Text | None = None
    goals: Text | None = None
    pains: Text | None = None
    buying_power: Text | None = None
    personality: Text | None = None
    hobbies: Text | None = None
    years_experience: Annotated[int, Field(ge=0, le=80)] | None = None
    age_band: Text | None = None
    preferred_channel: Text | None = None
    situation: Text | None = None
    last_verified: Date | None = None
    previous_company_ids: Annotated[list[Id], BeforeValidator(_split_list)] = Field(
        default_factory=list)
    # Secondary (dotted-line) managers at the same company; the formal tree stays
    # ``reports_to``.
    dotted_line_to: Annotated[list[Id], BeforeValidator(_split_list)] = Field(
        default_factory=list)
    # A known-unknown seat ("the CFO, name unknown"): drawn as an empty box, never
    # counted as a contact. Empty means False.
    placeholder: bool | None = None

    @model_validator(mode="after")
    def _not_own_manager(self) -> Person:
        if self.reports_to is not None and self.reports_to == self.id:
            raise ValueError("reports_to: a person cannot report to themselves")
        if self.id in self.dotted_line_to:
            raise ValueError("dotted_line_to: a person cannot have a dotted line to "
                             "themselves")
        return self


# A person's personal attributes: sensitive (the methodology: handled with care), shown
# only to editors and admins and left out of exports unless asked for.
PERSONAL_FIELDS = ("personality", "hobbies", "age_band", "situation")
# What the org chart, the analytics and the lines between records read: never hidden.
STRUCTURAL_FIELDS = frozenset({
    "id", "company_id", "name", "department_id", "reports_to", "title", "seniority",
    "function", "last_verified", "previous_company_ids", "dotted_line_to", "placeholder"})


def sensitive_fields(configured: str = "") -> frozenset[str]:
    """The sensitive person fields: :data:`PERSONAL_FIELDS` and those ``configured``
    names (comma-separated; a field of :class:`Person` or an extra column's name).

    >>> sorted(sensitive_fields(" kpis, years_experience,"))
    ['age_band', 'hobbies', 'kpis', 'personality', 'situation', 'years_experience']
    >>> sensitive_fields("title")
    Traceback (most recent call last):
    ...
    ValueError: the org chart and the analytics read these, so they cannot be sensitive: title
    """
    extra = {name.strip() for name in configured.split(",") if name.strip()}
    fixed = sorted(extra & STRUCTURAL_FIELDS)
    if fixed:
        raise ValueError("the org chart and the analytics read these, so they cannot be "
                         f"sensitive: {', '.join(fixed)}")
    return frozenset(PERSONAL_FIELDS) | extra


def without_sensitive(properties: Mapping[str, Any],
                      fields: Collection[str]) -> dict[str, Any]:
    """A person's ``properties`` without the ``fields``: what someone who may not see
    them is given.

    >>> without_sensitive({"name": "Ingrid", "hobbies": "chess"}, PERSONAL_FIELDS)
    {'name': 'Ingrid'}
    """
    return {key: value for key, value in properties.items() if key not in fields}


class Influence(Record):
    """An informal line: the source influences the target's decisions."""

    source_id: Id
    target_id: Id
    strength: Annotated[float, Field(ge=0, le=1)] = 0.5
    kind: Text | None = None
    note: Text | None = None
    # Empty means positive; negative makes the line a conflict.
    polarity: Polarity | None = None

    @model_validator(mode="after")
    def _not_self(self) -> Influence:
        if self.source_id == self.target_id:
            raise ValueError("target_id: a person cannot influence themselves")
        return self


class Colleague(Record):
    """One of our own people."""

    id: Id
    name: Name
    function: ColleagueFunction
    manager_id: Id | None = None
    email: Text | None = None
    active: bool = True


class AccountTeamMember(Record):
    """One of our colleagues on an account's team (the account owner among them), in a
    role such as ``owner``, ``Account Manager`` or ``Sales Engineer``.

    An account has one owner (:data:`OWNER_ROLE`, in any case): a bundle names at most
    one, and a newer one replaces the stored one.
    """

    company_id: Id
    colleague_id: Id
    role: Name = "member"

    @field_validator("role")
    @classmethod
    def _owner_spelled_once(cls, value: str) -> str:
        return OWNER_ROLE if value.lower() == OWNER_ROLE else value


class Relationship(Record):
    """How well one of our colleagues knows a customer's person (1 weak … 5 strong)."""

    colleague_id: Id
    person_id: Id
    strength: Annotated[int, Field(ge=1, le=5)]
    since: Date | None = None
    last_contact: Date | None = None
    source: Text | None = None
    # The level we aim for (1-5); current → target is the relationship's gap.
    target_strength: Annotated[int, Field(ge=1, le=5)] | None = None


class Product(Record):
    """An entry of our catalogue; its category also names competitors' products."""

    id: Id
    name: Name
    category: Name
    target_function: Annotated[list[Function], BeforeValidator(_split_list)] = Field(
        default_factory=list)


class Deployment(Record):
    """A product of a category installed in a department, ours or a competitor's."""

    department_id: Id
    product_id: Id
    vendor: Name = "ours"
    status: Text | None = "active"
    since: Date | None = None
    annual_value: Money | None = None
    licences: Count | None = None

    @property
    def ours(self) -> bool:
        return self.vendor.strip().lower() == "ours"


class Opportunity(Record):
    """A deal in progress or closed."""

    id: Id
    company_id: Id
    name: Name
    stage: OpportunityStage
    department_id: Id | None = None
    product_id: Id | None = None
    amount: Money | None = None
    created: Date | None = None
    expected_close: Date | None = None
    closed: Date | None = None
    lead_source: Text | None = None
    lead_reliability: Text | None = None
    owner_id: Id | None = None

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class RoleAssignment(Record):
    """A buying role of a person, for one opportunity or account-wide (no opportunity)."""

    person_id: Id
    role: Role
    opportunity_id: Id | None = None
    stance: Stance = Stance.NEUTRAL
    note: Text | None = None


class Interaction(Record):
    """A touch point: who on our side met whom, when, how."""

    id: Id
    date: Date
    colleague_id: Id
    person_id: Id
    type: InteractionType
    opportunity_id: Id | None = None
    summary: Text | None = None


# --- the bundle -----------------------------------------------------------------------


class RecordSpec(NamedTuple):
    """One bundle file: its name, record model and the columns that identify a row."""

    name: str
    model: type[Record]
    key: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)


# In write order: every file refers only to files before it (or to itself).
BUNDLE: tuple[RecordSpec, ...] = (
    RecordSpec("companies", Company, ("id",)),
    RecordSpec("departments", Department, ("id",)),
    RecordSpec("people", Person, ("id",)),
    RecordSpec("influence", Influence, ("source_id", "target_id")),
    RecordSpec("colleagues", Colleague, ("id",)),
    RecordSpec("relationships", Relationship, ("colleague_id", "person_id")),
    RecordSpec("account_team", AccountTeamMember, ("company_id", "colleague_id", "role")),
    RecordSpec("products", Product, ("id",)),
    RecordSpec("deployments", Deployment, ("department_id", "product_id", "vendor")),
    RecordSpec("opportunities", Opportunity, ("id",)),
    RecordSpec("roles", RoleAssignment, ("person_id", "role", "opportunity_id")),
    RecordSpec("interactions", Interaction, ("id",)),
)
SPECS: dict[str, RecordSpec] = {spec.name: spec for spec in BUNDLE}


class FieldSource(Record):
    """Where one profile field of a company or person got its value: an interview answer
    or a confirmation, with its source and date. ``current`` is False once the field holds
    another value than the one recorded (a later import or edit changed it)."""

    target: Literal["company", "person"]
    target_id: Id
    field: Name
    source: ProfileSource
    kind: Literal["answer", "confirmation"]
    date: Date
    current: bool = True


class AccountSnapshot(BaseModel):
    """Everything the per-account questions need, loaded in one go by the store.

    ``colleagues`` holds the colleagues who appear in this account's relationships,
    interactions or opportunities; ``products`` is the whole (small) catalogue;
    ``field_sources`` the answers and confirmations recorded for the company and its
    people (without the values).
    """

    company: Company
    departments: list[Department] = []
    people: list[Person] = []
    influence: list[Influence] = []
    colleagues: list[Colleague] = []
    relationships: list[Relationship] = []
    account_team: list[AccountTeamMember] = []
    products: list[Product] = []
    deployments: list[Deployment] = []
    opportunities: list[Opportunity] = []
    roles: list[RoleAssignment] = []
    interactions: list[Interaction] = []
    field_sources: list[FieldSource] = []
