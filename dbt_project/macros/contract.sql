{# Generated from contract/ by `make dbt-manifest` (python -m contract.render_dbt): do not edit. #}

{# fct_findings' columns in order, as [name, type] #}
{% macro findings_queue_columns() -%}
    {{ return([
        ['exception_id', 'text'],
        ['exception_type', 'text'],
        ['category', 'text'],
        ['severity', 'text'],
        ['account_id', 'text'],
        ['customer_id', 'text'],
        ['contract_id', 'text'],
        ['invoice_id', 'text'],
        ['erp_invoice_id', 'text'],
        ['transaction_id', 'text'],
        ['bank_txn_id', 'text'],
        ['period_start', 'date'],
        ['period_end', 'date'],
        ['stage', 'text'],
        ['amount_at_risk', 'money'],
        ['currency', 'text'],
        ['amount_at_risk_reporting', 'money'],
        ['owner_email', 'text'],
        ['details', 'text'],
    ]) }}
{%- endmacro %}

{# A finding draft's columns (what findings_queue reads), as [name, type] #}
{% macro finding_draft_columns() -%}
    {{ return([
        ['exception_type', 'text'],
        ['severity', 'text'],
        ['account_id', 'text'],
        ['customer_id', 'text'],
        ['contract_id', 'text'],
        ['invoice_id', 'text'],
        ['erp_invoice_id', 'text'],
        ['transaction_id', 'text'],
        ['bank_txn_id', 'text'],
        ['period_start', 'date'],
        ['period_end', 'date'],
        ['stage', 'text'],
        ['amount_at_risk', 'money'],
        ['currency', 'text'],
        ['details', 'text'],
        ['natural_key', 'text'],
        ['fx_date', 'date'],
    ]) }}
{%- endmacro %}

{# ISO 4217 minor units (contract/money.py): 2 unless listed. #}
{% macro currency_minor_units(currency) -%}
    case
        when upper({{ currency }}) in ('JPY', 'KRW', 'VND', 'CLP', 'ISK', 'XOF', 'XAF', 'UGX', 'PYG', 'RWF', 'KMF', 'GNF', 'DJF', 'VUV', 'XPF') then 0
        when upper({{ currency }}) in ('BHD', 'KWD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD') then 3
        else 2
    end
{%- endmacro %}

{# Decimals of Stripe's minor units (contract/connectors/): ISO 4217's but for Stripe's exceptions. #}
{% macro stripe_minor_units(currency) -%}
    case
        when upper({{ currency }}) in ('JPY', 'KRW', 'VND', 'CLP', 'XOF', 'XAF', 'PYG', 'RWF', 'KMF', 'GNF', 'DJF', 'VUV', 'XPF', 'BIF', 'MGA') then 0
        when upper({{ currency }}) in ('BHD', 'KWD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD') then 3
        else 2
    end
{%- endmacro %}

{# Months in one billing period of a frequency (contract/tables.py). #}
{% macro months_per_period(billing_frequency) -%}
    case {{ billing_frequency }}
        when 'monthly' then 1
        when 'quarterly' then 3
        when 'semiannual' then 6
        when 'annual' then 12
    end
{%- endmacro %}
