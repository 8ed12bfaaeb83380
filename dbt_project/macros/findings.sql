{# The exception queue's rows, built from finding drafts: the columns and their order come from
   contract/findings_queue.py (finding_draft_columns and findings_queue_columns, rendered into
   macros/contract.sql). This adds, in one place for every family: the stable exception_id (md5 of
   type | natural key), the account (from the contract or the customer's CRM link when the draft
   has none), the owner, the amount in the reporting currency at the rate of fx_date (or the
   latest before it) and the severity (a draft's null severity: by amount). #}
{% macro findings_queue(drafts, category) -%}

with drafts as (

    {% for draft in drafts -%}
    select {{ finding_draft_columns() | map(attribute=0) | join(', ') }}
    from {{ ref(draft) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

contracts as (

    select contract_id, account_id from {{ ref('stg_crm__contracts') }}

),

customers as (

    select customer_id, crm_account_id from {{ ref('stg_billing__customers') }}

),

accounts as (

    select account_id, owner_email from {{ ref('stg_crm__accounts') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_ranged') }}

),

located as (

    select
        drafts.*,
        coalesce(drafts.account_id, contracts.account_id, customer_accounts.account_id) as resolved_account_id
    from drafts
    left join contracts
        on drafts.contract_id = contracts.contract_id
    left join customers
        on drafts.customer_id = customers.customer_id
    left join accounts as customer_accounts
        on customers.crm_account_id = customer_accounts.account_id

),

converted as (

    select
        located.*,
        accounts.owner_email,
        {{ round_money('cast(located.amount_at_risk as decimal(38, 10)) * fx_rates.rate_to_reporting', "'" ~ var('reporting_currency') ~ "'") }}
            as amount_at_risk_reporting
    from located
    left join accounts
        on located.resolved_account_id = accounts.account_id
    left join fx_rates
        on located.currency = fx_rates.currency
        and {{ fx_rate_applies('located.fx_date', 'fx_rates') }}

),

final as (

    {%- set derived = {
        'exception_id': dbt.hash(dbt.concat(['exception_type', "'|'", 'natural_key'])),
        'category': "'" ~ category ~ "'",
        'severity': 'coalesce(severity, ' ~ severity_by_amount('coalesce(amount_at_risk_reporting, amount_at_risk)') ~ ')',
        'account_id': 'resolved_account_id',
    } %}

    select
        {%- for name, type in findings_queue_columns() %}
        cast({{ derived.get(name, name) }} as {{ queue_type(type) }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from converted

)

select * from final

{%- endmacro %}

{# Severity from the amount at stake in the reporting currency (docs/findings.md). #}
{% macro severity_by_amount(amount) -%}
    case
        when {{ amount }} >= 10000 then 'high'
        when {{ amount }} >= 1000 then 'medium'
        else 'low'
    end
{%- endmacro %}

{# A finding draft's select list (contract/findings_queue.py): each draft names only what it
   knows, as column=expression, or as a bare name for a column it already has under that name;
   every other draft column is a typed empty value. A name that is no draft column stops the
   compile. #}
{% macro finding_draft() -%}
    {%- set known = dict(kwargs) -%}
    {%- for name in varargs -%}{%- do known.update({name: name}) -%}{%- endfor -%}
    {%- set columns = finding_draft_columns() -%}
    {%- set names = columns | map(attribute=0) | list -%}
    {%- for name in known if name not in names -%}
        {{ exceptions.raise_compiler_error("finding_draft: " ~ name ~ " is no draft column (contract/findings_queue.py)") }}
    {%- endfor -%}
    {%- for name, type in columns -%}
        {{ known[name] if name in known else 'cast(null as ' ~ queue_type(type) ~ ')' }} as {{ name }}{{ ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{# The SQL type of a queue column type (contract/findings_queue.py; the timestamps are history's). #}
{% macro queue_type(type) -%}
    {%- if type == 'text' -%}{{ dbt.type_string() }}
    {%- elif type == 'date' -%}date
    {%- elif type == 'money' -%}decimal(18, 3)
    {%- else -%}{{ exceptions.raise_compiler_error("queue_type: no warehouse type for " ~ type) }}
    {%- endif -%}
{%- endmacro %}

{# Text pieces of a details sentence. #}
{% macro text(expression) -%}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '?')
{%- endmacro %}

{% macro period_text(period_start, period_end) -%}
    {{ dbt.concat([text(period_start), "'..'", text(period_end)]) }}
{%- endmacro %}

{% macro money_text(amount, currency) -%}
    coalesce({{ format_money(amount, currency) }}, '?')
{%- endmacro %}

{# Invoice numbers as ERP users type them: compared without case or spaces. #}
{% macro normalized_reference(column) -%}
    nullif(upper({{ dbt.replace('trim(' ~ column ~ ')', "' '", "''") }}), '')
{%- endmacro %}
