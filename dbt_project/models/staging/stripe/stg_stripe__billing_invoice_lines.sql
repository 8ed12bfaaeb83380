{# Stripe invoice lines as billing.invoice_lines. Stripe's line amount is before discounts: the
   contract's discount_amount is the line's own discounts plus its share of the invoice-level ones
   (stg_stripe__invoice_line_discounts), its amount the line after them and before tax. tax_amount is
   the sum of the line's tax amounts (Fivetran's `tax_amount` rows naming the line by its id or
   unique_id); an inclusive tax is inside Stripe's amount, so it is taken out of the contract's
   amount (after discount, before tax), and the unit price is then Stripe's unit_amount_excluding_tax.
   Without tax rows the line's tax is empty and the invoice's `tax` carries it.
   charge_type: a negative line (a proration for unused time, a credit) is a credit; a metered
   price's line is usage; a subscription line, or a recurring price's, is recurring (prorations for
   added time included); any other is one_time. The period is the line's, its end the day before
   Stripe's end instant. The unit price is the price's per-unit amount, else the line's
   unit_amount_excluding_tax. #}
with lines as (

    select * from {{ ref('stg_stripe__invoice_line_item') }}

),

prices as (

    select * from {{ ref('stg_stripe__price_plan') }}

),

discounts as (

    select
        invoice_line_item_id,
        invoice_id,
        case when line_discount_minor is not null or invoice_discount_minor is not null
            then coalesce(line_discount_minor, 0) + coalesce(invoice_discount_minor, 0) end as discount_minor
    from {{ ref('stg_stripe__invoice_line_discounts') }}
    where invoice_line_item_id is not null

),

{# a tax row names its line by the line's id or, where an older API's id is not the permanent one,
   its unique_id #}
tax_keys as (

    {{ stripe_line_keys('lines', 'unique_id') }}

),

line_taxes as (

    select
        tax_keys.invoice_line_item_id,
        tax_keys.invoice_id,
        sum(taxes.amount_minor) as tax_minor,
        sum(case when taxes.is_inclusive then taxes.amount_minor else 0 end) as inclusive_tax_minor
    from tax_keys
    inner join {{ ref('stg_stripe__tax_amount') }} as taxes
        on taxes.taxed_id = tax_keys.line_key
    where taxes.taxed_type in ('invoice_line_item', 'line_item')
    group by tax_keys.invoice_line_item_id, tax_keys.invoice_id

),

priced as (

    select
        lines.*,
        prices.product_code,
        prices.usage_type,
        prices.recurring_interval,
        case when prices.billing_scheme = 'per_unit' then prices.unit_amount_minor end as price_unit_minor,
        {{ stripe_amount('discounts.discount_minor', 'lines.currency') }} as discount_amount,
        {{ stripe_amount('line_taxes.tax_minor', 'lines.currency') }} as tax_amount,
        {{ stripe_amount('line_taxes.inclusive_tax_minor', 'lines.currency') }} as inclusive_tax_amount
    from lines
    left join prices
        on lines.price_id = prices.price_id
    left join discounts
        on lines.invoice_line_item_id = discounts.invoice_line_item_id
        and lines.invoice_id = discounts.invoice_id
    left join line_taxes
        on lines.invoice_line_item_id = line_taxes.invoice_line_item_id
        and lines.invoice_id = line_taxes.invoice_id

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
        case when inclusive_tax_amount <> 0
            then coalesce(unit_amount_excluding_tax, {{ stripe_amount('price_unit_minor', 'currency', scale=6) }})
            else coalesce({{ stripe_amount('price_unit_minor', 'currency', scale=6) }}, unit_amount_excluding_tax)
        end as unit_price,
        discount_amount,
        cast(amount - coalesce(discount_amount, 0) - coalesce(inclusive_tax_amount, 0) as decimal(18, 3)) as amount,
        tax_amount,
        _source_file,
        _line_number
    from priced

)

select * from final
