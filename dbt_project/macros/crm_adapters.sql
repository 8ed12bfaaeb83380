{# The CRM adapters (Salesforce, HubSpot; docs/connectors.md): values read from the fields a setting
   names, and the contract's crm tables resolved from them the same way for both. #}

{# The text of a custom field: the setting `<connector>_fields` names the column for a contract
   value (docs/connectors.md); a column billops does not declare is kept in the row's _extra. #}
{% macro crm_field(connector, name, extra='_extra') -%}
    {{ metadata_value(extra, var(connector ~ '_fields')[name]) }}
{%- endmacro %}

{# The contract values a deal's custom fields may hold (the rest: segment on the account, charge_type
   on the line). #}
{% macro crm_deal_fields() -%}
    {{ return(['billing_frequency', 'payment_terms_days', 'auto_renew', 'po_number', 'renewed_from',
               'start_date', 'end_date', 'status']) }}
{%- endmacro %}

{# A deal's custom fields as field_<value>, read from its row (staging) or passed on (`relation`). #}
{% macro crm_deal_field_columns(connector=none, relation=none) -%}
    {%- for name in crm_deal_fields() %}
    {% if relation %}{{ relation }}.field_{{ name }}{% else %}{{ crm_field(connector, name) }} as field_{{ name }}{% endif %},
    {%- endfor %}
{%- endmacro %}

{# A date from text: an ISO date or timestamp (Salesforce's 2026-01-31, HubSpot's
   2026-01-31T00:00:00Z); NULL when it is neither. #}
{% macro text_date(expression) -%}
    coalesce({{ try_cast_text(expression, 'date') }},
             cast({{ try_cast_text(expression, dbt.type_timestamp()) }} as date))
{%- endmacro %}

{# A billing frequency as the CRMs write it (Salesforce CPQ's Monthly/Quarterly/Semiannual/Annual,
   HubSpot's recurringbillingfrequency monthly/quarterly/per_six_months/annually, and the usual
   spellings) as the contract's; NULL for anything else (weekly, biweekly, per_two_years, ...). #}
{% macro crm_billing_frequency(expression) -%}
    case {{ alphanumeric_upper(expression) }}
        when 'MONTHLY' then 'monthly' when 'MONTH' then 'monthly'
        when 'QUARTERLY' then 'quarterly' when 'QUARTER' then 'quarterly'
        when 'SEMIANNUAL' then 'semiannual' when 'SEMIANNUALLY' then 'semiannual'
        when 'PERSIXMONTHS' then 'semiannual' when 'HALFYEARLY' then 'semiannual'
        when 'ANNUAL' then 'annual' when 'ANNUALLY' then 'annual' when 'YEARLY' then 'annual'
        when 'YEAR' then 'annual'
    end
{%- endmacro %}

{# Payment terms as days: `30`, `Net 30`, `NET30`, `30 days` -> 30; `Due on receipt` -> 0; NULL
   when the text holds no number. #}
{% macro crm_payment_terms_days(expression) -%}
    case
        when {{ alphanumeric_upper(expression) }} in ('DUEONRECEIPT', 'DUEUPONRECEIPT', 'IMMEDIATE') then 0
        else {{ try_cast_text("nullif(regexp_extract(" ~ expression ~ ", '([0-9]+)', 1), '')", dbt.type_int()) }}
    end
{%- endmacro %}

{# A boolean field (true/false, yes/no, 1/0, a checkbox's true); NULL for anything else. #}
{% macro crm_boolean(expression) -%}
    case when lower(trim({{ expression }})) in ('true', 'yes', '1', 't', 'y') then true
         when lower(trim({{ expression }})) in ('false', 'no', '0', 'f', 'n') then false end
{%- endmacro %}

{# The contract's segment from a field (SMB, Mid-Market, mid_market, Enterprise, Strategic). #}
{% macro crm_segment(expression) -%}
    case {{ alphanumeric_upper(expression) }}
        when 'SMB' then 'smb' when 'MIDMARKET' then 'mid_market' when 'ENTERPRISE' then 'enterprise'
        when 'STRATEGIC' then 'strategic'
    end
{%- endmacro %}

{# A contract status field: Active/Activated, Expired, Cancelled/Canceled/Terminated. #}
{% macro crm_status(expression) -%}
    case {{ alphanumeric_upper(expression) }}
        when 'ACTIVE' then 'active' when 'ACTIVATED' then 'active' when 'EXPIRED' then 'expired'
        when 'CANCELLED' then 'cancelled' when 'CANCELED' then 'cancelled' when 'TERMINATED' then 'cancelled'
    end
{%- endmacro %}

{# A line's charge type: Salesforce CPQ's Recurring/Usage/One-Time and the contract's names. #}
{% macro crm_charge_type(expression) -%}
    case {{ alphanumeric_upper(expression) }}
        when 'RECURRING' then 'recurring' when 'USAGE' then 'usage' when 'ONETIME' then 'one_time'
    end
{%- endmacro %}

{# The reason a CRM contract or line the adapter cannot map is left out (NULL when it maps): each
   check is (condition, reason); the reasons are listed in the order given, joined by '; '. #}
{% macro crm_reject_reason(checks) -%}
    nullif(concat_ws('; '
    {%- for condition, reason in checks %},
        case when {{ condition }} then {{ reason }} end
    {%- endfor %}), '')
{%- endmacro %}

{# crm.contracts from a CRM's won deals. `candidates` has per contract: contract_id, account_id,
   contract_type (mapped), renewed_from, currency, signed_at, the custom fields' text
   (field_billing_frequency, field_payment_terms_days, field_auto_renew, field_po_number,
   field_start_date, field_end_date, field_status) and the connector's own fallbacks
   (fallback_billing_frequency, fallback_start_date, fallback_end_date, term_months). A field's value
   wins over the fallback, then the settings' defaults; the end, when nothing gives one, is the start
   plus the term (else crm_term_months) less one day (inclusive). A contract whose required value
   is missing or whose field holds a value the contract does not know gets _reject_reason (the row
   is left out of crm.contracts and reported as a data-quality finding, as the contract layout
   quarantines such a row). #}
{% macro crm_contracts_resolved(candidates) -%}
    with mapped as (

        select
            *,
            {{ crm_billing_frequency('field_billing_frequency') }} as mapped_billing_frequency,
            {{ crm_payment_terms_days('field_payment_terms_days') }} as mapped_payment_terms_days,
            {{ crm_boolean('field_auto_renew') }} as mapped_auto_renew,
            {{ text_date('field_start_date') }} as mapped_start_date,
            {{ text_date('field_end_date') }} as mapped_end_date,
            {{ crm_status('field_status') }} as mapped_status
        from {{ candidates }}

    ),

    dated as (

        select
            *,
            coalesce(mapped_billing_frequency, fallback_billing_frequency,
                     nullif('{{ var("crm_billing_frequency") }}', '')) as resolved_billing_frequency,
            coalesce(mapped_start_date, fallback_start_date) as resolved_start_date
        from mapped

    ),

    ended as (

        select
            *,
            coalesce(mapped_end_date, fallback_end_date,
                     {{ add_days(add_months('resolved_start_date', 'coalesce(term_months, ' ~ var('crm_term_months') ~ ')'), -1) }})
                as resolved_end_date
        from dated

    ),

    final as (

        select
            contract_id,
            account_id,
            contract_type,
            renewed_from,
            resolved_start_date as start_date,
            resolved_end_date as end_date,
            upper(currency) as currency,
            resolved_billing_frequency as billing_frequency,
            coalesce(mapped_payment_terms_days, {{ var('crm_payment_terms_days') }}) as payment_terms_days,
            coalesce(mapped_auto_renew, false) as auto_renew,
            field_po_number as po_number,
            {# no status field: active. Judging it against as_of would rebuild every CRM model each day,
               and downstream only tells cancelled apart (an ended contract's periods stop at its end). #}
            coalesce(mapped_status, 'active') as status,
            signed_at,
            {{ crm_reject_reason([
                ("account_id is null", "'account_id: required value is empty'"),
                ("field_billing_frequency is not null and mapped_billing_frequency is null",
                 "'billing_frequency: unknown value ''' || field_billing_frequency || ''''"),
                ("resolved_billing_frequency is null and field_billing_frequency is null",
                 "'billing_frequency: no field, product or default gives one'"),
                ("resolved_start_date is null", "'start_date: required value is empty'"),
                ("field_start_date is not null and mapped_start_date is null", "'start_date: not a date'"),
                ("field_end_date is not null and mapped_end_date is null", "'end_date: not a date'"),
                ("field_status is not null and mapped_status is null",
                 "'status: unknown value ''' || field_status || ''''"),
                ("field_payment_terms_days is not null and mapped_payment_terms_days is null",
                 "'payment_terms_days: no number of days in ''' || field_payment_terms_days || ''''"),
                ("field_auto_renew is not null and mapped_auto_renew is null", "'auto_renew: not a boolean'"),
                ("not " ~ is_currency_code('currency'), "'currency: not a valid currency'"),
            ]) }} as _reject_reason,
            _source_file,
            _line_number
        from ended

    )

    select * from final
{%- endmacro %}

{# crm.contract_lines from a CRM's deal lines. `candidates` has contract_line_id, contract_id,
   product_code, quantity, unit_price, discount_pct, field_charge_type (the custom field's text)
   and fallback_charge_type (mapped); the charge type defaults to recurring. `checks` are the
   connector's own (condition, reason) pairs, listed first. #}
{% macro crm_contract_lines_resolved(candidates, checks=[]) -%}
    select
        contract_line_id,
        contract_id,
        product_code,
        coalesce({{ crm_charge_type('field_charge_type') }}, fallback_charge_type, 'recurring') as charge_type,
        quantity,
        unit_price,
        coalesce(discount_pct, 0) as discount_pct,
        {{ crm_reject_reason(checks + [
            ("product_code is null", "'product_code: required value is empty'"),
            ("field_charge_type is not null and " ~ crm_charge_type('field_charge_type') ~ " is null",
             "'charge_type: unknown value ''' || field_charge_type || ''''"),
            ("discount_pct > 100", "'discount_pct: more than 100'"),
        ]) }} as _reject_reason,
        _source_file,
        _line_number
    from {{ candidates }}
{%- endmacro %}

{# A three-letter currency code (any case); false when empty. #}
{% macro is_currency_code(column) -%}
    {{ return(adapter.dispatch('is_currency_code')(column)) }}
{%- endmacro %}

{% macro default__is_currency_code(column) -%}
    coalesce(upper({{ column }}) rlike '^[A-Z]{3}$', false)
{%- endmacro %}

{% macro duckdb__is_currency_code(column) -%}
    coalesce(regexp_full_match(upper({{ column }}), '[A-Z]{3}'), false)
{%- endmacro %}

{# The rows of a resolved model that map, in the contract table's columns. #}
{% macro crm_rows_that_map(resolved, columns) -%}
    select {{ columns | join(', ') }}, _source_file, _line_number
    from {{ ref(resolved) }}
    where _reject_reason is null
{%- endmacro %}

{# The rows of resolved models left out, with the reason (data-quality findings). #}
{% macro crm_rows_left_out(resolved_models) -%}
    {%- for resolved in resolved_models %}
    select _source_file as source_file, _line_number as line_number, _reject_reason as reason
    from {{ ref(resolved) }}
    where _reject_reason is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{# A cast that gives NULL for text that is not of the type (dbt's safe_cast is a plain cast on
   DuckDB). Spark's cast already gives NULL outside ANSI mode. #}
{% macro try_cast_text(expression, type) -%}
    {{ return(adapter.dispatch('try_cast_text')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast_text(expression, type) -%}
    cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro duckdb__try_cast_text(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}
