{# The exception queue's columns, built from finding drafts. Every draft model has the columns
   exception_type, natural_key, account_id, customer_id, contract_id, invoice_id, erp_invoice_id,
   transaction_id, bank_txn_id, period_start, period_end, amount_at_risk, currency, fx_date,
   severity (null: by amount) and details (with has_stage also a dunning stage). This adds, in
   one place for every family: the stable
   exception_id (md5 of type | natural key), the account (from the contract or the customer's CRM
   link when the draft has none), the owner, the amount in the reporting currency at the rate of
   fx_date (or the latest before it) and the severity. #}
{% macro findings_queue(drafts, category, has_stage=false) -%}

with drafts as (

    {% for draft in drafts -%}
    select
        exception_type, natural_key, account_id, customer_id, contract_id, invoice_id,
        erp_invoice_id, transaction_id, bank_txn_id, period_start, period_end,
        amount_at_risk, currency, fx_date, severity, details,
        {% if has_stage %}stage{% else %}cast(null as {{ dbt.type_string() }}) as stage{% endif %}
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
        and located.fx_date >= fx_rates.valid_from
        and (fx_rates.valid_until is null or located.fx_date < fx_rates.valid_until)

),

final as (

    select
        {{ dbt.hash(dbt.concat(['exception_type', "'|'", 'natural_key'])) }} as exception_id,
        cast(exception_type as {{ dbt.type_string() }}) as exception_type,
        cast('{{ category }}' as {{ dbt.type_string() }}) as category,
        cast(coalesce(severity, {{ severity_by_amount('coalesce(amount_at_risk_reporting, amount_at_risk)') }})
            as {{ dbt.type_string() }}) as severity,
        cast(resolved_account_id as {{ dbt.type_string() }}) as account_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(contract_id as {{ dbt.type_string() }}) as contract_id,
        cast(invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(erp_invoice_id as {{ dbt.type_string() }}) as erp_invoice_id,
        cast(transaction_id as {{ dbt.type_string() }}) as transaction_id,
        cast(bank_txn_id as {{ dbt.type_string() }}) as bank_txn_id,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(amount_at_risk as decimal(18, 3)) as amount_at_risk,
        cast(currency as {{ dbt.type_string() }}) as currency,
        cast(amount_at_risk_reporting as decimal(18, 3)) as amount_at_risk_reporting,
        cast(owner_email as {{ dbt.type_string() }}) as owner_email,
        cast(details as {{ dbt.type_string() }}) as details
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

{# A typed empty value for the draft columns a finding type does not use. #}
{% macro no_value(type='string') -%}
    {%- if type == 'date' -%}cast(null as date)
    {%- elif type == 'money' -%}cast(null as decimal(18, 3))
    {%- else -%}cast(null as {{ dbt.type_string() }})
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
