{# Calendar helpers on top of the dbt cross-database macros, returning DATE. #}

{% macro add_months(date_expression, months) -%}
    cast({{ dbt.dateadd('month', months, date_expression) }} as date)
{%- endmacro %}

{% macro add_days(date_expression, days) -%}
    cast({{ dbt.dateadd('day', days, date_expression) }} as date)
{%- endmacro %}

{# Days from first to last inclusive: a period 2026-04-01..2026-06-30 has 91 days. #}
{% macro days_inclusive(first_date, last_date) -%}
    ({{ dbt.datediff(first_date, last_date, 'day') }} + 1)
{%- endmacro %}

{% macro as_of_date() -%}
    cast('{{ var("as_of") }}' as date)
{%- endmacro %}

{# The integers 0 .. 10^digits - 1 as column `n`, from cross-joined digits: portable where
   generate_series/range and recursive CTEs are not. Use as a CTE body. #}
{% macro integer_spine(digits) -%}
    {%- set powers = range(digits) -%}
    with digit as (
        {% for d in range(10) %}select {{ d }} as d{% if not loop.last %} union all {% endif %}{% endfor %}
    )
    select
        {% for p in powers %}d{{ p }}.d * {{ 10 ** p }}{% if not loop.last %} + {% endif %}{% endfor %} as n
    from {% for p in powers %}digit as d{{ p }}{% if not loop.last %} cross join {% endif %}{% endfor %}
{%- endmacro %}
