{# Reference text as tokens: upper-case runs of letters and digits, one row per token (used in a
   select list). DuckDB's regexp_replace needs the 'g' flag to replace every match; Spark's
   replaces every match always. #}
{% macro split_to_rows(expression, separator_pattern) -%}
    {{ return(adapter.dispatch('split_to_rows')(expression, separator_pattern)) }}
{%- endmacro %}

{% macro default__split_to_rows(expression, separator_pattern) -%}
    explode(split({{ expression }}, '{{ separator_pattern }}'))
{%- endmacro %}

{% macro duckdb__split_to_rows(expression, separator_pattern) -%}
    unnest(regexp_split_to_array({{ expression }}, '{{ separator_pattern }}'))
{%- endmacro %}

{# A document number as its upper-case letters and digits: 'inv# 0c35-0006' -> 'INV0C350006'. #}
{% macro alphanumeric_upper(expression) -%}
    {{ return(adapter.dispatch('alphanumeric_upper')(expression)) }}
{%- endmacro %}

{% macro default__alphanumeric_upper(expression) -%}
    regexp_replace(upper({{ expression }}), '[^A-Z0-9]', '')
{%- endmacro %}

{% macro duckdb__alphanumeric_upper(expression) -%}
    regexp_replace(upper({{ expression }}), '[^A-Z0-9]', '', 'g')
{%- endmacro %}
