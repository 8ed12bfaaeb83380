{# Invoice lines, amounts converted from minor units (in the line's currency, else its invoice's).
   `amount` is before discounts, as Stripe states it (the discounts are rows of `discount`), also kept
   in minor units (amount_minor) for spreading invoice-level discounts. `unique_id` is the line's
   permanent `il_` id where `id` is an older API version's invoice item or subscription id. Ids
   starting with `sub_` are temporary ones Stripe replaces with permanent `sli_` ids (as Fivetran's
   package, left out). #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'invoice_line_item'), key=['id', 'invoice_id'], livemode=true) }}

),

invoices as (

    select id as invoice_id, max(currency) as currency from {{ source('stripe', 'invoice') }} group by id

),

with_currency as (

    select current_rows.*, coalesce(current_rows.currency, invoices.currency) as line_currency
    from current_rows
    left join invoices
        on current_rows.invoice_id = invoices.invoice_id
    where substr(current_rows.id, 1, 4) <> 'sub_'

),

final as (

    select
        id as invoice_line_item_id,
        unique_id,
        invoice_id,
        invoice_item_id,
        subscription_id,
        subscription_item_id,
        coalesce(price_id, plan_id) as price_id,
        lower(type) as line_type,
        description,
        line_currency as currency,
        {{ quantity('quantity') }} as quantity,
        {{ stripe_amount('amount', 'line_currency') }} as amount,
        {{ minor_units_decimal('amount') }} as amount_minor,
        {{ stripe_amount('unit_amount_excluding_tax', 'line_currency', scale=6) }} as unit_amount_excluding_tax,
        {{ to_timestamp('period_start') }} as period_start_at,
        {{ to_timestamp('period_end') }} as period_end_at,
        {{ to_boolean('proration') }} as is_proration,
        {{ to_boolean('discountable') }} as is_discountable,
        _source_file,
        _line_number
    from with_currency

)

select * from final
