{# Staging casts from the raw layer's validated text. Raw values are plain decimal strings, so a
   direct text -> DECIMAL cast is exact (never through DOUBLE). #}

{% macro money(column) -%}
    cast({{ column }} as decimal(18, 3))
{%- endmacro %}

{% macro unit_price(column) -%}
    cast({{ column }} as decimal(18, 6))
{%- endmacro %}

{% macro quantity(column) -%}
    cast({{ column }} as decimal(18, 4))
{%- endmacro %}

{# discount_pct (0-100) is a quantity-like decimal: four decimals is finer than any contract. #}
{% macro percentage(column) -%}
    cast({{ column }} as decimal(18, 4))
{%- endmacro %}

{% macro rate(column) -%}
    cast({{ column }} as decimal(18, 8))
{%- endmacro %}

{% macro to_date(column) -%}
    cast({{ column }} as date)
{%- endmacro %}

{% macro to_timestamp(column) -%}
    cast({{ column }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro to_boolean(column) -%}
    cast({{ column }} as {{ dbt.type_boolean() }})
{%- endmacro %}

{% macro to_integer(column) -%}
    cast({{ column }} as {{ dbt.type_int() }})
{%- endmacro %}
