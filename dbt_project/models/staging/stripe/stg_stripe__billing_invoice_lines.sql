{# Stripe invoice lines as billing.invoice_lines. Stripe's line amount is before discounts; the
   discounts are rows of `discount` naming the line (its invoice item, or for a subscription line
   the line itself): the contract's amount is the line's after them, its discount_amount their sum.
   charge_type: a negative line (a proration for unused time, a credit) is a credit; a metered
   price's line is usage; a subscription line, or a recurring price's, is recurring (prorations for
   added time included); any other is one_time. The period is the line's, its end the day before
   Stripe's end instant. The unit price is the price's per-unit amount, else the line's
   unit_amount_excluding_tax. Tax is on the invoice (Stripe's per-line tax amounts are not read). #}
with lines as (

    select * from {{ ref('stg_stripe__invoice_line_item') }}

),

prices as (

    select * from {{ ref('stg_stripe__price_plan') }}

),

{# A discount names its line by the line's invoice item, or (a subscription line) by the line's own
   id: one key per line and name, joined on equality (an `in (a, b)` join condition is a nested
   loop: 20 s at 50k lines), each discount counted once per line. #}
line_keys as (

    select invoice_line_item_id, invoice_id, invoice_line_item_id as discount_key from lines
    union
    select invoice_line_item_id, invoice_id, invoice_item_id from lines where invoice_item_id is not null

),

line_discounts as (

    select
        line_keys.invoice_line_item_id,
        line_keys.invoice_id,
        sum(discounts.amount_minor) as discount_minor
    from line_keys
    inner join {{ ref('stg_stripe__discount') }} as discounts
        on discounts.invoice_item_id = line_keys.discount_key
        and coalesce(discounts.invoice_id, line_keys.invoice_id) = line_keys.invoice_id
    group by line_keys.invoice_line_item_id, line_keys.invoice_id

),

priced as (

    select
        lines.*,
        prices.product_code,
        prices.usage_type,
        prices.recurring_interval,
        case when prices.billing_scheme = 'per_unit' then prices.unit_amount_minor end as price_unit_minor,
        {{ stripe_amount('line_discounts.discount_minor', 'lines.currency') }} as discount_amount
    from lines
    left join prices
        on lines.price_id = prices.price_id
    left join line_discounts
        on lines.invoice_line_item_id = line_discounts.invoice_line_item_id
        and lines.invoice_id = line_discounts.invoice_id

),

final as (

    select
        {# Stripe's line ids are unique per invoice (Fivetran keys lines by id and invoice) #}
        case when count(*) over (partition by invoice_line_item_id) > 1
            then invoice_id || '/' || invoice_line_item_id else invoice_line_item_id
        end as invoice_line_id,
        invoice_id,
        product_code,
        case
            when amount < 0 then 'credit'
            when usage_type = 'metered' then 'usage'
            when line_type = 'subscription' or recurring_interval is not null then 'recurring'
            else 'one_time'
        end as charge_type,
        cast(period_start_at as date) as period_start,
        {{ stripe_period_end('period_start_at', 'period_end_at') }} as period_end,
        quantity,
        coalesce({{ stripe_amount('price_unit_minor', 'currency', scale=6) }}, unit_amount_excluding_tax)
            as unit_price,
        discount_amount,
        cast(amount - coalesce(discount_amount, 0) as decimal(18, 3)) as amount,
        cast(null as decimal(18, 3)) as tax_amount,
        _source_file,
        _line_number
    from priced

)

select * from final
