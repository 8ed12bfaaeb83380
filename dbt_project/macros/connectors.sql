{# Reading a connector's raw tables (contract/connectors.py; docs/connectors.md). #}

{# The current rows of a connector table: per key the latest version (history mode: the active
   one, then the latest _fivetran_start; any table: the latest sync, then the later file and line),
   and only then are deleted records left out (_fivetran_deleted, the source's own is_deleted), so a
   deletion is never undone by an older version. Stripe's test-mode rows (livemode false) are left
   out unless the stripe_include_test_mode setting keeps them. #}
{% macro connector_current_rows(relation, key=['id'], soft_delete=false, livemode=false) -%}
    select * from (
        select
            *,
            row_number() over (
                partition by {{ key | join(', ') }}
                order by
                    case when {{ to_boolean('_fivetran_active') }} = false then 0 else 1 end desc,
                    _fivetran_start desc nulls last,
                    _fivetran_synced desc nulls last,
                    _source_file desc,
                    _line_number desc
            ) as _version_rank
        from {{ relation }}
    ) as versions
    where _version_rank = 1
        and coalesce({{ to_boolean('_fivetran_active') }}, true)
        and not coalesce({{ to_boolean('_fivetran_deleted') }}, false)
        {%- if soft_delete %}
        and not coalesce({{ to_boolean('is_deleted') }}, false)
        {%- endif %}
        {%- if livemode and not var('stripe_include_test_mode') %}
        and coalesce({{ to_boolean('livemode') }}, true)
        {%- endif %}
{%- endmacro %}

{# An amount in Stripe's minor units as money of its currency (zero- and three-decimal currencies
   as Stripe counts them: macros/contract.sql). Multiplied, never divided: exact decimals. #}
{% macro stripe_amount(amount, currency, scale=3) -%}
    {{ return(adapter.dispatch('stripe_amount')(amount, currency, scale)) }}
{%- endmacro %}

{% macro stripe_unit_factor(currency) -%}
    case {{ stripe_minor_units(currency) }} when 0 then 1 when 3 then 0.001 else 0.01 end
{%- endmacro %}

{% macro default__stripe_amount(amount, currency, scale) -%}
    cast({{ minor_units_decimal(amount) }} * {{ stripe_unit_factor(currency) }} as decimal(18, {{ scale }}))
{%- endmacro %}

{# The common case converted from decimal(18, 6): minor_units_decimal is a decimal(38) for every
   row, and converting that to decimal(18) cost 15 times the rest (0.12 s CPU per amount column of
   50k Stripe lines, duckdb 1.5). The fallback is minor_units_decimal itself, not the text cast
   again: DuckDB computes an expression a model repeats once for every row, before any coalesce,
   so a second spelling of the slow cast would run on every row. #}
{% macro duckdb__stripe_amount(amount, currency, scale) -%}
    coalesce(
        cast({{ duckdb__minor_units_narrow(amount) }} * {{ stripe_unit_factor(currency) }} as decimal(18, {{ scale }})),
        cast({{ duckdb__minor_units_decimal(amount) }} * {{ stripe_unit_factor(currency) }} as decimal(18, {{ scale }})))
{%- endmacro %}

{# A key per Stripe line and each id other rows name it by: its own id and `other_id` (a discount
   names its invoice item; a tax amount may name its unique_id). Joined on equality (an `in (a, b)`
   join condition is a nested loop: 20 s at 50k lines), each naming row counts once per line. #}
{% macro stripe_line_keys(lines, other_id) -%}
    select invoice_line_item_id, invoice_id, invoice_line_item_id as line_key from {{ lines }}
    union
    select invoice_line_item_id, invoice_id, {{ other_id }} from {{ lines }} where {{ other_id }} is not null
{%- endmacro %}

{# Stripe ends a period at the instant the next one starts (a January line ends 2025-02-01
   00:00:00): the contract's inclusive end is the day before, and never before the start's day (a
   one-off item's period starts and ends at the same instant). #}
{% macro stripe_period_end(start_at, end_at) -%}
    case
        when {{ end_at }} is null then null
        when {{ start_at }} is null or cast({{ end_at }} as date) > cast({{ start_at }} as date)
            then {{ add_days('cast(' ~ end_at ~ ' as date)', -1) }}
        else cast({{ end_at }} as date)
    end
{%- endmacro %}

{# The text under `key` in a JSON object column (Stripe's metadata); NULL when the column is not a
   JSON object or has no such key. The key is a setting, checked to be a plain word
   (orchestration/settings.py). #}
{% macro metadata_value(column, key) -%}
    {{ return(adapter.dispatch('metadata_value')(column, key)) }}
{%- endmacro %}

{% macro default__metadata_value(column, key) -%}
    nullif(trim(get_json_object({{ column }}, '$.{{ key }}')), '')
{%- endmacro %}

{% macro duckdb__metadata_value(column, key) -%}
    nullif(trim(case when json_valid({{ column }}) and json_type({{ column }}) = 'OBJECT'
                     then json_extract_string({{ column }}, '$."{{ key }}"') end), '')
{%- endmacro %}

{# Whether the connector of an adapter model (stg_<connector>__...) holds rows: a pipeline run
   passes the connectors whose raw tables hold rows in connectors_in_use and leaves the models of the
   others out of its build (orchestration/defs/transform/connectors_in_use.py); a build by hand reads
   every connector. Models read an adapter model only through the macros below, which call this. #}
{% macro connector_in_use(model) -%}
    {{ return(model.split('__')[0][4:] in var('connectors_in_use')) }}
{%- endmacro %}

{# A contract staging model's rows: its own (its CTE `contract_rows`) and those the adapters of the
   connectors in use that replace its folder map into its columns. Ingestion guarantees that only
   one side has rows (a connector folder beside the folder it replaces stops the run). #}
{% macro with_adapter_rows(adapter_models) -%}
    select * from contract_rows
    {%- for model in adapter_models if connector_in_use(model) %}
    union all
    select * from {{ ref(model) }}
    {%- endfor %}
{%- endmacro %}

{# The rows the CRM adapters in use cannot map (source_file, reason, line_number); none, with those
   columns, when no such connector is in use. #}
{% macro adapter_reject_rows(reject_models) -%}
    select
        cast(null as {{ dbt.type_string() }}) as source_file,
        cast(null as {{ dbt.type_string() }}) as reason,
        cast(null as {{ dbt.type_bigint() }}) as line_number
    from (select 1 as one) as no_adapter
    where 1 = 0
    {%- for model in reject_models if connector_in_use(model) %}
    union all
    select source_file, reason, line_number from {{ ref(model) }}
    {%- endfor %}
{%- endmacro %}

{# An amount in minor units (text or decimal) as decimal(38, 12), exactly. DuckDB parses text into
   a decimal wider than 18 digits about 500 times slower than into one of 18 (3.5 s for 50k Stripe
   lines, duckdb 1.5): text with at most 6 decimals is read as decimal(18, 6) when it fits, the
   rest as decimal(38, 12). #}
{% macro minor_units_decimal(value) -%}
    {{ return(adapter.dispatch('minor_units_decimal')(value)) }}
{%- endmacro %}

{% macro default__minor_units_decimal(value) -%}
    cast({{ value }} as decimal(38, 12))
{%- endmacro %}

{% macro duckdb__minor_units_decimal(value) -%}
    coalesce({{ duckdb__minor_units_narrow(value) }}, cast({{ value }} as decimal(38, 12)))
{%- endmacro %}

{# The value as decimal(18, 6) when it has at most 6 decimals and fits, else null. #}
{% macro duckdb__minor_units_narrow(value) -%}
    case when length(split_part(cast({{ value }} as varchar), '.', 2)) <= 6
        then try_cast(cast({{ value }} as varchar) as decimal(18, 6)) end
{%- endmacro %}
