{# Half-up (away from zero) rounding to the currency's minor unit. round() with a constant
   number of digits stays DECIMAL on DuckDB and Spark, so the branches are literal; each branch is
   cast on its own because DuckDB unifies decimal(38,0) and decimal(38,2) branches to scale 0. The
   result is the warehouse money type, decimal(18,3). #}
{# Multiply wide: DuckDB keeps the width of the widest factor (decimal(18,3) x decimal(18,8) is
   decimal(18,11) and overflows above 10 million), so cast a factor to decimal(38, 10) first. #}
{% macro round_money(amount, currency) -%}
    case {{ currency_minor_units(currency) }}
        when 0 then cast(round({{ amount }}, 0) as decimal(18, 3))
        when 3 then cast(round({{ amount }}, 3) as decimal(18, 3))
        else cast(round({{ amount }}, 2) as decimal(18, 3))
    end
{%- endmacro %}

{# The size of one minor unit (0.01 USD, 1 JPY): the tolerance of a money comparison per line. #}
{% macro one_minor_unit(currency) -%}
    cast(case {{ currency_minor_units(currency) }}
        when 0 then 1
        when 3 then 0.001
        else 0.01
    end as decimal(18, 3))
{%- endmacro %}

{# Money formatted for a details sentence: thousands separators and the currency's decimals,
   e.g. 30,000.00 or 1,500 (JPY). #}
{% macro format_money(amount, currency) -%}
    {{ return(adapter.dispatch('format_money')(amount, currency)) }}
{%- endmacro %}

{% macro default__format_money(amount, currency) -%}
    case {{ currency_minor_units(currency) }}
        when 0 then format_number(cast({{ amount }} as decimal(18, 0)), 0)
        when 3 then format_number(cast({{ amount }} as decimal(18, 3)), 3)
        else format_number(cast({{ amount }} as decimal(18, 2)), 2)
    end
{%- endmacro %}

{% macro duckdb__format_money(amount, currency) -%}
    case {{ currency_minor_units(currency) }}
        when 0 then format('{:,.0f}', cast({{ amount }} as decimal(18, 0)))
        when 3 then format('{:,.3f}', cast({{ amount }} as decimal(18, 3)))
        else format('{:,.2f}', cast({{ amount }} as decimal(18, 2)))
    end
{%- endmacro %}

{# Exact decimal division. DuckDB turns DECIMAL / anything into DOUBLE, so there the quotient is
   taken on integers (numerator scaled by 10^18, denominator by 10^6, so a denominator with up to 6
   decimals is exact) and truncated at 12 decimals: truncating beyond the 3rd decimal never changes
   a later half-up rounding to a minor unit. Spark divides decimals exactly. #}
{% macro decimal_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('decimal_divide')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__decimal_divide(numerator, denominator) -%}
    cast(cast({{ numerator }} as decimal(38, 12)) / {{ denominator }} as decimal(38, 12))
{%- endmacro %}

{% macro duckdb__decimal_divide(numerator, denominator) -%}
    (cast(
        sign(cast({{ numerator }} as decimal(38, 12))) * sign({{ denominator }})
        * (abs(cast(cast({{ numerator }} as decimal(38, 12)) * 1000000000000 as hugeint) * 1000000)
           // abs(cast(cast({{ denominator }} as decimal(38, 6)) * 1000000 as hugeint)))
        as decimal(38, 0)) * cast(0.000000000001 as decimal(13, 12)))
{%- endmacro %}

{# A whole-number share rounded down: floor(amount x weight / total) for amounts in minor units
   (Stripe's integers), exactly and without overflow: on DuckDB in HUGEINT (its decimal
   arithmetic tops out at 38 digits including the scale, 10^14 x 10^12 in decimal_divide). #}
{% macro floor_share(amount, weight, total) -%}
    {{ return(adapter.dispatch('floor_share')(amount, weight, total)) }}
{%- endmacro %}

{% macro default__floor_share(amount, weight, total) -%}
    floor(cast({{ amount }} as decimal(38, 0)) * cast({{ weight }} as decimal(38, 0)) / cast({{ total }} as decimal(38, 0)))
{%- endmacro %}

{% macro duckdb__floor_share(amount, weight, total) -%}
    (cast({{ amount }} as hugeint) * cast({{ weight }} as hugeint) // cast({{ total }} as hugeint))
{%- endmacro %}

{# Whether the FX rate `rates` (a row of int_fx_rates_ranged) applies at `date_expression`: from
   valid_from until the day before valid_until, the latest rate of a currency open-ended. In
   comparisons only: `valid_until is null or ...` in its join condition sent DuckDB to a nested
   loop join (27k invoices: 0.17 s of int_invoices_joined's 0.19 s; 0.02 s this way). A date past
   9999-12-31 (a timestamp can be: 'infinity') compares as 9999-12-31, which every rate's bounds,
   dates of the contract, treat alike, and the open end is that date, which Spark's dates end on. #}
{% macro fx_rate_applies(date_expression, rates) -%}
    {%- set day = "least(" ~ date_expression ~ ", cast('9999-12-31' as date))" -%}
    {{ day }} >= {{ rates }}.valid_from
    and {{ day }} <= coalesce({{ add_days(rates ~ '.valid_until', -1) }}, cast('9999-12-31' as date))
{%- endmacro %}
