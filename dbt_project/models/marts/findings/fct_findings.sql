{# This run's findings: every family's queue rows (leakage, sync, tax, data quality, cash
   application, collections) with the contract's queue columns. Lifecycle across runs (status,
   first_seen_at, last_seen_at) is kept by the findings asset in history.exceptions. #}

{%- set families = [
    'int_findings_leakage',
    'int_findings_sync',
    'int_findings_tax',
    'int_findings_data_quality',
    'int_findings_cash_application',
    'int_findings_collections',
] -%}
{%- set columns = [
    'exception_id', 'exception_type', 'category', 'severity', 'account_id', 'customer_id',
    'contract_id', 'invoice_id', 'erp_invoice_id', 'transaction_id', 'bank_txn_id', 'period_start',
    'period_end', 'stage', 'amount_at_risk', 'currency', 'amount_at_risk_reporting', 'owner_email',
    'details',
] -%}

with
{% for family in families %}
{{ family }} as (

    select * from {{ ref(family) }}

),
{% endfor %}

final as (

    {% for family in families -%}
    select {{ columns | join(', ') }} from {{ family }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
